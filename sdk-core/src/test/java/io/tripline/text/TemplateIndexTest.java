package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateIndexTest {

  private static final int TEMPLATES = 3_000;
  private static List<String> ads;
  private static TemplateIndex<String> index;
  private static ExecutorService executor;

  @BeforeAll
  static void buildFeed() {
    SplittableRandom r = new SplittableRandom(10);
    ads = new ArrayList<>();
    TemplateIndex.Builder<String> builder = TemplateIndex.builder();
    for (int i = 0; i < TEMPLATES; i++) {
      String ad = TemplateAds.ad(r);
      ads.add(ad);
      builder.add(sig(ad), "template-" + i);
    }
    index = builder.build();
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopExecutor() {
    executor.shutdownNow();
  }

  private static MinHashSignature sig(String text) {
    return MinHashSignature.fromText(text).orElseThrow();
  }

  @Test
  void editedCopiesOfATemplateAreFoundFirst() {
    SplittableRandom r = new SplittableRandom(11);
    int found = 0;
    int tries = 300;
    for (int i = 0; i < tries; i++) {
      int t = r.nextInt(TEMPLATES);
      String copy = TemplateAds.obfuscate(TemplateAds.restyle(
          TemplateAds.replaceWords(TemplateAds.changePhone(ads.get(t), r), 3, r), r), r);
      List<TemplateIndex.Match<String>> matches = index.query(sig(copy), 0.7);
      if (!matches.isEmpty() && matches.get(0).value().equals("template-" + t)) {
        found++;
      }
    }
    // True similarity of these copies is 0.8 or more; a miss needs an estimate 2.5 sigma low.
    assertThat(found).isGreaterThanOrEqualTo(tries - 3);
  }

  @Test
  void anExactCopyIsFoundWithSimilarityOne() {
    TemplateIndex.Match<String> best = index.query(sig(ads.get(42)), 0.99).get(0);
    assertThat(best).isEqualTo(new TemplateIndex.Match<>("template-42", 1.0));
  }

  @Test
  void unrelatedAdsOfTheSameGenreAreNotFound() {
    SplittableRandom r = new SplittableRandom(12);
    for (int i = 0; i < 500; i++) {
      assertThat(index.query(sig(TemplateAds.ad(r)), 0.7)).isEmpty();
    }
  }

  @Test
  void estimatesAreCloseToTheSignatureSimilarityAndSortedBestFirst() {
    SplittableRandom r = new SplittableRandom(13);
    for (int i = 0; i < 100; i++) {
      int t = r.nextInt(TEMPLATES);
      MinHashSignature query = sig(TemplateAds.replaceWords(ads.get(t), r.nextInt(8), r));
      List<TemplateIndex.Match<String>> matches = index.query(query, 0.0);
      for (int m = 0; m < matches.size(); m++) {
        TemplateIndex.Match<String> match = matches.get(m);
        int id = Integer.parseInt(match.value().substring("template-".length()));
        assertThat(match.similarity()).isCloseTo(query.similarity(sig(ads.get(id))), within(0.05));
        if (m > 0) {
          assertThat(match.similarity()).isLessThanOrEqualTo(matches.get(m - 1).similarity());
        }
      }
    }
  }

  /**
   * The S-curve of 25 bands x 5 rows: a template of true similarity 0.7-0.8 is a candidate with
   * probability 0.990 or more; one of 0.25-0.35 with probability 0.02-0.12.
   */
  @Test
  void bandingFindsSimilarTemplatesAndRarelyDissimilarOnes() {
    SplittableRandom r = new SplittableRandom(14);
    int similar = 0;
    int similarFound = 0;
    int dissimilar = 0;
    int dissimilarFound = 0;
    while (similar < 400 || dissimilar < 400) {
      String ad = TemplateAds.ad(r);
      String other = TemplateAds.replaceWords(ad, 5 + r.nextInt(50), r);
      double truth = TemplateAds.jaccard(TemplateAds.shingles(ad), TemplateAds.shingles(other));
      boolean candidate = !TemplateIndex.<String>builder().add(sig(ad), "t").build()
          .query(sig(other), 0.0).isEmpty();
      if (truth >= 0.7 && truth < 0.8 && similar < 400) {
        similar++;
        similarFound += candidate ? 1 : 0;
      } else if (truth >= 0.25 && truth < 0.35 && dissimilar < 400) {
        dissimilar++;
        dissimilarFound += candidate ? 1 : 0;
      }
    }
    assertThat(similarFound).isGreaterThanOrEqualTo(392);
    assertThat(dissimilarFound).isBetween(2, 60);
  }

  @Test
  void theSameSignatureTwiceGivesTwoMatchesInTheOrderAdded() {
    MinHashSignature s = sig(ads.get(0));
    TemplateIndex<String> twice = TemplateIndex.<String>builder()
        .add(sig(ads.get(1)), "other").add(s, "first").add(s, "second").build();
    assertThat(twice.query(s, 0.7)).extracting(TemplateIndex.Match::value)
        .containsExactly("first", "second");
  }

  @Test
  void anEmptyIndexFindsNothing() {
    TemplateIndex<String> empty = TemplateIndex.<String>builder().build();
    assertThat(empty.size()).isZero();
    assertThat(empty.query(sig(ads.get(0)), 0.0)).isEmpty();
  }

  @Test
  void aBuiltIndexDoesNotChangeWhenItsBuilderIsReused() {
    TemplateIndex.Builder<String> builder = TemplateIndex.<String>builder().add(sig(ads.get(0)), "a");
    TemplateIndex<String> first = builder.build();
    builder.add(sig(ads.get(1)), "b");
    TemplateIndex<String> second = builder.build();
    assertThat(first.size()).isEqualTo(1);
    assertThat(first.query(sig(ads.get(1)), 0.7)).isEmpty();
    assertThat(second.query(sig(ads.get(1)), 0.7)).extracting(TemplateIndex.Match::value).containsExactly("b");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void aMinimumOutsideZeroToOneIsRefused(double min) {
    assertThatThrownBy(() -> index.query(sig(ads.get(0)), min))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSimilarity must be between 0 and 1");
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> index.query(null, 0.7)).isInstanceOf(NullPointerException.class);
    TemplateIndex.Builder<String> builder = TemplateIndex.builder();
    assertThatThrownBy(() -> builder.add(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.add(sig(ads.get(0)), null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentQueriesGetTheSameAnswers() throws Exception {
    SplittableRandom r = new SplittableRandom(15);
    List<MinHashSignature> queries = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      queries.add(sig(TemplateAds.replaceWords(ads.get(r.nextInt(TEMPLATES)), r.nextInt(10), r)));
    }
    List<List<TemplateIndex.Match<String>>> expected = new ArrayList<>();
    for (MinHashSignature q : queries) {
      expected.add(index.query(q, 0.5));
    }
    List<Future<List<List<TemplateIndex.Match<String>>>>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(executor.submit(() -> {
        List<List<TemplateIndex.Match<String>>> got = new ArrayList<>();
        for (MinHashSignature q : queries) {
          got.add(index.query(q, 0.5));
        }
        return got;
      }));
    }
    for (Future<List<List<TemplateIndex.Match<String>>>> f : futures) {
      assertThat(f.get()).isEqualTo(expected);
    }
  }

  @Test
  void memoryPerTemplateIsModest() {
    assertThat(index.size()).isEqualTo(TEMPLATES);
    // 128 signature bytes, 4 for the value reference, 25 bands x (4-byte id + 1-2 bytes of offsets).
    assertThat((double) index.bytesUsed() / TEMPLATES).isBetween(250.0, 290.0);
  }
}
