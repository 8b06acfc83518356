package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.spi.ImageHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link IndicatorIndex#nearAny}: several queries (an image's variants) in one call. */
class IndicatorIndexNearAnyTest {

  private static long[] random256(Random random) {
    return new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
  }

  private static long[] flip(long[] words, int bits) {
    long[] copy = words.clone();
    for (int b = 0; b < bits; b++) {
      copy[b % 4] ^= 1L << (b / 4);
    }
    return copy;
  }

  private static ImageHash pdq(long[] words) {
    return new ImageHash("pdq", words, 256, 100);
  }

  @Test
  void eachIndicatorComesBackOnceAtItsSmallestDistanceOverAllQueries() {
    Random random = new Random(3);
    List<long[]> stored = new ArrayList<>();
    IndicatorIndex.Builder builder = IndicatorIndex.builder().hammingType("pdq", 256);
    for (int i = 0; i < 2_000; i++) {
      long[] hash = random256(random);
      stored.add(hash);
      builder.add(Indicator.of("ind-" + i, "feed", "pdq", ImageHash.toHex(hash, 256), Severity.HIGH, "csam"));
    }
    IndicatorIndex index = builder.build();
    // Query A is 5 bits from ind-7, query B 3 bits from ind-9; the third is random.
    long[] a = flip(stored.get(7), 5);
    long[] b = flip(stored.get(9), 3);
    List<ImageHash> queries = List.of(pdq(a), pdq(b), pdq(random256(random)));

    List<IndicatorIndex.NearHit> hits = index.nearAny(queries, 31);

    // Brute force: the smallest distance of each stored hash over the queries, within 31.
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < stored.size(); i++) {
      int best = Integer.MAX_VALUE;
      for (ImageHash q : queries) {
        long[] w = q.words();
        int d = 0;
        for (int k = 0; k < 4; k++) {
          d += Long.bitCount(w[k] ^ stored.get(i)[k]);
        }
        best = Math.min(best, d);
      }
      if (best <= 31) {
        expected.put("ind-" + i, best);
      }
    }
    Map<String, Integer> actual = new HashMap<>();
    for (IndicatorIndex.NearHit hit : hits) {
      assertThat(actual.put(hit.indicator().id(), hit.distance())).as("reported once").isNull();
    }
    assertThat(actual).isEqualTo(expected).containsEntry("ind-7", 5).containsEntry("ind-9", 3);
  }

  @Test
  void queriesMustShareOneTypeAndLength() {
    IndicatorIndex index = IndicatorIndex.builder().hammingType("pdq", 256).build();
    ImageHash phash = new ImageHash("phash64", new long[] {1}, 64, 100);

    assertThatThrownBy(() -> index.nearAny(List.of(pdq(new long[4]), phash), 31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.nearAny(List.of(pdq(new long[4])), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(index.nearAny(List.of(), 31)).isEmpty();
    assertThat(index.nearAny(List.of(phash), 10)).isEmpty();
  }
}
