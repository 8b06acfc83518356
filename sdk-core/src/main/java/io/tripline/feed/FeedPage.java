package io.tripline.feed;

import io.tripline.index.IndicatorChanges;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One batch of changes pulled from a feed, already verified (signature, parse) and ready to apply.
 *
 * @param feed the feed's id
 * @param changes the upserts and deletes, in the feed's order
 * @param cursor where the next pull resumes; {@code null} when the feed has none (a local file)
 * @param more whether the feed has more changes ready now (pull again at once)
 * @param replacesAll whether these changes are the feed's whole content (a full resync, or a
 *     local file read again): indicators of this feed not in it are to be deleted
 * @param skipped entries of an otherwise valid page that were malformed and left out
 */
public record FeedPage(String feed, IndicatorChanges changes, @Nullable String cursor, boolean more,
    boolean replacesAll, int skipped) {

  public FeedPage {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(changes, "changes");
    if (skipped < 0) {
      throw new IllegalArgumentException("skipped must be >= 0, was " + skipped);
    }
  }
}
