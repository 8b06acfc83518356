/**
 * The clearinghouse's shared feeds (protocol, Feeds and Opinions). {@link
 * io.tripline.clearinghouse.feed.FeedStore} keeps the feeds, their indicators, an append-only
 * change log and, server-side only, which report of which platform supports each indicator.
 * {@link io.tripline.clearinghouse.feed.FeedPublisher} turns a human-reviewed report of a
 * shareable category into indicators (digests only), withdraws them on retraction, and counts
 * platforms' opinions. {@link io.tripline.clearinghouse.feed.FeedsServlet} serves the signed pages
 * ({@link io.tripline.clearinghouse.feed.FeedSigner}) and {@link
 * io.tripline.clearinghouse.feed.OpinionsServlet} takes opinions; the server core authenticates
 * the caller and sets {@link io.tripline.clearinghouse.feed.FeedApi#PLATFORM_ATTRIBUTE}.
 */
@NullMarked
package io.tripline.clearinghouse.feed;

import org.jspecify.annotations.NullMarked;
