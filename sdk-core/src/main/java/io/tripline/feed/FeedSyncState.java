package io.tripline.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The mutable state of one feed of a {@link FeedSync}; guarded by the sync's monitor. */
final class FeedSyncState {

  /** One feed's configuration, as built. */
  record Config(Feed feed, Duration interval, @Nullable Duration maxAge, FeedSync.StalePolicy policy) {
    Config {
      Objects.requireNonNull(feed, "feed");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(policy, "policy");
    }
  }

  final Config config;
  @Nullable String cursor;
  @Nullable Instant lastSuccess;
  boolean restored;
  int lastApplied;
  long totalSkipped;
  @Nullable String lastError;
  int consecutiveFailures;

  FeedSyncState(Config config) {
    this.config = config;
  }
}
