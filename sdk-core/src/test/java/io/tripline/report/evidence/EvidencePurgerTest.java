package io.tripline.report.evidence;

import static io.tripline.report.evidence.EvidenceFixtures.BASIS;
import static io.tripline.report.evidence.EvidenceFixtures.REPORT;
import static io.tripline.report.evidence.EvidenceFixtures.YEAR;
import static io.tripline.report.evidence.EvidenceFixtures.content;
import static io.tripline.report.evidence.EvidenceFixtures.keys1;
import static io.tripline.report.evidence.EvidenceFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidencePurgerTest {

  /** Captures what is scheduled instead of running it; the test runs it by hand. */
  static final class CapturingScheduler extends ScheduledThreadPoolExecutor {
    @Nullable Runnable task;
    long initialDelay = -1;
    long periodMillis = -1;
    @Nullable ScheduledFuture<?> future;

    CapturingScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      this.task = command;
      this.initialDelay = unit.toMillis(initialDelay);
      this.periodMillis = unit.toMillis(period);
      this.future = super.scheduleAtFixedRate(() -> { }, 365, 365, TimeUnit.DAYS);
      return future;
    }
  }

  @TempDir Path dir;
  private final EvidenceFixtures.Clock clock = new EvidenceFixtures.Clock();
  private final CapturingScheduler scheduler = new CapturingScheduler();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void itRunsDailyAndPurgesWhatExpiredByTheClock() {
    EvidenceStore store = store(dir, keys1(), clock);
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    EvidencePurger purger = EvidencePurger.daily(store, scheduler, clock);

    assertThat(scheduler.initialDelay).isZero();
    assertThat(scheduler.periodMillis).isEqualTo(Duration.ofDays(1).toMillis());
    scheduler.task.run();
    assertThat(store.describe("ev_1")).isPresent();

    clock.set(YEAR);
    scheduler.task.run();
    assertThat(store.describe("ev_1")).isEmpty();

    purger.close();
    assertThat(scheduler.future.isCancelled()).isTrue();
    assertThat(scheduler.isShutdown()).isFalse(); // the executor is the caller's
  }

  @Test
  void aFailingRunDoesNotEscapeSoTheScheduleContinues() throws IOException {
    EvidenceStore store = store(dir, keys1(), clock);
    EvidencePurger.daily(store, scheduler, clock);
    // A directory the purge cannot list makes the run fail.
    Path files = dir.resolve("files");
    try (var s = Files.walk(files)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.writeString(files, "not a directory");

    scheduler.task.run(); // does not throw
    assertThatThrownBy(() -> store.purgeExpired(clock.instant())).isInstanceOf(EvidenceException.class);
  }

  @Test
  void thePeriodIsChecked() {
    EvidenceStore store = store(dir, keys1(), clock);
    assertThatThrownBy(() -> EvidencePurger.start(store, scheduler, clock, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
    EvidencePurger.start(store, scheduler, clock, Duration.ofHours(6));
    assertThat(scheduler.periodMillis).isEqualTo(Duration.ofHours(6).toMillis());
  }
}
