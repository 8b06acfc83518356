package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NdjsonFeed} as a {@link Feed}: a local NDJSON file pulled, reloaded and refused. */
class NdjsonFileFeedTest {

  private static final String MD5_A = "9e107d9d372bb6826bd81d3542a419d6";
  private static final String MD5_B = "e4d909c290d0fb1ca068ffaddf22cbd0";

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("confirmed.ndjson");
  }

  /** Replaces the file atomically, as a writer should. */
  private Path write(String... lines) throws IOException {
    Path temp = Files.writeString(dir.resolve("confirmed.ndjson.tmp"), String.join("\n", lines) + "\n");
    return Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String upsert(String id, String md5, String extra) {
    return "{\"op\":\"upsert\",\"id\":\"" + id + "\",\"signal\":{\"type\":\"md5\",\"value\":\"" + md5 + "\"}"
        + extra + "}";
  }

  private static String delete(String id) {
    return "{\"op\":\"delete\",\"id\":\"" + id + "\"}";
  }

  @Test
  void aPullReplacesTheFeedWithWhatTheFileLeavesInPlace() throws IOException {
    write(upsert("a", MD5_A, ""), upsert("b", MD5_B, ",\"labels\":[\"ncii\"],\"severity\":\"low\""), delete("a"));
    NdjsonFeed feed = NdjsonFeed.builder(file(), "confirmed").labels("shared").severity(Severity.HIGH).build();

    FeedPage page = feed.pull(null);

    assertThat(page.replacesAll()).isTrue();
    assertThat(page.more()).isFalse();
    assertThat(page.feed()).isEqualTo("confirmed");
    assertThat(feed.read()).containsExactly(new Indicator("b", "confirmed", "md5", MD5_B, List.of("shared", "ncii"),
        Severity.LOW, null, null));
    write(upsert("c", MD5_A, ""));
    assertThat(feed.read()).extracting(Indicator::labels, Indicator::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("shared"), Severity.HIGH));
  }

  @Test
  void anUnchangedFileWithTheLastCursorIsAnEmptyPageAndAChangedOneIsNot() throws IOException {
    write(upsert("a", MD5_A, ""));
    FeedPage first = NdjsonFeed.builder(file(), "confirmed").build().pull(null);
    FeedPage again = NdjsonFeed.builder(file(), "confirmed").build().pull(first.cursor());
    assertThat(again.changes().size()).isZero();
    assertThat(again.replacesAll()).isFalse();

    write(upsert("a", MD5_A, ""), upsert("b", MD5_B, ""));
    FeedPage changed = NdjsonFeed.builder(file(), "confirmed").build().pull(first.cursor());
    assertThat(changed.replacesAll()).isTrue();
    assertThat(changed.changes().size()).isEqualTo(2);
    assertThat(changed.cursor()).isNotEqualTo(first.cursor());
  }

  @Test
  void aMalformedLineRefusesTheWholeFileNamingTheLine() throws IOException {
    write(upsert("a", MD5_A, ""), "# a comment", "{\"op\":\"upsert\",\"id\":\"b\"}");
    FeedException e = catchThrowableOfType(FeedException.class,
        () -> NdjsonFeed.builder(file(), "confirmed").build().pull(null));
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining(file().toString()).hasMessageContaining("line 3")
        .hasMessageContaining("\"signal\"");

    write("{\"op\":\"upsert\",");
    assertThat(catchThrowableOfType(FeedException.class,
        () -> NdjsonFeed.builder(file(), "confirmed").build().pull(null)))
        .hasMessageContaining("line 1").hasMessageContaining("not a JSON object");
  }

  @Test
  void aFileOverTheLimitIsRefused() throws IOException {
    write(upsert("a", MD5_A, ""), upsert("b", MD5_B, ""));
    FeedException e = catchThrowableOfType(FeedException.class,
        () -> NdjsonFeed.builder(file(), "confirmed").maxFileBytes(64).build().pull(null));
    assertThat(e.retryable()).isFalse();
    assertThat(e).hasMessageContaining("over the limit of 64 bytes");
  }

  /**
   * Through {@link FeedSync}: a line's delete withdraws its indicator on the next run, a broken
   * file keeps the version before it serving (and says where it broke), and a fixed file is
   * taken up again.
   */
  @Test
  void aSyncedFileIsReloadedOnChangeAndABrokenVersionKeepsThePreviousOne() throws IOException {
    write(upsert("a", MD5_A, ",\"labels\":[\"csam\"],\"severity\":\"high\""));
    Tripline tripline = Tripline.builder().build();
    FeedSyncTest.ManualScheduler scheduler = new FeedSyncTest.ManualScheduler();
    try (FeedSync sync = FeedSync.builder(tripline)
        .feed(NdjsonFeed.builder(file(), "confirmed").build(), Duration.ofSeconds(10))
        .scheduler(scheduler).build()) {
      sync.start();
      scheduler.runAll();
      assertThat(matchesA(tripline)).isTrue();

      write(upsert("a", MD5_A, ",\"labels\":[\"csam\"]"), "{not json");
      scheduler.runAll();
      assertThat(matchesA(tripline)).isTrue();
      assertThat(sync.status().get(0).lastError()).contains("line 2");
      assertThat(sync.status().get(0).consecutiveFailures()).isOne();

      write(upsert("a", MD5_A, ""), delete("a"));
      scheduler.runAll();
      assertThat(matchesA(tripline)).isFalse();
      assertThat(tripline.index().size()).isZero();
      assertThat(sync.status().get(0).consecutiveFailures()).isZero();
    }
  }

  @Test
  void aWatchedFileIsReadSoonAfterItChangesLongBeforeItsInterval() throws Exception {
    write(upsert("a", MD5_A, ""));
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = FeedSync.builder(tripline)
        .feed(NdjsonFeed.builder(file(), "confirmed").build(), Duration.ofHours(1)).build()) {
      sync.start();
      assertThat(await(() -> matchesA(tripline))).as("first sync").isTrue();

      write(upsert("a", MD5_A, ""), delete("a"));

      assertThat(await(() -> !matchesA(tripline))).as("the delete taken up without waiting an hour").isTrue();
    }
  }

  @Test
  void anUnwatchedFileWaitsForItsInterval() throws Exception {
    write(upsert("a", MD5_A, ""));
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = FeedSync.builder(tripline)
        .feed(NdjsonFeed.builder(file(), "confirmed").build(), Duration.ofHours(1)).watchFiles(false).build()) {
      sync.start();
      assertThat(await(() -> matchesA(tripline))).isTrue();
      write(delete("a"));
      Thread.sleep(10 * FileWatcher.SETTLE_MILLIS);
      assertThat(matchesA(tripline)).isTrue();
      sync.syncNow();
      assertThat(matchesA(tripline)).isFalse();
    }
  }

  /** Polls {@code condition} for up to ten seconds. */
  private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  /** Whether an upload of the bytes whose MD5 is {@link #MD5_A} is caught. */
  private static boolean matchesA(Tripline tripline) {
    byte[] bytes = "The quick brown fox jumps over the lazy dog".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Verdict verdict = tripline.inspect(Submission.builder().file("doc", "a.txt", "text/plain", bytes).build());
    return !(verdict instanceof Verdict.Allow);
  }
}
