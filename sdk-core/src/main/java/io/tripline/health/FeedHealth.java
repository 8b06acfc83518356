package io.tripline.health;

import io.tripline.feed.FeedSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feeds' check: per feed its age, failures and staleness. Never a feed's last error, which
 * may quote what a feed server answered.
 */
final class FeedHealth implements HealthCheck {
  /**
   * Failed runs in a row after which a feed needs a person even if it has no max age (or is not
   * stale yet): its indicators are still served, but nothing new arrives.
   */
  static final int FAILURES_BEFORE_DEGRADED = 3;

  private final FeedSync sync;

  FeedHealth(FeedSync sync) {
    this.sync = sync;
  }

  @Override
  public CheckResult check() {
    List<FeedSync.Status> statuses = sync.status();
    boolean failClosed = sync.mustFailClosed();
    List<String> stale = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    List<String> keepFailing = new ArrayList<>();
    List<Map<String, Object>> feeds = new ArrayList<>();
    for (FeedSync.Status s : statuses) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("feed", s.feedId());
      Duration age = s.age();
      if (age != null) {
        f.put("ageSeconds", Math.max(0, age.toSeconds()));
      }
      f.put("stale", s.stale());
      f.put("consecutiveFailures", s.consecutiveFailures());
      f.put("lastApplied", s.lastApplied());
      f.put("skipped", s.totalSkipped());
      feeds.add(f);
      if (s.stale()) {
        stale.add(s.feedId());
      }
      if (s.consecutiveFailures() > 0) {
        failing.add(s.feedId());
      }
      if (s.consecutiveFailures() >= FAILURES_BEFORE_DEGRADED) {
        keepFailing.add(s.feedId());
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("failClosed", failClosed);
    details.put("stale", stale);
    details.put("failing", failing);
    details.put("feeds", feeds);

    if (failClosed) {
      return CheckResult.down(
          "indicators too old: inspections fail closed"
              + (stale.isEmpty() ? "" : " (stale: " + String.join(", ", stale) + ")"),
          details);
    }
    if (!stale.isEmpty()) {
      return CheckResult.degraded(
          "stale feeds, their indicators still served: " + String.join(", ", stale), details);
    }
    if (!keepFailing.isEmpty()) {
      return CheckResult.degraded("feeds failing " + FAILURES_BEFORE_DEGRADED + " or more runs in a row, their"
          + " indicators still served: " + String.join(", ", keepFailing), details);
    }
    String summary = statuses.size() + (statuses.size() == 1 ? " feed current" : " feeds current");
    if (!failing.isEmpty()) {
      summary += "; last run failed: " + String.join(", ", failing);
    }
    return CheckResult.up(summary, details);
  }
}
