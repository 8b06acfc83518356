package io.tripline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.index.IndicatorChanges;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The image signal cache: the same bytes are decoded and hashed once; matches stay current. */
class TriplineImageSignalCacheTest {

  private static final byte[] PHOTO = TestImages.png(TestImages.scene(3, 320, 240));
  private static final byte[] OTHER = TestImages.png(TestImages.scene(4, 320, 240));

  /** Returns one fixed 64-bit hash and counts its calls. */
  private static final class CountingHasher implements ImageHasher {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String signalType() {
      return "count64";
    }

    @Override
    public int bits() {
      return 64;
    }

    @Override
    public int defaultRadius() {
      return 0;
    }

    @Override
    public ImageHash hash(BufferedImage image) {
      calls.incrementAndGet();
      return new ImageHash("count64", new long[] {0x1234L}, 64, 100);
    }
  }

  private static Submission upload(byte[] bytes) {
    return Submission.builder().file("image", "p.png", "image/png", bytes).build();
  }

  private static Tripline tripline(CountingHasher hasher, long cacheSize) {
    return Tripline.builder().imageHasher(hasher).imageSignalCache(cacheSize)
        .indicators(List.of(Indicator.of("known", "feed", "count64", "0000000000001234", Severity.HIGH, "csam")))
        .build();
  }

  @Test
  void theSameImageUploadedAgainIsHashedOnceAndStillMatches() {
    CountingHasher hasher = new CountingHasher();
    Tripline tripline = tripline(hasher, 100);

    Verdict first = tripline.inspect(upload(PHOTO));
    Verdict second = tripline.inspect(upload(PHOTO.clone()));

    assertThat(hasher.calls.get()).isEqualTo(1);
    assertThat(first.matches()).extracting(Match::indicatorId).containsExactly("known");
    assertThat(second.matches()).isEqualTo(first.matches());
    assertThat(second.files()).isEqualTo(first.files());
    tripline.inspect(upload(OTHER));
    assertThat(hasher.calls.get()).isEqualTo(2);
  }

  @Test
  void aWithdrawnIndicatorStopsMatchingACachedImageAtOnce() {
    CountingHasher hasher = new CountingHasher();
    Tripline tripline = tripline(hasher, 100);
    assertThat(tripline.inspect(upload(PHOTO))).isInstanceOf(Verdict.Block.class);

    tripline.applyChanges(IndicatorChanges.builder().delete("feed", "known").build());

    Verdict after = tripline.inspect(upload(PHOTO));
    assertThat(after.matches()).isEmpty();
    assertThat(hasher.calls.get()).isEqualTo(1);
  }

  @Test
  void aCacheOfZeroHashesEveryUpload() {
    CountingHasher hasher = new CountingHasher();
    Tripline tripline = tripline(hasher, 0);
    tripline.inspect(upload(PHOTO));
    tripline.inspect(upload(PHOTO));
    assertThat(hasher.calls.get()).isEqualTo(2);
    assertThatThrownBy(() -> Tripline.builder().imageSignalCache(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
