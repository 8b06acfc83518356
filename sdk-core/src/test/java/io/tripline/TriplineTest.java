package io.tripline;

import io.tripline.testkit.TestImages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.image.JImageHashPerceptualHasher;
import io.tripline.rules.RulePack;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end, in memory: a feed file, the shipped rule pack, real images. */
class TriplineTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String FEED = "confirmed-hashes";

  private static final RulePack DEFAULT_PACK = RulePack.fromClasspath("default");

  // The known image the feed carries, as the clearinghouse first saw it (PNG).
  private static final BufferedImage KNOWN = TestImages.scene(7, 640, 480);
  private static byte[] knownPng;
  private static byte[] reEncodedJpeg;
  private static byte[] cleanJpeg;
  private static String knownPhash;

  @TempDir
  static Path dir;
  private static Path feedFile;
  private static Tripline tripline;

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeAll
  static void setUp() throws IOException {
    knownPng = TestImages.png(KNOWN);
    reEncodedJpeg = TestImages.jpeg(KNOWN, 0.6f);
    cleanJpeg = TestImages.jpeg(TestImages.scene(21, 640, 480), 0.9f);
    knownPhash = new JImageHashPerceptualHasher().hash(TestImages.decode(knownPng)).toHex();

    feedFile = dir.resolve(FEED + ".ndjson");
    Files.writeString(feedFile, String.join("\n",
        "# the test feed",
        upsert("ind-md5", "md5", hex("MD5", knownPng).toUpperCase(), "csam", "high", null),
        upsert("ind-sha256", "sha256", hex("SHA-256", knownPng), "csam", "high", null),
        upsert("ind-phash", "phash64", knownPhash, "csam", "high", null),
        upsert("ind-term-high", "term", "Fresh Arrivals Tonight", "trafficking", "high", null),
        upsert("ind-term-medium", "term", "discreet outcall", "trafficking", "medium", null),
        upsert("ind-term-spam", "term", "crypto doubler", "spam", "low", null),
        upsert("ind-term-expired", "term", "old phrase", "trafficking", "high", "2026-12-01T10:00:00Z"),
        upsert("ind-term-withdrawn", "term", "withdrawn phrase", "trafficking", "high", null),
        "{\"op\":\"delete\",\"id\":\"ind-term-withdrawn\",\"reason\":\"withdrawn\"}",
        ""));
    tripline = Tripline.builder().clock(CLOCK).feed(feedFile).build();
  }

  private static String upsert(String id, String type, String value, String label, String severity, String expiresAt) {
    return "{\"op\":\"upsert\",\"id\":\"" + id + "\",\"signal\":{\"type\":\"" + type + "\",\"value\":\"" + value
        + "\"},\"labels\":[\"" + label + "\"],\"severity\":\"" + severity + "\""
        + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
  }

  private static RuleRef rule(String id) {
    return new RuleRef("default", DEFAULT_PACK.version(), id);
  }

  private static Submission image(byte[] bytes, String contentType) {
    return Submission.builder().file("image", "upload.bin", contentType, bytes).build();
  }

  private static Submission text(String body) {
    return Submission.builder().text("body", body).build();
  }

  // --- images ---

  @Test
  void theExactKnownImageIsBlockedWithEveryMatchAsEvidence() {
    Verdict verdict = tripline.inspect(image(knownPng, "image/png"));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, block -> assertThat(block.status()).isEqualTo(422));
    assertThat(verdict.rule()).isEqualTo(rule("block-known-abuse-image"));
    assertThat(verdict.decidedAt()).isEqualTo(NOW);
    assertThat(verdict.matches()).containsExactlyInAnyOrder(
        new Match("ind-md5", FEED, "md5", 0, "image", null, List.of("csam"), Severity.HIGH),
        new Match("ind-sha256", FEED, "sha256", 0, "image", null, List.of("csam"), Severity.HIGH),
        new Match("ind-phash", FEED, "phash64", 0, "image", null, List.of("csam"), Severity.HIGH));
  }

  @Test
  void aReEncodedCopyIsBlockedByItsPerceptualHash() {
    Verdict verdict = tripline.inspect(image(reEncodedJpeg, "image/jpeg"));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, block -> assertThat(block.status()).isEqualTo(422));
    assertThat(verdict.rule()).isEqualTo(rule("block-known-abuse-image"));
    assertThat(verdict.matches()).singleElement().satisfies(match -> {
      assertThat(match.indicatorId()).isEqualTo("ind-phash");
      assertThat(match.feed()).isEqualTo(FEED);
      assertThat(match.signalType()).isEqualTo("phash64");
      assertThat(match.distance()).isBetween(1, new JImageHashPerceptualHasher().defaultRadius());
      assertThat(match.source()).isEqualTo("image");
      assertThat(match.span()).isNull();
    });
  }

  @Test
  void theFormatIsFoundFromTheBytesNotTheDeclaredType() {
    Verdict verdict = tripline.inspect(image(reEncodedJpeg, "application/octet-stream"));
    assertThat(verdict.rule()).isEqualTo(rule("block-known-abuse-image"));
    assertThat(tripline.inspect(image(reEncodedJpeg, null)).rule()).isEqualTo(rule("block-known-abuse-image"));
  }

  @Test
  void aCleanImageIsAllowed() {
    Verdict verdict = tripline.inspect(image(cleanJpeg, "image/jpeg"));
    assertThat(verdict).isInstanceOf(Verdict.Allow.class);
    assertThat(verdict.matches()).isEmpty();
    assertThat(verdict.rule()).isEqualTo(rule(RulePack.DEFAULT_ALLOW));
  }

  @Test
  void aTighterRadiusStopsTheNearDuplicateMatch() {
    Tripline strict = Tripline.builder().clock(CLOCK).feed(feedFile).radius("phash64", 0).build();
    assertThat(strict.inspect(image(reEncodedJpeg, "image/jpeg"))).isInstanceOf(Verdict.Allow.class);
    assertThat(strict.inspect(image(knownPng, "image/png")).rule()).isEqualTo(rule("block-known-abuse-image"));
  }

  @Test
  void undecodableBytesDeclaredAsAnImageAreRefusedWith415() {
    byte[] garbage = "definitely not a jpeg".getBytes(StandardCharsets.US_ASCII);
    assertRefusedAsUnhashable(image(garbage, "image/jpeg"));
  }

  @Test
  void aTruncatedJpegIsRefusedWith415() {
    byte[] jpeg = TestImages.jpeg(TestImages.scene(21, 640, 480), 0.9f);
    assertRefusedAsUnhashable(image(Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg"));
    // Even with no declared type: the bytes say it is a JPEG.
    assertRefusedAsUnhashable(image(Arrays.copyOf(jpeg, jpeg.length / 2), null));
  }

  @Test
  void anEmptyFileDeclaredAsAnImageIsRefusedWith415() {
    assertRefusedAsUnhashable(image(new byte[0], "image/jpeg"));
    assertRefusedAsUnhashable(image(new byte[0], "IMAGE/PNG"));
  }

  @Test
  void aHugeDeclaredCanvasIsRefusedWithoutDecodingIt() {
    assertRefusedAsUnhashable(image(TestImages.pngClaiming(50_000, 50_000), "image/png"));
  }

  @Test
  void maxPixelsIsRespected() {
    Tripline small = Tripline.builder().clock(CLOCK).maxPixels(640 * 480 - 1).build();
    assertRefusedAsUnhashable(small.inspect(image(cleanJpeg, "image/jpeg")));
    Tripline exact = Tripline.builder().clock(CLOCK).maxPixels(640 * 480).build();
    assertThat(exact.inspect(image(cleanJpeg, "image/jpeg"))).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void aFileThatIsNotAnImageNeedNotDecode() {
    byte[] text = "BMW 320d for sale, one owner".getBytes(StandardCharsets.US_ASCII);
    assertThat(tripline.inspect(image(text, "text/plain"))).isInstanceOf(Verdict.Allow.class);
    byte[] mp4 = "\0\0\0\u0020ftypisom\0\0\u0002\0isomiso2avc1mp41".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(tripline.inspect(image(mp4, "video/mp4"))).isInstanceOf(Verdict.Allow.class);
    assertThat(tripline.inspect(image(new byte[0], null))).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void aNonImageFileIsStillMatchedByItsDigests() {
    byte[] pdf = "%PDF-1.7 known bad document".getBytes(StandardCharsets.US_ASCII);
    Tripline withPdf = Tripline.builder().clock(CLOCK)
        .indicators(List.of(Indicator.of("ind-pdf", "docs", "sha256", hex("SHA-256", pdf), Severity.LOW, "spam")))
        .build();
    Verdict verdict = withPdf.inspect(image(pdf, "application/pdf"));
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Flag.class,
        flag -> assertThat(flag.priority()).isEqualTo(Priority.NORMAL));
    assertThat(verdict.rule()).isEqualTo(rule("flag-any-indicator"));
    assertThat(verdict.matches()).extracting(Match::indicatorId).containsExactly("ind-pdf");
  }

  private static void assertRefusedAsUnhashable(Submission submission) {
    assertRefusedAsUnhashable(tripline.inspect(submission));
  }

  private static void assertRefusedAsUnhashable(Verdict verdict) {
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, block -> assertThat(block.status()).isEqualTo(415));
    assertThat(verdict.rule()).isEqualTo(rule("refuse-unhashable-image"));
  }

  // --- text ---

  @Test
  void aHighSeverityPhraseInChangedCaseAndSpacingIsBlockedWithItsOriginalSpan() {
    String body = "🍑🍑 New ad!  FRESH\t ar\u200Brivals\n\n TONIGHT, call now";
    Verdict verdict = tripline.inspect(text(body));

    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, block -> assertThat(block.status()).isEqualTo(422));
    assertThat(verdict.rule()).isEqualTo(rule("block-high-severity-trafficking"));
    assertThat(verdict.matches()).singleElement().satisfies(match -> {
      assertThat(match.indicatorId()).isEqualTo("ind-term-high");
      assertThat(match.signalType()).isEqualTo("term");
      assertThat(match.source()).isEqualTo("body");
      assertThat(match.distance()).isZero();
      assertThat(match.span()).isEqualTo(new Span(body.indexOf("FRESH"), body.indexOf("TONIGHT") + 7));
      assertThat(match.span().of(body)).isEqualTo("FRESH\t ar\u200Brivals\n\n TONIGHT");
    });
  }

  @Test
  void aMediumSeverityPhraseIsFlaggedForReview() {
    Verdict verdict = tripline.inspect(text("Ｄｉｓｃｒｅｅｔ Outcall only"));
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Flag.class,
        flag -> assertThat(flag.priority()).isEqualTo(Priority.HIGH));
    assertThat(verdict.rule()).isEqualTo(rule("flag-trafficking-lead"));
    assertThat(verdict.matches()).extracting(Match::indicatorId).containsExactly("ind-term-medium");
  }

  @Test
  void aPhraseInsideALongerWordDoesNotMatch() {
    assertThat(tripline.inspect(text("indiscreet outcalls"))).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void matchesFromEveryFieldAndFileAreKeptAndTheStrongestRuleDecides() {
    Submission submission = Submission.builder()
        .text("title", "discreet outcall")
        .text("body", "crypto doubler")
        .file("image", "a.png", "image/png", knownPng)
        .build();
    Verdict verdict = tripline.inspect(submission);
    assertThat(verdict.rule()).isEqualTo(rule("block-known-abuse-image"));
    assertThat(verdict.matches()).extracting(Match::indicatorId)
        .containsExactlyInAnyOrder("ind-term-medium", "ind-term-spam", "ind-md5", "ind-sha256", "ind-phash");
    assertThat(verdict.matches()).filteredOn(m -> m.indicatorId().equals("ind-term-medium"))
        .extracting(Match::source).containsExactly("title");
  }

  @Test
  void withdrawnIndicatorsDoNotMatch() {
    assertThat(tripline.inspect(text("a withdrawn phrase"))).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void expiredIndicatorsDoNotMatch() {
    // The feed's "old phrase" expires at NOW exactly.
    assertThat(tripline.inspect(text("an old phrase"))).isInstanceOf(Verdict.Allow.class);
    Tripline before = Tripline.builder().clock(Clock.fixed(NOW.minusSeconds(1), ZoneOffset.UTC)).feed(feedFile).build();
    Verdict verdict = before.inspect(text("an old phrase"));
    assertThat(verdict.rule()).isEqualTo(rule("block-high-severity-trafficking"));
    assertThat(verdict.decidedAt()).isEqualTo(NOW.minusSeconds(1));
  }

  @Test
  void anExpiredImageIndicatorDoesNotMatch() {
    Indicator expiring = new Indicator("ind-x", FEED, "phash64", knownPhash, List.of("csam"), Severity.HIGH, null,
        NOW.plusSeconds(60));
    Tripline.Builder builder = Tripline.builder().indicators(List.of(expiring));
    assertThat(builder.clock(CLOCK).build().inspect(image(reEncodedJpeg, "image/jpeg")))
        .isInstanceOf(Verdict.Block.class);
    assertThat(builder.clock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).build()
        .inspect(image(reEncodedJpeg, "image/jpeg")))
        .isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void textOverTheLimitIsRefused() {
    Tripline limited = Tripline.builder().clock(CLOCK).maxTextChars(100).build();
    assertThat(limited.inspect(text("x".repeat(100)))).isInstanceOf(Verdict.Allow.class);
    assertThatThrownBy(() -> limited.inspect(text("x".repeat(101))))
        .isInstanceOfSatisfying(SubmissionTooLargeException.class, e -> {
          assertThat(e.limit()).isEqualTo(100);
          assertThat(e.getMessage()).contains("body");
        });
  }

  @Test
  void theDefaultTextLimitIsAMillionChars() {
    assertThatThrownBy(() -> tripline.inspect(text("x".repeat(1_000_001))))
        .isInstanceOf(SubmissionTooLargeException.class);
  }

  @Test
  void anEmptySubmissionIsAllowed() {
    Verdict verdict = tripline.inspect(Submission.builder().build());
    assertThat(verdict).isInstanceOf(Verdict.Allow.class);
    assertThat(verdict.rule()).isEqualTo(rule(RulePack.DEFAULT_ALLOW));
  }

  // --- configuration ---

  /** A stand-in hasher: every image hashes to the same value. */
  private static class ConstantHasher implements ImageHasher {
    final AtomicInteger calls = new AtomicInteger();
    private final String type;
    private final long value;

    ConstantHasher(String type, long value) {
      this.type = type;
      this.value = value;
    }

    @Override
    public String signalType() {
      return type;
    }

    @Override
    public int bits() {
      return 64;
    }

    @Override
    public int defaultRadius() {
      return 2;
    }

    @Override
    public ImageHash hash(BufferedImage image) {
      calls.incrementAndGet();
      return new ImageHash(type, new long[] {value}, 64, 100);
    }
  }

  @Test
  void aHasherSetOnTheBuilderReplacesTheDiscoveredOnes() {
    ConstantHasher custom = new ConstantHasher("const64", 0x0F0F0F0F0F0F0F0FL);
    Tripline withCustom = Tripline.builder().clock(CLOCK)
        .imageHasher(custom)
        .feed(feedFile)
        .indicators(List.of(Indicator.of("ind-const", "other-feed", "const64", "0f0f0f0f0f0f0f0c", Severity.HIGH, "csam")))
        .build();
    assertThat(withCustom.imageHashers()).containsExactly(custom);

    Verdict verdict = withCustom.inspect(image(reEncodedJpeg, "image/jpeg"));
    assertThat(custom.calls.get()).isEqualTo(1);
    // phash64 is no longer computed, so only the custom signal matches (2 bits away, within its radius).
    assertThat(verdict.matches()).singleElement().satisfies(match -> {
      assertThat(match.indicatorId()).isEqualTo("ind-const");
      assertThat(match.feed()).isEqualTo("other-feed");
      assertThat(match.signalType()).isEqualTo("const64");
      assertThat(match.distance()).isEqualTo(2);
    });
    assertThat(verdict.rule()).isEqualTo(rule("block-known-abuse-image"));
  }

  @Test
  void discoveredHashersCanBeKeptBesideACustomOne() {
    ConstantHasher custom = new ConstantHasher("const64", 0);
    Tripline both = Tripline.builder().clock(CLOCK).discoveredImageHashers().imageHasher(custom).feed(feedFile).build();
    assertThat(both.imageHashers()).extracting(ImageHasher::signalType).containsExactly("pdq", "phash64", "dhash72", "whash64", "const64");
    assertThat(both.inspect(image(reEncodedJpeg, "image/jpeg")).matches())
        .extracting(Match::indicatorId).containsExactly("ind-phash");
    assertThat(custom.calls.get()).isEqualTo(1);
  }

  @Test
  void byDefaultTheDiscoveredHashersAreUsed() {
    assertThat(tripline.imageHashers()).extracting(ImageHasher::signalType)
        .containsExactly("pdq", "phash64", "dhash72", "whash64");
  }

  @Test
  void aHasherThatFailsMakesTheImageUnhashable() {
    ImageHasher failing = new ConstantHasher("fail64", 0) {
      @Override
      public ImageHash hash(BufferedImage image) {
        throw new IllegalStateException("licence expired");
      }
    };
    Tripline withFailing = Tripline.builder().clock(CLOCK).imageHasher(failing).build();
    assertRefusedAsUnhashable(withFailing.inspect(image(cleanJpeg, "image/jpeg")));
  }

  @Test
  void builderMisuseFailsFastWithAClearMessage() {
    assertThatThrownBy(() -> Tripline.builder().radius("phash64", -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radius").hasMessageContaining("-1");
    assertThatThrownBy(() -> Tripline.builder().imageHasher(new ConstantHasher("c64", 0))
        .imageHasher(new ConstantHasher("c64", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c64").hasMessageContaining("already");
    assertThatThrownBy(() -> Tripline.builder().discoveredImageHashers().discoveredImageHashers())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pdq");
    assertThatThrownBy(() -> Tripline.builder().maxPixels(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> Tripline.builder().maxTextChars(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTextChars");
    assertThatThrownBy(() -> Tripline.builder().clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Tripline.builder().rulePack(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Tripline.builder().imageHasher(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tripline.inspect(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aBrokenFeedFileFailsTheBuild() throws IOException {
    Path broken = dir.resolve("broken.ndjson");
    Files.writeString(broken, "{\"op\":\"upsert\",\"id\":\"a\"}\n");
    assertThatThrownBy(() -> Tripline.builder().feed(broken))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("line 1");
  }

  @Test
  void malformedIndicatorsAreCountedNotMatched() {
    Tripline t = Tripline.builder().clock(CLOCK)
        .indicators(List.of(Indicator.of("bad", FEED, "phash64", "not-hex", Severity.HIGH, "csam")))
        .build();
    assertThat(t.index().rejected()).isEqualTo(1);
    assertThat(t.index().size()).isZero();
  }

  @Test
  void theVerdictNamesTheRulePackAndVersionInForce() {
    RulePack custom = RulePack.parse(new ByteArrayInputStream("""
        pack: strict
        version: "9.1"
        rules:
          - id: block-anything
            action: block
            status: 451
        """.getBytes(StandardCharsets.UTF_8)), "strict.yaml");
    Tripline strict = Tripline.builder().clock(CLOCK).rulePack(custom).feed(feedFile).build();
    assertThat(strict.rulePack()).isSameAs(custom);

    Verdict verdict = strict.inspect(text("crypto doubler"));
    assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, b -> assertThat(b.status()).isEqualTo(451));
    assertThat(verdict.rule()).isEqualTo(new RuleRef("strict", "9.1", "block-anything"));
    assertThat(verdict.rule().toString()).isEqualTo("strict@9.1#block-anything");
    assertThat(strict.inspect(text("nothing")).rule()).isEqualTo(new RuleRef("strict", "9.1", RulePack.DEFAULT_ALLOW));

    assertThat(tripline.rulePack().name()).isEqualTo("default");
    assertThat(tripline.inspect(text("nothing")).rule().pack()).isEqualTo("default");
    assertThat(tripline.inspect(text("nothing")).rule().packVersion()).isEqualTo(DEFAULT_PACK.version());
  }

  @Test
  void aBuiltEngineDoesNotChangeWhenTheBuilderIsReused() {
    Tripline.Builder builder = Tripline.builder().clock(CLOCK);
    Tripline first = builder.build();
    builder.feed(feedFile).radius("phash64", 0);
    Tripline second = builder.build();
    assertThat(first.inspect(text("discreet outcall"))).isInstanceOf(Verdict.Allow.class);
    assertThat(second.inspect(text("discreet outcall"))).isInstanceOf(Verdict.Flag.class);
    assertThat(first.index().size()).isZero();
  }
}
