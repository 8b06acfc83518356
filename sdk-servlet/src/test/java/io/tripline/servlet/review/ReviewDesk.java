package io.tripline.servlet.review;

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
import io.tripline.review.Decision;
import io.tripline.review.ReasonCode;
import io.tripline.review.ReviewQueue;
import io.tripline.spi.ImageHash;
import io.tripline.testkit.MutableClock;
import io.tripline.testkit.TestImages;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real review queue for the servlet tests: SQLite in a fresh directory, an evidence store (so
 * previews exist), a hand-moved clock; and ways to queue items. Register it before the
 * {@link ReviewJetty} that serves {@link #servlet}: the queue is built here, at construction.
 */
final class ReviewDesk implements AfterAllCallback {
  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  static final RuleRef RULE = new RuleRef("default", "2026.12.0", "review-trafficking-lead");
  static final Uploader UPLOADER = new Uploader("u_998", "203.0.113.9", Instant.parse("2026-11-20T00:00:00Z"));
  static final PlatformContext CONTEXT = new PlatformContext("example-classifieds", "US");
  /** A colourful picture, so a greyscale preview is told apart from a clear one. */
  static final byte[] IMAGE = TestImages.png(TestImages.scene(7, 96, 64));

  final MutableClock clock = new MutableClock(START);
  final Path dir;
  final EvidenceStore evidence;
  final ReviewQueue queue;
  private final AtomicInteger n = new AtomicInteger();

  ReviewDesk() {
    try {
      dir = Files.createTempDirectory("tripline-review-ui");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] key = new byte[32];
    key[0] = 7;
    evidence = EvidenceStore.builder().directory(dir.resolve("evidence"))
        .keys(EvidenceKeys.of("k1", Map.of("k1", Base64.getEncoder().encodeToString(key)))).clock(clock).build();
    queue = ReviewQueue.builder().sqlite(dir.resolve("tripline.db")).clock(clock).evidence(evidence).build();
  }

  /** The servlet under test, behind {@code guard}. */
  HttpServlet servlet(ReviewGuard guard) {
    return ReviewServlet.builder(queue).guard(guard).clock(clock).signOut("/review/logout").build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    queue.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Queues an ad whose body is {@code body}, matched by a phone-number indicator of {@code label} on {@code span}. */
  String textItem(Priority priority, String label, String body, Span span) {
    Submission ad = Submission.builder().text("title", "Ad " + n.incrementAndGet()).text("body", body)
        .uploader(UPLOADER).context(CONTEXT).build();
    Match match = new Match("ind-" + label, "local-terms", "phone.sha256", 0, "body", span, List.of(label),
        Severity.HIGH);
    return queue.submit(new Verdict.Flag(List.of(match), RULE, priority, clock.instant(), List.of()), ad);
  }

  /** Queues a plain ad of {@code label} at {@code priority}. */
  String textItem(Priority priority, String label) {
    return textItem(priority, label, "New in town, call 555-0100 now " + n.incrementAndGet(), new Span(18, 26));
  }

  /** Queues an ad with {@link #IMAGE} in field {@code photo}, matched by PDQ; its content is kept. */
  String imageItem(String label) {
    FileEvidence file = new FileEvidence("photo", IMAGE.length, digest("MD5", IMAGE), digest("SHA-256", IMAGE), "png",
        1, List.of(new ImageHash("pdq", new long[] {1, 2, 3, 4}, 256, 90)), null);
    Match match = new Match("ind-81f3", "confirmed-hashes", "pdq", 12, "photo", null, List.of(label), Severity.HIGH, 90,
        false);
    Submission ad = Submission.builder().text("title", "Photos " + n.incrementAndGet())
        .file("photo", "a.png", "image/png", IMAGE).uploader(UPLOADER).context(CONTEXT).build();
    return queue.submit(new Verdict.Flag(List.of(match), RULE, Priority.HIGH, clock.instant(), List.of(file)), ad);
  }

  /** Queues an item and escalates it as {@code by}. */
  String escalatedItem(String label, String by) {
    String id = textItem(Priority.NORMAL, label);
    queue.decide(id, queue.get(id).version(), by, Decision.of(ReasonCode.Escalate.AGE_UNCLEAR));
    return id;
  }

  static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
