/**
 * The reference clearinghouse of {@code clearinghouse-protocol.md}: platforms file reports here,
 * each routed by the rule packs' jurisdiction data, and confirmed hashes come back to every
 * platform through signed indicator feeds.
 *
 * <p>{@link io.tripline.clearinghouse.ClearinghouseServer} is the server (Jetty 12: report intake,
 * status and retraction under {@code /v1/reports}, the receipt-signing keys under
 * {@code /v1/keys}); {@link io.tripline.clearinghouse.ClearinghouseMain} its command line, with the
 * operator's {@code platforms} and {@code credentials} commands over
 * {@link io.tripline.clearinghouse.Accounts}. {@link io.tripline.clearinghouse.SigningKey} is the
 * Ed25519 key whose signatures the SDK verifies; {@link io.tripline.clearinghouse.Scope} what a
 * credential may do. The servlets, the store and the problem bodies are package-private.
 */
@NullMarked
package io.tripline.clearinghouse;

import org.jspecify.annotations.NullMarked;
