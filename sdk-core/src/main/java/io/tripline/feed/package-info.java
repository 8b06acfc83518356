/**
 * Indicator feeds. {@link io.tripline.feed.NdjsonFeed} reads a local feed file: one change per
 * line, in the shape of the clearinghouse protocol's {@code changes} entries.
 */
@NullMarked
package io.tripline.feed;

import org.jspecify.annotations.NullMarked;
