package io.tripline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.image.FileDigests;
import io.tripline.rules.RulePack;
import io.tripline.spi.Dihedral;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the engine uses image hashers: rotated and flipped variants, EXIF orientation, the quality
 * floor, and the evidence recorded in the verdict. A fake hasher makes each case exact.
 */
class TriplineImageSignalsTest {

  private static final long ORIGINAL = 0x1111_0000_0000_0000L;
  private static final long ROTATED_90 = 0x2222_0000_0000_0000L;

  /** Hashes every image to ORIGINAL, and its 90-degree rotation to ROTATED_90. */
  private static final class FakeHasher implements ImageHasher {
    private final int quality;

    FakeHasher(int quality) {
      this.quality = quality;
    }

    @Override
    public String signalType() {
      return "fake64";
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
    public int minQuality() {
      return 50;
    }

    @Override
    public ImageHash hash(BufferedImage image) {
      return new ImageHash("fake64", new long[] {ORIGINAL}, 64, quality);
    }

    @Override
    public Map<Dihedral, ImageHash> hashWithVariants(BufferedImage image) {
      Map<Dihedral, ImageHash> variants = new EnumMap<>(Dihedral.class);
      variants.put(Dihedral.ORIGINAL, hash(image));
      variants.put(Dihedral.ROTATE_90, new ImageHash("fake64", new long[] {ROTATED_90}, 64, quality));
      return variants;
    }
  }

  private static final byte[] IMAGE = TestImages.png(TestImages.scene(11, 120, 90));

  private static Indicator known(long hash) {
    return Indicator.of("ind-1", "feed-a", "fake64", String.format("%016x", hash), Severity.HIGH, "csam");
  }

  private static Tripline.Builder engine(int quality, long knownHash) {
    return Tripline.builder().imageHasher(new FakeHasher(quality)).indicators(List.of(known(knownHash)));
  }

  private static Submission upload(byte[] bytes) {
    return Submission.builder().file("image", "photo.png", "image/png", bytes).build();
  }

  @Test
  void aRotatedCopyOfAKnownImageIsFoundThroughTheVariants() {
    Verdict verdict = engine(100, ROTATED_90).build().inspect(upload(IMAGE));

    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(verdict.matches()).singleElement().satisfies(m -> {
      assertThat(m.signalType()).isEqualTo("fake64");
      assertThat(m.distance()).isZero();
      assertThat(m.quality()).isEqualTo(100);
    });
  }

  @Test
  void variantsAreNotQueriedWhenTurnedOff() {
    Verdict verdict = engine(100, ROTATED_90).dihedralQueries(false).build().inspect(upload(IMAGE));

    assertThat(verdict).isInstanceOf(Verdict.Allow.class);
    assertThat(verdict.matches()).isEmpty();
  }

  @Test
  void theExifDisplayedVariantIsQueriedEvenWithVariantsOff() throws Exception {
    // Orientation 8 displays the stored pixels rotated 90 degrees counter-clockwise.
    byte[] rotatedJpeg = ExifJpeg.withOrientation(TestImages.jpeg(TestImages.scene(11, 120, 90), 0.9f), 8);

    Verdict verdict = engine(100, ROTATED_90).dihedralQueries(false).build().inspect(upload(rotatedJpeg));

    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(verdict.files()).singleElement().satisfies(f -> assertThat(f.exifOrientation()).isEqualTo(8));
  }

  @Test
  void aLowQualityHashIsRecordedButDoesNotCountByDefault() {
    Verdict verdict = engine(30, ORIGINAL).build().inspect(upload(IMAGE));

    assertThat(verdict).isInstanceOf(Verdict.Allow.class);
    assertThat(verdict.matches()).singleElement().satisfies(m -> {
      assertThat(m.quality()).isEqualTo(30);
      assertThat(m.belowQualityFloor()).isTrue();
    });
    assertThat(verdict.files()).singleElement().satisfies(f ->
        assertThat(f.hashes()).singleElement().satisfies(h -> {
          assertThat(h.signalType()).isEqualTo("fake64");
          assertThat(h.quality()).isEqualTo(30);
        }));
  }

  @Test
  void aRuleCanAskForLowQualityMatches() {
    RulePack pack = RulePack.parse(new ByteArrayInputStream("""
        pack: low-quality
        version: "1"
        rules:
          - id: block-even-blurry-known-images
            when: { labels: [csam], minQuality: 20 }
            action: block
        """.getBytes(StandardCharsets.UTF_8)), "test");

    Verdict verdict = engine(30, ORIGINAL).rulePack(pack).build().inspect(upload(IMAGE));

    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(verdict.rule().ruleId()).isEqualTo("block-even-blurry-known-images");
  }

  @Test
  void everyFileLeavesItsEvidenceInTheVerdict() {
    byte[] text = "plain notes".getBytes(StandardCharsets.UTF_8);
    Submission submission = Submission.builder()
        .file("image", "photo.png", "image/png", IMAGE)
        .file("notes", "notes.txt", "text/plain", text)
        .build();

    Verdict verdict = engine(100, 0L).build().inspect(submission);

    assertThat(verdict.files()).hasSize(2);
    FileEvidence image = verdict.files().get(0);
    assertThat(image.field()).isEqualTo("image");
    assertThat(image.size()).isEqualTo(IMAGE.length);
    assertThat(image.md5()).isEqualTo(FileDigests.of(IMAGE).md5());
    assertThat(image.sha256()).isEqualTo(FileDigests.of(IMAGE).sha256());
    assertThat(image.imageFormat()).isEqualTo("png");
    assertThat(image.exifOrientation()).isEqualTo(1);
    assertThat(image.hashes()).extracting(ImageHash::toHex).containsExactly(String.format("%016x", ORIGINAL));
    FileEvidence notes = verdict.files().get(1);
    assertThat(notes.imageFormat()).isNull();
    assertThat(notes.hashes()).isEmpty();
    assertThat(notes.unhashable()).isFalse();
  }

  @Test
  void anImageOverTheByteBudgetIsUnhashableButItsDigestsStillMatch() {
    Indicator digest = Indicator.of("ind-md5", "feed-a", "md5", FileDigests.of(IMAGE).md5(), Severity.HIGH, "csam");

    Verdict refused = Tripline.builder().maxImageBytes(100).build().inspect(upload(IMAGE));
    Verdict known = Tripline.builder().maxImageBytes(100).indicators(List.of(digest)).build().inspect(upload(IMAGE));

    assertThat(refused).isInstanceOfSatisfying(Verdict.Block.class, b -> assertThat(b.status()).isEqualTo(415));
    assertThat(refused.files()).singleElement().satisfies(f -> assertThat(f.unhashable()).isTrue());
    assertThat(known).isInstanceOfSatisfying(Verdict.Block.class, b -> assertThat(b.status()).isEqualTo(422));
    assertThat(known.matches()).extracting(Match::indicatorId).containsExactly("ind-md5");
    assertThatThrownBy(() -> Tripline.builder().maxImageBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxImageBytes");
  }

  @Test
  void anUndecodableImageLeavesItsReason() {
    Verdict verdict = engine(100, 0L).build().inspect(upload(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}));

    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(((Verdict.Block) verdict).status()).isEqualTo(415);
    assertThat(verdict.files()).singleElement().satisfies(f -> {
      assertThat(f.unhashable()).isTrue();
      assertThat(f.unhashableReason()).isNotBlank();
    });
  }
}
