package io.tripline.clearinghouse.feed;

import java.util.List;
import java.util.Objects;

/**
 * One page of a feed's changes after a cursor.
 *
 * @param feed the feed's id
 * @param changes in log order
 * @param next the cursor to resume from (the same cursor when nothing was new)
 * @param more whether more changes are ready now
 */
public record ChangesPage(String feed, List<FeedChange> changes, String next, boolean more) {
  public ChangesPage {
    Objects.requireNonNull(feed, "feed");
    changes = List.copyOf(changes);
    Objects.requireNonNull(next, "next");
  }
}
