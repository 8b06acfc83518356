package io.tripline.benchmarks;

import io.tripline.text.MinHashSignature;
import io.tripline.text.TemplateIndex;
import io.tripline.text.TextNormalizer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Near-duplicate ad text: {@link MinHashSignature} of the 2 KB ad of {@link InspectBenchmark}
 * (from its normalised view, and from the raw text with normalisation), and {@link TemplateIndex}
 * queries against {@code n} template signatures.
 *
 * <p>Templates are synthetic ads of one genre from a fixed seed: 50-130 words, a third of the
 * sentences drawn from 40 stock sentences shared by all, the rest random words of a 120-word
 * vocabulary, so unrelated templates overlap the way ads of one kind do. Queries, 1,024 of each
 * kind cycled through: {@code queryPlanted} is a stored template with 3 words replaced and another
 * phone number (it must be found); {@code queryUnrelated} is a fresh ad of the same genre (nothing
 * found). Setup prints the build time and the memory per template, both as {@link
 * TemplateIndex#bytesUsed()} and as the heap growth across the build.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class TemplateIndexBenchmark {

  private static final int QUERIES = 1024;
  private static final double MIN_SIMILARITY = 0.7;

  private static final String[] STOCK = {
    "new in town for a few days only", "call or text me anytime day or night",
    "100% real pics no fakes no games", "incall and outcall available",
    "no blocked numbers no police", "serious gentlemen only please",
    "come and relax with me tonight", "clean discreet and private location",
    "sweet young and ready to please", "available 24 7 for your pleasure",
    "first time in your city so do not miss out", "text only i do not answer calls",
    "ask about my specials and roses", "upscale and professional companion",
    "open minded and fun loving girl", "i speak very little english",
    "friendly and easy going with a great smile", "the best massage you will ever have",
    "full body relaxing massage with happy ending", "hotel visits only at your place",
    "deposit required before meeting", "cash only no checks no cards",
    "safe and clean environment always", "young fresh faces every week",
    "treat yourself to something special", "let me take care of all your needs",
    "you will not be disappointed i promise", "limited time only this weekend",
    "free parking available near the building", "just off the highway easy to find",
    "reviews available on request", "no rush and no pressure just fun",
    "petite body with long dark hair", "tall blonde with curves in all the right places",
    "fluent in spanish and russian", "book now before my schedule fills up",
    "special rate for the first hour", "couples welcome too",
    "my friend is also available for doubles", "i am waiting for your call honey",
  };

  private static final String[] WORDS = (
      "hot sexy sweet lovely beautiful gorgeous busty slim exotic asian latina ebony thick "
      + "naughty playful gentle warm soft private quiet luxury vip discreet real fresh young "
      + "night day weekend hour half special rate donation roses meet see visit relax enjoy "
      + "baby honey daddy gentlemen guys men friend time place room hotel spa studio downtown "
      + "north south east west side near close airport mall highway exit street avenue "
      + "lisa anna mia kitty candy jasmine amber natasha coco lola ruby sasha lily bella nikki "
      + "houston dallas atlanta miami vegas phoenix denver seattle chicago newark orlando tampa "
      + "call text message whatsapp telegram available now today tonight later early late "
      + "cheap price deal offer best top new only ask free open cash card").split(" ");

  /** The 2 KB ad. */
  @State(Scope.Benchmark)
  public static class Ad {
    final String text = InspectBenchmark.AD_TITLE + "\n" + InspectBenchmark.AD_BODY;
    final String view = TextNormalizer.normalize(text).view();
  }

  /** The index of {@code n} templates and the queries. */
  @State(Scope.Benchmark)
  public static class Feed {
    @Param({"100000", "1000000"})
    int n;

    TemplateIndex<Integer> index;
    MinHashSignature[] planted;
    MinHashSignature[] unrelated;
    int next;

    @Setup
    public void setup() {
      SplittableRandom r = new SplittableRandom(42);
      SplittableRandom plantAt = new SplittableRandom(43);
      planted = new MinHashSignature[QUERIES];
      int[] plantedIds = new int[QUERIES];
      for (int q = 0; q < QUERIES; q++) {
        plantedIds[q] = plantAt.nextInt(n);
      }
      Arrays.sort(plantedIds);

      System.gc();
      long heapBefore = usedHeap();
      long t0 = System.nanoTime();
      TemplateIndex.Builder<Integer> builder = TemplateIndex.builder();
      int q = 0;
      for (int i = 0; i < n; i++) {
        String[] words = template(r);
        builder.add(MinHashSignature.fromView(String.join(" ", words)).orElseThrow(), i);
        while (q < QUERIES && plantedIds[q] == i) {
          planted[q++] = MinHashSignature.fromView(String.join(" ", edit(words, r))).orElseThrow();
        }
      }
      index = builder.build();
      long buildNanos = System.nanoTime() - t0;
      builder = null;
      System.gc();
      long heapGrowth = usedHeap() - heapBefore;

      unrelated = new MinHashSignature[QUERIES];
      for (int u = 0; u < QUERIES; u++) {
        unrelated[u] = MinHashSignature.fromView(String.join(" ", template(r))).orElseThrow();
      }
      // Fail rather than measure less than claimed: planted copies found, unrelated ads not.
      int found = 0;
      for (int p = 0; p < QUERIES; p++) {
        List<TemplateIndex.Match<Integer>> m = index.query(planted[p], MIN_SIMILARITY);
        if (!m.isEmpty() && m.get(0).value() == plantedIds[p]) {
          found++;
        }
      }
      int falseHits = 0;
      for (MinHashSignature u : unrelated) {
        falseHits += index.query(u, MIN_SIMILARITY).size();
      }
      if (found < QUERIES * 0.97 || falseHits > 0) {
        throw new IllegalStateException("planted found " + found + " of " + QUERIES
            + ", unrelated matches " + falseHits);
      }
      System.out.printf("%n[setup] n=%d build (signatures + index)=%.1f s bytesUsed/template=%.1f "
              + "heap growth/template=%.1f (values are Integers: 16 B each above 127) "
              + "planted found=%d/%d unrelated matches=%d%n",
          n, buildNanos / 1e9, (double) index.bytesUsed() / n, (double) heapGrowth / n,
          found, QUERIES, falseHits);
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** The words of a synthetic template ad (lower case, as in a normalised view). */
  private static String[] template(SplittableRandom r) {
    StringBuilder sb = new StringBuilder(800);
    int sentences = 6 + r.nextInt(8);
    for (int s = 0; s < sentences; s++) {
      if (r.nextInt(3) == 0) {
        sb.append(STOCK[r.nextInt(STOCK.length)]);
      } else {
        for (int w = 0, len = 6 + r.nextInt(7); w < len; w++) {
          sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
      }
      sb.append(' ');
    }
    sb.append("call ").append(200 + r.nextInt(800)).append(' ').append(r.nextInt(1000))
        .append(' ').append(r.nextInt(10_000));
    return sb.toString().split(" ");
  }

  /** Three words replaced and the phone number changed. */
  private static String[] edit(String[] words, SplittableRandom r) {
    String[] copy = words.clone();
    for (int k = 0; k < 3; k++) {
      copy[r.nextInt(copy.length - 3)] = WORDS[r.nextInt(WORDS.length)];
    }
    copy[copy.length - 1] = Integer.toString(r.nextInt(10_000));
    return copy;
  }

  /** The signature of the 2 KB ad from its normalised view. */
  @Benchmark
  public MinHashSignature signature(Ad ad) {
    return MinHashSignature.fromView(ad.view).orElseThrow();
  }

  /** Normalisation and signature of the 2 KB ad, for scale. */
  @Benchmark
  public MinHashSignature normalizeAndSignature(Ad ad) {
    return MinHashSignature.fromText(ad.text).orElseThrow();
  }

  @Benchmark
  public List<TemplateIndex.Match<Integer>> queryPlanted(Feed feed) {
    return feed.index.query(feed.planted[feed.next++ & (QUERIES - 1)], MIN_SIMILARITY);
  }

  @Benchmark
  public List<TemplateIndex.Match<Integer>> queryUnrelated(Feed feed) {
    return feed.index.query(feed.unrelated[feed.next++ & (QUERIES - 1)], MIN_SIMILARITY);
  }
}
