package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.spi.ImageHash;
import io.tripline.text.TermMatcher;
import io.tripline.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndicatorIndexTest {

  private static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";
  private static final String SHA256 = "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592";

  private static Indicator indicator(String id, String type, String value) {
    return Indicator.of(id, "feed-a", type, value, Severity.HIGH, "csam");
  }

  // --- exact ---

  @Test
  void exactLookupsIgnoreHexCaseOnBothSides() {
    IndicatorIndex index = IndicatorIndex.builder()
        .add(indicator("upper", "md5", MD5.toUpperCase()))
        .add(indicator("lower", "sha256", SHA256))
        .build();
    assertThat(index.exact("md5", MD5)).extracting(Indicator::id).containsExactly("upper");
    assertThat(index.exact("md5", MD5.toUpperCase())).extracting(Indicator::id).containsExactly("upper");
    assertThat(index.exact("sha256", SHA256.toUpperCase())).extracting(Indicator::id).containsExactly("lower");
    assertThat(index.size()).isEqualTo(2);
    assertThat(index.rejected()).isZero();
  }

  @Test
  void exactLookupsNeverCompareAcrossSignalTypes() {
    IndicatorIndex index = IndicatorIndex.builder().add(indicator("a", "md5", MD5)).build();
    assertThat(index.exact("phone.md5", MD5)).isEmpty();
    assertThat(index.exact("sha256", MD5)).isEmpty();
    assertThat(index.exact("md5", MD5.replace('9', '8'))).isEmpty();
  }

  @Test
  void severalIndicatorsOfOneValueAreAllReturned() {
    IndicatorIndex index = IndicatorIndex.builder()
        .add(indicator("a", "md5", MD5))
        .add(Indicator.of("b", "feed-b", "md5", MD5, Severity.LOW, "spam"))
        .build();
    assertThat(index.exact("md5", MD5)).extracting(Indicator::id).containsExactlyInAnyOrder("a", "b");
  }

  @ParameterizedTest
  @CsvSource({
      "md5, 9e107d9d372bb6826bd81d3542a419d",          // 31 digits
      "md5, 9e107d9d372bb6826bd81d3542a419d6a",        // 33 digits
      "md5, 9e107d9d372bb6826bd81d3542a419dg",         // not hex
      "sha256, d7a8fbb307d7809469ca9abcb0082e4f",      // an md5's length
      "phone.sha256, not-a-hash",
      "md5, ９e107d9d372bb6826bd81d3542a419d6",        // a full-width digit
  })
  void malformedDigestsAreRejectedNotIndexed(String type, String value) {
    IndicatorIndex index = IndicatorIndex.builder().add(indicator("bad", type, value)).build();
    assertThat(index.rejected()).isEqualTo(1);
    assertThat(index.size()).isZero();
    assertThat(index.exact(type, value)).isEmpty();
  }

  @Test
  void otherSignalTypesAreMatchedExactlyWhateverTheirShape() {
    IndicatorIndex index = IndicatorIndex.builder().add(indicator("h", "handle.plain", "Some-Handle")).build();
    assertThat(index.exact("handle.plain", " Some-Handle ")).extracting(Indicator::id).containsExactly("h");
    // Other than hex digests, values are case-sensitive: a Base58 wallet differs by case alone.
    assertThat(index.exact("handle.plain", "some-handle")).isEmpty();
    assertThat(index.rejected()).isZero();
  }

  // --- Hamming ---

  private static String randomHex(Random random, int bits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bits / 4; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** {@code hex} with {@code flips} distinct random bits flipped. */
  private static String flip(String hex, int flips, Random random) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < bytes.length * 8; i++) {
      positions.add(i);
    }
    java.util.Collections.shuffle(positions, random);
    for (int i = 0; i < flips; i++) {
      int bit = positions.get(i);
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return HexFormat.of().formatHex(bytes);
  }

  private static int bruteForceDistance(String a, String b) {
    byte[] x = HexFormat.of().parseHex(a);
    byte[] y = HexFormat.of().parseHex(b);
    int d = 0;
    for (int i = 0; i < x.length; i++) {
      d += Integer.bitCount((x[i] ^ y[i]) & 0xFF);
    }
    return d;
  }

  private static ImageHash hash(String type, String hex, int bits) {
    return new ImageHash(type, ImageHash.parseHex(hex, bits), bits, 100);
  }

  @ParameterizedTest
  @CsvSource({"phash64, 64, 10", "pdq, 256, 31"})
  void hammingLookupsAgreeWithBruteForce(String type, int bits, int radius) {
    Random random = new Random(bits * 31L + radius);
    List<String> stored = new ArrayList<>();
    IndicatorIndex.Builder builder = IndicatorIndex.builder().hammingType(type, bits);
    for (int i = 0; i < 1500; i++) {
      // Every third stored hash is a near copy of an earlier one, so neighbourhoods overlap.
      String hex = i % 3 == 2 ? flip(stored.get(random.nextInt(stored.size())), random.nextInt(radius + 3), random)
          : randomHex(random, bits);
      stored.add(hex);
      // Upper case on some: feeds are not consistent about it.
      builder.add(indicator("i" + i, type, i % 2 == 0 ? hex : hex.toUpperCase()));
    }
    IndicatorIndex index = builder.build();
    assertThat(index.size()).isEqualTo(stored.size());
    assertThat(index.rejected()).isZero();

    int nonEmpty = 0;
    int atRadius = 0;
    for (int q = 0; q < 300; q++) {
      String query = switch (q % 4) {
        case 0 -> randomHex(random, bits);
        case 1 -> flip(stored.get(random.nextInt(stored.size())), radius, random);
        case 2 -> flip(stored.get(random.nextInt(stored.size())), radius + 1, random);
        default -> flip(stored.get(random.nextInt(stored.size())), random.nextInt(radius), random);
      };
      int[] distances = new int[stored.size()];
      for (int i = 0; i < stored.size(); i++) {
        distances[i] = bruteForceDistance(stored.get(i), query);
      }
      for (int r : new int[] {0, radius - 1, radius, radius + 1}) {
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
          int d = distances[i];
          if (d <= r) {
            expected.put("i" + i, d);
          }
        }
        Map<String, Integer> actual = new HashMap<>();
        for (IndicatorIndex.NearHit hit : index.near(hash(type, query, bits), r)) {
          assertThat(actual.put(hit.indicator().id(), hit.distance())).as("reported twice").isNull();
        }
        assertThat(actual).as("query %s radius %d", query, r).isEqualTo(expected);
        if (!expected.isEmpty()) {
          nonEmpty++;
        }
        if (expected.containsValue(r)) {
          atRadius++;
        }
      }
    }
    // The comparison is only worth something if hits, including hits exactly at the radius, occur.
    assertThat(nonEmpty).isGreaterThan(100);
    assertThat(atRadius).isGreaterThan(20);
  }

  @Test
  void hammingTypesMayBeDeclaredAfterTheirIndicatorsAreAdded() {
    String hex = "0123456789abcdef";
    IndicatorIndex index = IndicatorIndex.builder()
        .add(indicator("p", "phash64", hex))
        .hammingType("phash64", 64)
        .build();
    assertThat(index.near(hash("phash64", hex, 64), 0)).extracting(h -> h.indicator().id()).containsExactly("p");
    assertThat(index.exact("phash64", hex)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "0123456789abcde",                       // 15 digits
      "0123456789abcdef0",                     // 17 digits
      "0123456789abcdeg",                      // not hex
      "0123456789abcde-",
      "０123456789abcdef",                     // full-width zero: Character.digit accepts it
      "0123456789abcdef0123456789abcdef",      // a 128-bit hash under a 64-bit type
  })
  void malformedPerceptualHashesAreCountedAsRejected(String value) {
    IndicatorIndex index = IndicatorIndex.builder()
        .hammingType("phash64", 64)
        .add(indicator("bad", "phash64", value))
        .add(indicator("good", "phash64", "ffffffffffffffff"))
        .build();
    assertThat(index.rejected()).isEqualTo(1);
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.near(hash("phash64", "ffffffffffffffff", 64), 64))
        .extracting(h -> h.indicator().id()).containsExactly("good");
  }

  @Test
  void aQueryOfAnotherBitLengthOrTypeFindsNothing() {
    IndicatorIndex index = IndicatorIndex.builder()
        .hammingType("phash64", 64)
        .add(indicator("p", "phash64", "0000000000000000"))
        .build();
    ImageHash longer = new ImageHash("phash64", new long[2], 128, 100);
    assertThat(index.near(longer, 128)).isEmpty();
    assertThat(index.near(new ImageHash("dhash64", new long[1], 64, 100), 64)).isEmpty();
    assertThat(index.near(new ImageHash("phash64", new long[1], 64, 100), 0)).hasSize(1);
  }

  @Test
  void declaringAHammingTypeTwiceWithOtherBitsFails() {
    IndicatorIndex.Builder builder = IndicatorIndex.builder().hammingType("pdq", 256);
    builder.hammingType("pdq", 256); // the same declaration again is harmless
    assertThatThrownBy(() -> builder.hammingType("pdq", 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pdq")
        .hasMessageContaining("256");
  }

  @ParameterizedTest
  @CsvSource({"0", "-4", "6", "63"})
  void hammingBitsMustBeAPositiveMultipleOfFour(int bits) {
    assertThatThrownBy(() -> IndicatorIndex.builder().hammingType("x", bits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(bits));
  }

  @Test
  void aNegativeRadiusIsRefused() {
    assertThatThrownBy(() -> IndicatorIndex.empty().near(new ImageHash("phash64", new long[1], 64, 100), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  // --- terms ---

  @Test
  void termIndicatorsGoToTheMatcherNotTheExactSets() {
    IndicatorIndex index = IndicatorIndex.builder()
        .add(Indicator.of("t1", "feed-a", "term", "Fresh  Arrivals", Severity.HIGH, "trafficking"))
        .add(Indicator.of("t2", "feed-b", "term", "FRESH ARRIVALS", Severity.MEDIUM, "trafficking"))
        .add(Indicator.of("t3", "feed-a", "term", "outcall", Severity.MEDIUM, "trafficking"))
        .build();
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.exact("term", "outcall")).isEmpty();
    TermMatcher<List<Indicator>> terms = index.terms();
    assertThat(terms.size()).isEqualTo(2);
    List<TermMatcher.Hit<List<Indicator>>> hits = terms.find(TextNormalizer.normalize("fresh arrivals, outcall"));
    assertThat(hits).hasSize(2);
    assertThat(hits.get(0).value()).extracting(Indicator::id).containsExactly("t1", "t2");
    assertThat(hits.get(1).value()).extracting(Indicator::id).containsExactly("t3");
  }

  @Test
  void termsThatNormaliseToNothingAreRejected() {
    IndicatorIndex index = IndicatorIndex.builder()
        .add(Indicator.of("t", "feed-a", "term", "\u200B\u00AD", Severity.HIGH, "x"))
        .build();
    assertThat(index.rejected()).isEqualTo(1);
    assertThat(index.size()).isZero();
    assertThat(index.terms().size()).isZero();
  }

  // --- snapshots ---

  @Test
  void aBuiltSnapshotDoesNotChangeWhenTheBuilderIsReused() {
    IndicatorIndex.Builder builder = IndicatorIndex.builder().hammingType("phash64", 64)
        .add(indicator("a", "md5", MD5));
    IndicatorIndex first = builder.build();
    builder.add(indicator("b", "md5", MD5))
        .add(indicator("p", "phash64", "0000000000000000"))
        .add(Indicator.of("t", "feed-a", "term", "cash", Severity.LOW, "x"));
    IndicatorIndex second = builder.build();

    assertThat(first.size()).isEqualTo(1);
    assertThat(first.exact("md5", MD5)).extracting(Indicator::id).containsExactly("a");
    assertThat(first.near(new ImageHash("phash64", new long[1], 64, 100), 64)).isEmpty();
    assertThat(first.terms().size()).isZero();

    assertThat(second.exact("md5", MD5)).extracting(Indicator::id).containsExactly("a", "b");
    assertThat(second.near(new ImageHash("phash64", new long[1], 64, 100), 0)).hasSize(1);
    assertThat(second.terms().size()).isEqualTo(1);
  }

  @Test
  void theEmptySnapshotFindsNothing() {
    IndicatorIndex empty = IndicatorIndex.empty();
    assertThat(empty.size()).isZero();
    assertThat(empty.exact("md5", MD5)).isEmpty();
    assertThat(empty.terms().find(TextNormalizer.normalize("cash"))).isEmpty();
  }
}
