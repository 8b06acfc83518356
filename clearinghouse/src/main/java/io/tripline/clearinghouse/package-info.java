/**
 * The reference clearinghouse of {@code clearinghouse-protocol.md}: platforms file reports here,
 * each routed by the rule packs' jurisdiction data, and confirmed hashes come back to every
 * platform through signed indicator feeds.
 */
@NullMarked
package io.tripline.clearinghouse;

import org.jspecify.annotations.NullMarked;
