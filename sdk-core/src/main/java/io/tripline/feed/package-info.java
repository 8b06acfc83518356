/**
 * Indicator feeds, pulled beside the upload path, never on it. A {@link io.tripline.feed.Feed}
 * gives verified {@link io.tripline.feed.FeedPage pages} of changes:
 * {@link io.tripline.feed.ClearinghouseFeed} pulls the clearinghouse's delta feed over HTTPS
 * (every page's Ed25519 signature checked against pinned keys before it is parsed; retries with
 * backoff; 304, 410 full resync); {@link io.tripline.feed.CsvFeed},
 * {@link io.tripline.feed.TermListFeed} and {@link io.tripline.feed.NdjsonFeed} read hash lists,
 * term lists and files of protocol changes kept as local files (read atomically, a bad line
 * refuses the whole file). {@link io.tripline.feed.FeedSync} pulls each feed on its own interval
 * on a background thread (and a local file soon after it changes), applies pages to the running
 * {@code Tripline} in batches, writes the snapshot file after each run, serves the last snapshot
 * at once after a restart, and reports per feed status and staleness. A refused or failed pull
 * changes nothing: the snapshot in use stays in use.
 */
@NullMarked
package io.tripline.feed;

import org.jspecify.annotations.NullMarked;
