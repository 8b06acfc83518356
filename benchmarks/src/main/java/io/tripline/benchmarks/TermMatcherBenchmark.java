package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.text.NormalizedText;
import io.tripline.text.TermMatcher;
import io.tripline.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TermMatcher}: scanning a normalised text for every feed term at once, and building the
 * matcher.
 *
 * <ul>
 *   <li>{@link #find(Scan)}: {@code find(NormalizedText)} on {@code text} = {@code ad} (the clean
 *       ~2 KB ad of {@link InspectBenchmark}: no hits, but every word a prefix of many terms),
 *       {@code hits} (the same ad with a feed term after every third word: about 100 hits) or
 *       {@code ad64k} (the ad 32 times: scan speed without the per-call cost).
 *   <li>{@link #indexOfPerTerm(Baseline)}: the implementation it replaced, one {@code indexOf}
 *       per term, on the same matcher terms and texts (2 KB ones only: it is linear in both).
 *   <li>{@link #build(Build)}: {@code TermMatcher.of(rawTerms)} (normalisation of every term
 *       included), one call per iteration. Its setup prints the build time of {@code of} and of
 *       {@code ofNormalized}, and the heap the matcher retains: used heap after {@code
 *       System.gc()} with the matcher minus before it, the term map alive both times.
 * </ul>
 *
 * <p>Terms are {@link InspectBenchmark#terms}' one- to three-word phrases from the same
 * vocabulary, none of them in the ad, plus 1 % emoji terms (one to three emoji, or an emoji and a
 * word). Fixed seeds.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TermMatcherBenchmark {

  private static final String AD = InspectBenchmark.AD_TITLE + "\n" + InspectBenchmark.AD_BODY;
  private static final String[] EMOJI = {
      "🍭", "🍬", "🌽", "🍑", "🍆", "💦", "🍒", "🍓", "🍫", "🍩", "🧁", "🍰", "❄️", "💊", "💉", "🍁",
      "🌿", "🔌", "💰", "💵", "💳", "🎁", "🚗", "✈️"};

  /** A matcher and a normalised text. */
  abstract static class Texts {
    TermMatcher<Integer> matcher;
    NormalizedText normalized;
    String[] termViews;

    void prepare(int terms, String text) {
      Map<String, Integer> raw = rawTerms(terms);
      matcher = TermMatcher.of(raw);
      Set<String> views = new LinkedHashSet<>();
      raw.keySet().forEach(t -> views.add(TextNormalizer.normalize(t).view()));
      termViews = views.toArray(String[]::new);
      normalized = TextNormalizer.normalize(text(text, new ArrayList<>(raw.keySet())));
      String view = normalized.view();
      int hits = matcher.find(normalized).size();
      System.out.printf("%n[setup] %,d terms, text %s: %,d view chars, %,d UTF-8 bytes, %,d hits%n",
          matcher.size(), text, view.length(), view.getBytes(StandardCharsets.UTF_8).length, hits);
      if (text.equals("hits") ? hits < 50 : hits != 0) {
        throw new IllegalStateException("benchmark setup is wrong: " + hits + " hits in text " + text);
      }
    }
  }

  /** For {@link #find(Scan)}. */
  @State(Scope.Benchmark)
  public static class Scan extends Texts {
    @Param({"100000"})
    public int terms;

    @Param({"ad", "hits", "ad64k"})
    public String text;

    @Setup(Level.Trial)
    public void setUp() {
      prepare(terms, text);
    }
  }

  /** For the baseline: without the 64 KB text, which it would take seconds per call on. */
  @State(Scope.Benchmark)
  public static class Baseline extends Texts {
    @Param({"100000"})
    public int terms;

    @Param({"ad", "hits"})
    public String text;

    @Setup(Level.Trial)
    public void setUp() {
      prepare(terms, text);
    }
  }

  /** Raw terms for the build benchmark; prints build time and retained heap. */
  @State(Scope.Benchmark)
  public static class Build {
    @Param({"100000", "1000000"})
    public int terms;

    Map<String, Integer> raw;

    @Setup(Level.Trial)
    public void setUp() {
      raw = rawTerms(terms);
      Map<String, Integer> views = new LinkedHashMap<>();
      raw.forEach((k, v) -> views.put(TextNormalizer.normalize(k).view(), v));
      for (int round = 0; round < 2; round++) {
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        TermMatcher<Integer> matcher = TermMatcher.of(raw);
        long t1 = System.nanoTime();
        long after = usedAfterGc();
        long t2 = System.nanoTime();
        TermMatcher<Integer> normalizedMatcher = TermMatcher.ofNormalized(views);
        long t3 = System.nanoTime();
        System.out.printf("%n[setup] round %d, %,d terms: of %.2f s, ofNormalized %.2f s, retained %,d bytes"
                + " = %.1f bytes/term%n", round, matcher.size(), (t1 - t0) / 1e9, (t3 - t2) / 1e9,
            after - before, (after - before) / (double) matcher.size());
        if (matcher.size() != normalizedMatcher.size()) {
          throw new IllegalStateException("benchmark setup is wrong: sizes differ");
        }
      }
    }
  }

  @Benchmark
  public List<TermMatcher.Hit<Integer>> find(Scan scan) {
    return scan.matcher.find(scan.normalized);
  }

  @Benchmark
  public int indexOfPerTerm(Baseline scan) {
    String view = scan.normalized.view();
    int hits = 0;
    for (String term : scan.termViews) {
      for (int at = view.indexOf(term); at >= 0; at = view.indexOf(term, at + 1)) {
        int end = at + term.length();
        if ((at == 0 || !Character.isLetterOrDigit(term.codePointAt(0))
            || !Character.isLetterOrDigit(view.codePointBefore(at)))
            && (end == view.length() || !Character.isLetterOrDigit(term.codePointBefore(term.length()))
            || !Character.isLetterOrDigit(view.codePointAt(end)))) {
          hits++;
        }
      }
    }
    return hits;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public TermMatcher<Integer> build(Build build) {
    return TermMatcher.of(build.raw);
  }

  /** {@code count} raw terms: phrases as {@link InspectBenchmark} makes them, 1 % emoji terms. */
  static Map<String, Integer> rawTerms(int count) {
    int emoji = count / 100;
    Set<String> terms = new LinkedHashSet<>();
    for (Indicator indicator : InspectBenchmark.terms(new Random(1), count - emoji, AD)) {
      terms.add(indicator.value());
    }
    List<String> words = new ArrayList<>(terms);
    Random random = new Random(2);
    while (terms.size() < count) {
      StringBuilder term = new StringBuilder();
      for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
        term.append(EMOJI[random.nextInt(EMOJI.length)]);
      }
      if (random.nextBoolean()) {
        term.append(' ').append(words.get(random.nextInt(words.size())).split(" ")[0]);
      }
      terms.add(term.toString());
    }
    Map<String, Integer> raw = new LinkedHashMap<>();
    for (String term : terms) {
      raw.put(term, raw.size());
    }
    return raw;
  }

  /** The text named {@code name}; {@code hits} plants one of {@code terms} after every third word. */
  static String text(String name, List<String> terms) {
    return switch (name) {
      case "ad" -> AD;
      case "ad64k" -> AD.repeat(32);
      case "hits" -> {
        Random random = new Random(3);
        StringBuilder text = new StringBuilder();
        String[] words = AD.split(" ");
        for (int i = 0; i < words.length; i++) {
          text.append(words[i]).append(' ');
          if (i % 3 == 2) {
            text.append(terms.get(random.nextInt(terms.size()))).append(i % 2 == 0 ? ", " : " ");
          }
        }
        yield text.toString();
      }
      default -> throw new IllegalArgumentException("no text " + name);
    };
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
