package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinHashSignatureTest {

  private static MinHashSignature sig(String text) {
    return MinHashSignature.fromText(text).orElseThrow();
  }

  /** The minimum estimate over 100 ads of a given edit. */
  private static double minSimilarity(BiFunction<String, SplittableRandom, String> edit) {
    SplittableRandom r = new SplittableRandom(1);
    double min = 1;
    for (int i = 0; i < 100; i++) {
      String ad = TemplateAds.ad(r);
      min = Math.min(min, sig(ad).similarity(sig(edit.apply(ad, r))));
    }
    return min;
  }

  @Test
  void anotherPhoneNumberDoesNotChangeTheSignature() {
    assertThat(minSimilarity(TemplateAds::changePhone)).isEqualTo(1.0);
  }

  @Test
  void caseSpacingEmojiAndLineBreaksDoNotChangeTheSignature() {
    assertThat(minSimilarity(TemplateAds::restyle)).isEqualTo(1.0);
  }

  @Test
  void obfuscationThatNormalisationUndoesDoesNotChangeTheSignature() {
    assertThat(minSimilarity(TemplateAds::obfuscate)).isEqualTo(1.0);
  }

  @Test
  void aFewReplacedOrSwappedWordsScoreHigh() {
    // True Jaccard of these edits is 0.76 or more on these ads (see TemplateAds.shingles).
    assertThat(minSimilarity((ad, r) -> TemplateAds.replaceWords(ad, 3, r))).isGreaterThanOrEqualTo(0.7);
    assertThat(minSimilarity((ad, r) -> TemplateAds.swapWords(ad, 3, r))).isGreaterThanOrEqualTo(0.65);
  }

  @Test
  void allEditsTogetherStillScoreHigh() {
    assertThat(minSimilarity((ad, r) -> TemplateAds.obfuscate(TemplateAds.restyle(
        TemplateAds.replaceWords(TemplateAds.changePhone(ad, r), 2, r), r), r)))
        .isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void unrelatedAdsOfTheSameGenreScoreLow() {
    SplittableRandom r = new SplittableRandom(2);
    MinHashSignature[] sigs = new MinHashSignature[200];
    for (int i = 0; i < sigs.length; i++) {
      sigs[i] = sig(TemplateAds.ad(r));
    }
    double max = 0;
    for (int i = 0; i < sigs.length; i++) {
      for (int j = i + 1; j < sigs.length; j++) {
        max = Math.max(max, sigs[i].similarity(sigs[j]));
      }
    }
    assertThat(max).isLessThan(0.45);
  }

  /**
   * The estimate is a binomial fraction: k = 128 values each equal with probability J, so its
   * standard deviation is sqrt(J (1 - J) / k). Checks over 600 pairs with true J spread over 0 to 1
   * that no error exceeds 4.5 of those (a chance of about 1 in 150,000 per pair), that there is no
   * bias, and that the spread is what the binomial model says (hash functions independent enough).
   */
  @Test
  void estimatesAreWithinTheBinomialErrorOfTheTrueJaccard() {
    SplittableRandom r = new SplittableRandom(3);
    int pairs = 600;
    double sumError = 0;
    double sumSquaredZ = 0;
    int counted = 0;
    for (int p = 0; p < pairs; p++) {
      String a = TemplateAds.ad(r);
      String b = TemplateAds.replaceWords(a, r.nextInt(60), r);
      double truth = TemplateAds.jaccard(TemplateAds.shingles(a), TemplateAds.shingles(b));
      double estimate = sig(a).similarity(sig(b));
      double sigma = Math.sqrt(truth * (1 - truth) / MinHashSignature.SIZE);
      assertThat(Math.abs(estimate - truth))
          .as("pair %d: true %s, estimate %s", p, truth, estimate)
          .isLessThanOrEqualTo(4.5 * sigma + 1e-9);
      sumError += estimate - truth;
      if (sigma > 0) {
        double z = (estimate - truth) / sigma;
        sumSquaredZ += z * z;
        counted++;
      }
    }
    // Mean error: sigma of a single estimate is at most 0.044, of the mean of 600 about 0.0018.
    assertThat(Math.abs(sumError / pairs)).isLessThan(0.008);
    // Mean squared z near 1; its standard error over ~600 pairs is about 0.06.
    assertThat(sumSquaredZ / counted).isBetween(0.75, 1.25);
  }

  @Test
  void textsOfFewerThanMinWordsHaveNoSignature() {
    assertThat(MinHashSignature.fromText("")).isEmpty();
    assertThat(MinHashSignature.fromText("💋💋💋 !!! ... 🔥")).isEmpty();
    assertThat(MinHashSignature.fromText("call me now")).isEmpty();
    assertThat(MinHashSignature.fromText("one two three four five six seven")).isEmpty();
    assertThat(MinHashSignature.fromText("one two three four five six seven eight")).isPresent();
    assertThat(MinHashSignature.MIN_WORDS).isEqualTo(8);
  }

  @Test
  void theSignatureOfAFixedTextIsFixed() {
    // Part of the feed format mh1: if this fails, the seeds, hashing or shingling changed, and
    // signatures in existing feeds no longer compare. Bump the version prefix instead.
    String text = "Sweet young Lisa new in town! Call or text (555) 123-4567, incall and outcall.";
    assertThat(sig(text).toHex()).isEqualTo(FIXED_HEX);
  }

  private static final String FIXED_HEX = "mh1:"
      + "aa3b9ece152ed7fe4c921fc7a8aeac8bdf016aeda3fbac6dc97a87c7df016aed"
      + "a3fbac6d29f580f01cc1a94da3fbac6d9cffc6b85029c6a19cffc6b89cffc6b8"
      + "9cffc6b802549c23152ed7fedf016aedc97a87c70cc1882b5029c6a10cc1882b"
      + "0cc1882b29f580f029f580f0aa3b9ece29f580f0df016aed4c921fc71cc1a94d"
      + "df016aeda8aeac8b9cffc6b8efc58764a3fbac6dc97a87c71cc1a94d02549c23"
      + "4c921fc74c921fc71cc1a94da8aeac8ba8aeac8befc587641cc1a94d9cffc6b8"
      + "aa3b9ece0cc1882b5029c6a1df016aeda8aeac8b29f580f002549c2302549c23"
      + "152ed7fe4c921fc7c97a87c702549c2329f580f00cc1882b9cffc6b8aa3b9ece"
      + "a8aeac8b0cc1882b1cc1a94defc58764aa3b9ecea8aeac8befc5876402549c23"
      + "9cffc6b8df016aed02549c2329f580f0152ed7fe29f580f0efc5876402549c23"
      + "a3fbac6da3fbac6d29f580f0c97a87c7a8aeac8b0cc1882b29f580f0a3fbac6d"
      + "29f580f0a3fbac6defc58764c97a87c729f580f05029c6a19cffc6b829f580f0"
      + "152ed7fea3fbac6da8aeac8b29f580f0a3fbac6d152ed7feefc5876429f580f0"
      + "152ed7fe5029c6a14c921fc74c921fc729f580f002549c23efc5876429f580f0"
      + "4c921fc75029c6a11cc1a94d0cc1882bc97a87c7a3fbac6d152ed7fec97a87c7"
      + "152ed7fedf016aed0cc1882bdf016aed0cc1882b9cffc6b81cc1a94d02549c23";

  @Test
  void theSignatureDependsOnTheViewOnly() {
    String text = "Ｓｗｅｅｔ YOUNG li\u200Bsa 🔥 new in town! Call or text 555.987.6543 incall and outcall";
    assertThat(sig(text)).isEqualTo(sig("sweet young lisa new in town call or text 000 000 0000 incall and outcall"));
    assertThat(MinHashSignature.fromView(TextNormalizer.normalize(text).view())).contains(sig(text));
  }

  @Test
  void ideographsAreWordsOnTheirOwn() {
    String ad = "新来的小妹妹，年轻漂亮，身材好，服务周到，欢迎来电预约，价格优惠，安全卫生";
    String edited = ad.replace("价格优惠", "价格便宜");
    assertThat(sig(ad).similarity(sig(edited))).isGreaterThan(0.7);
    assertThat(MinHashSignature.fromText("新来的小妹")).isEmpty();
  }

  @Test
  void hexRoundTrips() {
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 20; i++) {
      MinHashSignature s = sig(TemplateAds.ad(r));
      String hex = s.toHex();
      assertThat(hex).startsWith("mh1:").hasSize(4 + 128 * 8).matches("mh1:[0-9a-f]+");
      assertThat(MinHashSignature.parseHex(hex)).isEqualTo(s).hasSameHashCodeAs(s);
      assertThat(MinHashSignature.parseHex("mh1:" + hex.substring(4).toUpperCase())).isEqualTo(s);
    }
  }

  @Test
  void hexOfAnotherVersionIsRefused() {
    String body = sig(TemplateAds.ad(new SplittableRandom(5))).toHex().substring(4);
    assertThatThrownBy(() -> MinHashSignature.parseHex("mh2:" + body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported MinHash signature version 'mh2'")
        .hasMessageContaining("mh1:");
    assertThatThrownBy(() -> MinHashSignature.parseHex("pdq:" + body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 'pdq'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "mh1", "mh1:", "mh1:00ff", "MH1:00", "deadbeef", " mh1:00"})
  void malformedHexIsRefused(String hex) {
    assertThatThrownBy(() -> MinHashSignature.parseHex(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(not a MinHash signature|malformed MinHash signature|unsupported MinHash).*");
  }

  @Test
  void hexWithABadDigitOrLengthIsRefused() {
    String hex = sig(TemplateAds.ad(new SplittableRandom(6))).toHex();
    for (String bad : new String[] {
        hex.substring(0, 500) + "g" + hex.substring(501),
        hex.substring(0, 500) + "\uFF11" + hex.substring(501), // full-width 1: Character.digit accepts it
        hex.substring(0, 500) + "-" + hex.substring(501),
        hex + "0",
        hex.substring(0, hex.length() - 1),
        hex + "\n"}) {
      assertThatThrownBy(() -> MinHashSignature.parseHex(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("malformed MinHash signature");
    }
    assertThatThrownBy(() -> MinHashSignature.parseHex(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void tenMegabytesTakeBoundedTime() {
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder sb = new StringBuilder(10 << 20);
    while (sb.length() < 10 << 20) {
      sb.append(TemplateAds.ad(r)).append('\n');
    }
    String view = TextNormalizer.normalize(sb.toString()).view();
    Optional<MinHashSignature> s = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> MinHashSignature.fromView(view));
    // Every ad in it is a small part of it: similar to none, but the whole is similar to itself.
    assertThat(s).isPresent();
    assertThat(s.get().similarity(sig(view))).isEqualTo(1.0);
    assertThat(s.get().similarity(sig(TemplateAds.ad(r)))).isLessThan(0.1);
  }

  @Test
  void pathologicalRepeatsTakeBoundedTime() {
    int size = 10 << 20;
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      // One 10 MB word: no shingle.
      assertThat(MinHashSignature.fromView("a".repeat(size))).isEmpty();
      // Separators only.
      assertThat(MinHashSignature.fromView("💋 !".repeat(size / 4))).isEmpty();
      // The same pair over and over: one shingle, so equal to a short text of it.
      Optional<MinHashSignature> repeated = MinHashSignature.fromView("ab ".repeat(size / 3));
      assertThat(repeated).isPresent();
      assertThat(repeated.get()).isEqualTo(sig("ab ab ab ab ab ab ab ab"));
      // Two alternating pairs, digits and ideographs.
      assertThat(MinHashSignature.fromView("x y ".repeat(size / 4)).orElseThrow())
          .isEqualTo(sig("x y x y x y x y"));
      assertThat(MinHashSignature.fromView("1 ".repeat(size / 2))).isPresent();
      assertThat(MinHashSignature.fromView("妹".repeat(size))).isPresent();
    });
  }

  @Test
  void toStringShowsOnlyAPrefix() {
    MinHashSignature s = sig(TemplateAds.ad(new SplittableRandom(8)));
    assertThat(s.toString()).startsWith("MinHashSignature[mh1:").hasSizeLessThan(50);
    assertThat(new HashSet<>(List.of(s, MinHashSignature.parseHex(s.toHex())))).hasSize(1);
  }
}
