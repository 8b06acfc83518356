package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Match;
import io.tripline.Severity;
import io.tripline.Span;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.index.IndicatorIndex;
import io.tripline.text.Entity;
import io.tripline.text.EntityHasher;
import io.tripline.text.MinHashSignature;
import io.tripline.text.TextAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole text pipeline of one 2 KB ad, as {@link Tripline#inspect(Submission)} runs it, against
 * a snapshot of 100,000 {@code term} indicators, 1,000,000 hashed entities ({@code phone.sha256},
 * {@code email.sha256}, {@code wallet.sha256}, {@code url.sha256}, {@code handle.sha256}) and a few
 * thousand {@code minhash} templates: normalised views, term automata, contact and phone
 * extraction, entity hashing and exact lookups, the near-duplicate signature and its query, rules.
 *
 * <ul>
 *   <li>{@link #inspectAd()}: the clean ad of {@link InspectBenchmark} (title and body as one
 *       field, with a phone number, which libphonenumber reads but finds invalid, and an email
 *       address); verdict Allow, no match.
 *   <li>{@link #inspectAdWithHits()}: the same ad with an obfuscated phone number whose hash is in
 *       the feed and two feed terms; exactly those three matches.
 *   <li>{@link #analyzeOnly()}: {@link TextAnalyzer#analyze(String)} of the clean ad alone (views,
 *       entities, signature), to split the time between analysis and lookups.
 * </ul>
 *
 * <p>Everything is generated from fixed seeds in {@link #setUp()}, which fails the run if the
 * snapshot or the verdicts are not what the benchmarks claim.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {
    // A fixed, pre-touched heap, as a warmed-up server has (see README).
    "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch",
    // Tripline logs at INFO when built; that would garble JMH's iteration lines.
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TextPipelineBenchmark {

  static final int TERMS = 100_000;
  static final int ENTITIES_PER_TYPE = 200_000;
  static final int TEMPLATES = 5_000;

  /** The 2 KB ad of {@link InspectBenchmark}, title and body in one field. */
  static final String AD = InspectBenchmark.AD_TITLE + "\n" + InspectBenchmark.AD_BODY;

  /** The obfuscated phone number planted in the ad, and the E.164 form its hash is fed as. */
  static final String OBFUSCATED_PHONE = "(202) five5five-01two3";
  static final String PLANTED_PHONE = "+12025550123";

  /** Words of the synthetic template ads (another genre than the flat ad). */
  private static final String[] TEMPLATE_WORDS = (
      "hot sexy sweet lovely beautiful slim exotic naughty playful gentle warm soft private quiet "
      + "luxury vip discreet real fresh young night day weekend hour special rate roses meet visit "
      + "relax enjoy baby honey gentlemen friend time place hotel spa studio downtown airport mall "
      + "highway exit lisa mia kitty candy jasmine amber lola ruby sasha lily bella houston dallas "
      + "miami vegas denver seattle chicago orlando whatsapp telegram tonight later early late").split(" ");

  private static final String[] TLDS = {"com", "net", "org", "io", "ru", "co.uk", "info", "biz"};
  private static final String[] HANDLE_SERVICES = {"telegram", "whatsapp", "snapchat", "instagram", "kik"};
  private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private Tripline tripline;
  private TextAnalyzer analyzer;
  private Submission ad;
  private Submission adWithHits;

  /** Builds the snapshot and the submissions, and checks the setup measures what it claims. */
  @Setup(Level.Trial)
  public void setUp() {
    long t0 = System.nanoTime();
    List<Indicator> terms = InspectBenchmark.terms(new Random(1), TERMS, AD);
    List<Indicator> indicators = new ArrayList<>(TERMS + 5 * ENTITIES_PER_TYPE + TEMPLATES + 1);
    indicators.addAll(terms);
    indicators.addAll(hashedEntities(new Random(7)));
    EntityHasher sha256 = EntityHasher.sha256();
    Entity planted = new Entity(Entity.TYPE_PHONE, PLANTED_PHONE, new Span(0, 1));
    Indicator phoneIndicator = Indicator.of("phone-planted", "bench-entities", sha256.signalType(planted),
        sha256.hash(planted), Severity.HIGH, "trafficking");
    indicators.add(phoneIndicator);
    indicators.addAll(templates(new Random(8)));
    tripline = Tripline.builder().indicators(indicators).build();
    analyzer = TextAnalyzer.forRegion("US");
    long built = System.nanoTime();

    IndicatorIndex index = tripline.index();
    require(index.size() == indicators.size() && index.rejected() == 0,
        "indexed " + index.size() + " of " + indicators.size() + " indicators, rejected " + index.rejected());
    require(index.terms().size() == TERMS, "term matcher holds " + index.terms().size() + " terms");

    ad = Submission.builder().text("body", AD).build();
    Verdict clean = tripline.inspect(ad);
    require(clean instanceof Verdict.Allow && clean.matches().isEmpty(), "the ad is not clean: " + clean);
    TextAnalyzer.Analysis analysis = analyzer.analyze(AD);
    Set<String> types = analysis.entities().stream().map(Entity::type).collect(Collectors.toSet());
    // Its "+49 170 5550 1234" goes through libphonenumber but is not a valid German number, so
    // the entities are the email alone.
    require(types.equals(Set.of(Entity.TYPE_EMAIL)) && analysis.signature().isPresent(),
        "the ad should give an email and a signature: " + analysis.entities());

    // Two feed terms and the obfuscated phone; the first pair of terms (in feed order) that
    // gives exactly these three matches, so no neighbouring words form a further term.
    String withHits = null;
    for (int a = 0; a < 20 && withHits == null; a++) {
      Indicator first = terms.get(2 * a);
      Indicator second = terms.get(2 * a + 1);
      String candidate = adWithHits(first.value(), second.value());
      Verdict verdict = tripline.inspect(Submission.builder().text("body", candidate).build());
      Set<String> expected = new TreeSet<>(List.of(first.id(), second.id(), phoneIndicator.id()));
      Set<String> got = verdict.matches().stream().map(Match::indicatorId).collect(Collectors.toCollection(TreeSet::new));
      if (verdict.matches().size() == 3 && got.equals(expected)) {
        withHits = candidate;
        System.out.printf("%n[setup] ad with hits: terms '%s', '%s', phone '%s' -> %s; %d chars%n",
            first.value(), second.value(), OBFUSCATED_PHONE, verdict.getClass().getSimpleName(), candidate.length());
      }
    }
    require(withHits != null, "no pair of feed terms gave exactly the three planted matches");
    adWithHits = Submission.builder().text("body", withHits).build();
    System.out.printf("[setup] %d indicators (%d terms, %d hashed entities, %d templates), built in %.1f s%n",
        index.size(), TERMS, 5 * ENTITIES_PER_TYPE + 1, TEMPLATES, (built - t0) / 1e9);
  }

  /** The clean ad through {@code inspect}. */
  @Benchmark
  public Verdict inspectAd() {
    return tripline.inspect(ad);
  }

  /** The ad with an obfuscated fed phone number and two feed terms through {@code inspect}. */
  @Benchmark
  public Verdict inspectAdWithHits() {
    return tripline.inspect(adWithHits);
  }

  /** The text analysis of the clean ad alone: views, entities, signature; no lookups, no rules. */
  @Benchmark
  public TextAnalyzer.Analysis analyzeOnly() {
    return analyzer.analyze(AD);
  }

  /** The ad with {@code first} in its first paragraph, {@code second} and the phone in its last. */
  static String adWithHits(String first, String second) {
    String text = AD.replace("Bright and quiet two-bedroom apartment",
        "Bright and quiet two-bedroom apartment (" + first + ")");
    return text.replace("First come, first served",
        "Or ring " + OBFUSCATED_PHONE + " evenings. " + second + ". First come, first served");
  }

  /** {@link #ENTITIES_PER_TYPE} random normalised values of each entity type, as their SHA-256. */
  static List<Indicator> hashedEntities(Random random) {
    EntityHasher hasher = EntityHasher.sha256();
    String[] types = {Entity.TYPE_PHONE, Entity.TYPE_EMAIL, Entity.TYPE_WALLET, Entity.TYPE_URL, Entity.TYPE_HANDLE};
    List<Indicator> indicators = new ArrayList<>(types.length * ENTITIES_PER_TYPE);
    Span span = new Span(0, 1);
    int i = 0;
    for (String type : types) {
      for (int k = 0; k < ENTITIES_PER_TYPE; k++) {
        Entity entity = new Entity(type, randomValue(random, type), span);
        indicators.add(Indicator.of(type + "-" + k, "bench-entities", hasher.signalType(entity), hasher.hash(entity),
            Severity.values()[i++ % Severity.values().length], "scam"));
      }
    }
    return indicators;
  }

  /** A random value in the normalised form of its type (what {@link Entity#value()} holds). */
  private static String randomValue(Random random, String type) {
    return switch (type) {
      // North American and European numbers in E.164.
      case Entity.TYPE_PHONE -> random.nextBoolean()
          ? "+1" + (200 + random.nextInt(800)) + (200 + random.nextInt(800)) + String.format("%04d", random.nextInt(10_000))
          : "+4" + (1 + random.nextInt(9)) + (100_000_000L + (random.nextLong() & Long.MAX_VALUE) % 900_000_000L);
      case Entity.TYPE_EMAIL -> word(random, 4, 12) + (random.nextBoolean() ? "." + word(random, 3, 8) : "")
          + "@" + word(random, 4, 10) + "." + TLDS[random.nextInt(TLDS.length)];
      case Entity.TYPE_WALLET -> "btc:1" + chars(random, BASE58, 33);
      case Entity.TYPE_URL -> "https://" + word(random, 4, 10) + "." + TLDS[random.nextInt(TLDS.length)] + "/"
          + word(random, 3, 12);
      case Entity.TYPE_HANDLE -> HANDLE_SERVICES[random.nextInt(HANDLE_SERVICES.length)] + ":" + word(random, 5, 14);
      default -> throw new IllegalArgumentException(type);
    };
  }

  private static String word(Random random, int min, int max) {
    return chars(random, ALPHANUMERIC, min + random.nextInt(max - min + 1));
  }

  private static String chars(Random random, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int k = 0; k < length; k++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** {@link #TEMPLATES} signatures of synthetic ads of another genre, 50-130 words each. */
  static List<Indicator> templates(Random random) {
    List<Indicator> indicators = new ArrayList<>(TEMPLATES);
    for (int i = 0; i < TEMPLATES; i++) {
      StringBuilder sb = new StringBuilder(800);
      for (int w = 0, words = 50 + random.nextInt(81); w < words; w++) {
        sb.append(w == 0 ? "" : " ").append(TEMPLATE_WORDS[random.nextInt(TEMPLATE_WORDS.length)]);
      }
      String hex = MinHashSignature.fromView(sb.toString()).orElseThrow().toHex();
      indicators.add(Indicator.of("minhash-" + i, "bench-templates", IndicatorIndex.TEMPLATE, hex, Severity.MEDIUM,
          "trafficking"));
    }
    return indicators;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException("benchmark setup is wrong: " + message);
    }
  }
}
