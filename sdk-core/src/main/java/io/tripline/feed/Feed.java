package io.tripline.feed;

import org.jspecify.annotations.Nullable;

/**
 * A source of indicator changes: the clearinghouse's delta feed, a local file, or a platform's
 * own. Pulled by the feed sync on its own thread, never on the upload path.
 */
public interface Feed {

  /** The feed's id, as indicators name it. */
  String id();

  /**
   * Pulls the changes after {@code cursor} ({@code null}: from the start, a full sync). Blocking
   * I/O is allowed. Everything in the returned page has been verified; nothing is applied if this
   * throws.
   *
   * @throws FeedException if the feed cannot be pulled or what it sent is refused
   */
  FeedPage pull(@Nullable String cursor);
}
