package io.tripline.review;

import io.tripline.FileEvidence;
import io.tripline.Match;
import io.tripline.PlatformContext;
import io.tripline.Priority;
import io.tripline.RuleRef;
import io.tripline.Severity;
import io.tripline.Span;
import io.tripline.Submission;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.report.evidence.EvidenceKeys;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.rules.Policy;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.ReportMode;
import io.tripline.rules.RulePack;
import io.tripline.spi.ImageHash;
import io.tripline.testkit.MutableClock;
import io.tripline.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The review tests' one home for fixtures: flags and submissions, an image, an evidence store, and
 * queues on a SQLite file in a fresh directory, with a hand-moved clock, closed after each test.
 * Register with {@code @RegisterExtension final ReviewFixtures fx = new ReviewFixtures();}.
 */
final class ReviewFixtures implements AfterEachCallback {
  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  static final RuleRef RULE = new RuleRef("default", "2026.12.0", "report-trafficking-lead");
  static final PlatformContext CONTEXT = new PlatformContext("example-classifieds", "US");
  static final Uploader UPLOADER = new Uploader("u_998", "203.0.113.9", Instant.parse("2026-11-20T00:00:00Z"));
  static final String CLEARINGHOUSE_FEED = "confirmed-hashes";
  static final String LOCAL_FEED = "local-terms";
  static final byte[] IMAGE = TestImages.png(TestImages.scene(7, 64, 48));
  static final Policy US = Policy.of(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"));

  final MutableClock clock = new MutableClock(START);
  final Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private int n;

  ReviewFixtures() {
    try {
      dir = Files.createTempDirectory("tripline-review");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A builder on a new SQLite file in this test's directory, with this clock. */
  ReviewQueue.Builder builder() {
    return ReviewQueue.builder().sqlite(db()).clock(clock);
  }

  /** The SQLite file of this test's queues. */
  Path db() {
    return dir.resolve("tripline.db");
  }

  ReviewQueue open(ReviewQueue.Builder builder) {
    return track(builder.build());
  }

  ReviewQueue queue() {
    return open(builder());
  }

  <T extends AutoCloseable> T track(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  EvidenceStore evidenceStore() {
    byte[] key = new byte[32];
    key[0] = 42;
    return EvidenceStore.builder().directory(dir.resolve("evidence"))
        .keys(EvidenceKeys.of("k1", Map.of("k1", Base64.getEncoder().encodeToString(key)))).clock(clock).build();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    opened.clear();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** An ad with a distinct body each call (so a distinct item), mentioning a phone number at a known place. */
  Submission ad() {
    return Submission.builder().text("title", "Ad " + (++n)).text("body", "New in town, call 555-0100 now " + n)
        .uploader(UPLOADER).context(CONTEXT).build();
  }

  /** A text match of {@code indicator} on the ad's phone number. */
  static Match phone(String feed, String indicator, String label) {
    return new Match(indicator, feed, "phone.sha256", 0, "body", new Span(18, 26), List.of(label), Severity.HIGH);
  }

  static Verdict.Flag flag(Priority priority, List<Match> matches) {
    return new Verdict.Flag(matches, RULE, priority, START, List.of());
  }

  /** A flag on {@link #IMAGE} (field {@code photo}) by a PDQ match, asking for an after-review report. */
  static Verdict.Flag imageFlag(Instant at) {
    FileEvidence file = new FileEvidence("photo", IMAGE.length, digest("MD5", IMAGE), digest("SHA-256", IMAGE), "png", 1,
        List.of(new ImageHash("pdq", new long[] {1, 2, 3, 4}, 256, 90)), null);
    List<Match> matches = List.of(
        new Match("ind-81f3", CLEARINGHOUSE_FEED, "pdq", 12, "photo", null, List.of("trafficking"), Severity.HIGH,
            90, false),
        new Match("ind-local-1", LOCAL_FEED, "md5", 0, "photo", null, List.of("trafficking"), Severity.MEDIUM));
    return new Verdict.Flag(matches, RULE, Priority.HIGH, at, List.of(file),
        List.of(new ReportInstruction(ReportCategory.CHILD_SEX_TRAFFICKING, ReportMode.AFTER_REVIEW, RULE)));
  }

  static Submission imageSubmission() {
    return Submission.builder().text("title", "Photos").file("photo", "a.png", "image/png", IMAGE)
        .uploader(UPLOADER).context(CONTEXT).build();
  }

  static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Waits up to 20 s for {@code condition}. */
  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 20 s");
      }
      Thread.sleep(20);
    }
  }
}
