package io.tripline.benchmarks;

import io.tripline.testkit.TestImages;
import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.image.JImageHashPerceptualHasher;
import io.tripline.image.PdqHasher;
import io.tripline.index.IndicatorIndex;
import io.tripline.text.TextNormalizer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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
 * {@link Tripline#inspect(Submission)} end to end, as an upload path calls it, against a snapshot
 * of 40,000 synthetic indicators: 10,000 terms, 5,000 MD5 plus 5,000 SHA-256 digests, 10,000
 * {@code phash64} and 10,000 {@code pdq} hashes, with the shipped {@code default} rule pack.
 *
 * <ul>
 *   <li>{@link #textAd()}: a clean ~2 KB classified ad (title and body): normalisation, every
 *       term looked up, rules; the verdict is Allow, as for most uploads.
 *   <li>{@link #jpegPhoto()}: one clean 1024x768 JPEG photo: every image signal of an upload, the
 *       issue's "all image signals, decode included": MD5 and SHA-256 of the bytes and their exact
 *       lookups, bounded decode, PDQ with its 8 dihedral variants, pHash, dHash and wavelet hash,
 *       the Hamming lookups (PDQ: all 8 variants), rules.
 * </ul>
 *
 * <p>Everything is generated from fixed seeds in {@link #setUp()}, so every run measures the same
 * work. Sample time, so the report has percentiles: an upload path cares about p99, not the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {
    "-Djava.awt.headless=true",
    // A fixed, pre-touched heap: a warmed-up server has touched its heap, and first-touch page
    // faults on the multi-megabyte decoded images otherwise dominate the tail (see README).
    "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
    // Tripline logs at INFO when built; that would garble JMH's iteration lines.
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class InspectBenchmark {

  static final int TERMS = 10_000;
  static final int DIGESTS_PER_TYPE = 5_000;
  static final int PHASHES = 10_000;
  static final int PDQS = 10_000;
  static final int IMAGE_WIDTH = 1024;
  static final int IMAGE_HEIGHT = 768;

  // Like real ads, title and body hold a few chars outside Latin-1 (€, –), so the normalised
  // text is a UTF-16 string; an all-ASCII ad measures a faster path (see README).
  static final String AD_TITLE = "Sunny 2-bedroom flat near Riverside Park, available 1 March – €1,150/month";

  static final String AD_BODY = """
      Bright and quiet two-bedroom apartment on the 3rd floor of a well-kept 1960s building, \
      five minutes' walk from Riverside Park and the Linden Street tram stop (lines 4 and 11). \
      The flat is 68 m² and has been fully renovated in 2023: new oak floors, double-glazed \
      windows, and a modern kitchen with induction hob, oven, dishwasher and a large fridge-freezer.

      Layout: entrance hall with built-in wardrobe, living room (22 m²) with a south-facing balcony, \
      main bedroom (14 m²) that fits a king-size bed, second bedroom or home office (9 m²), \
      bathroom with walk-in shower and washing machine, separate WC.

      The rent is €1,150 per month plus about €180 for heating, water and building charges; \
      electricity and internet are on your own contract (fibre is available, up to 1 Gbit/s). \
      Deposit is three months' rent, paid into a blocked deposit account as the law requires. \
      Minimum lease 12 months. Sorry, no smoking inside; a small, quiet pet can be discussed.

      Nearby: supermarket and bakery on the corner, a primary school two streets away, the \
      weekly farmers' market on Saturday mornings, and the central station is 15 minutes by tram. \
      Bike storage in the courtyard and a shared cellar room; street parking with a resident \
      permit (about €30 a year).

      We are looking for a tenant who will treat the flat with care. Please include a short \
      introduction, your move-in date, and how many people will live in the apartment. \
      Proof of income (last three payslips or an employment contract) and a reference from \
      your previous landlord will be needed before signing.

      Viewings on Tuesday and Thursday evenings after 6 pm and on Saturday between 10:00 and \
      13:00. Message me through the site, or call/text Anna on +49 170 5550 1234 or write to \
      anna.becker.rentals@example.org. Photos of every room are in the gallery; a floor plan \
      is available on request. First come, first served – no agencies please!
      """;

  /** Words the synthetic terms are made of: real words, so they start the way the ad's words do. */
  private static final String[] VOCABULARY = (
      "apartment room flat house rent sale cheap price deal offer new used car bike phone laptop "
      + "job work cash fast easy money quick loan credit visa transfer payment wallet crypto bitcoin "
      + "girl boy young model massage escort date meet tonight private discreet hotel incall outcall "
      + "party fun hot sweet sexy travel visa passport ticket agency modelling contract overseas "
      + "abroad sponsor papers documents housing provided salary paid daily weekly guaranteed "
      + "no experience needed immediate start urgent hiring waitress dancer hostess club bar "
      + "kitchen cleaner nanny au pair caregiver farm factory construction driver delivery "
      + "package parcel shipping courier pickup dropoff cash only gift card voucher code pin "
      + "verify account password login bank details western union moneygram deposit refund "
      + "lottery winner prize claim inheritance investment profit return guaranteed double "
      + "pills meds pharmacy prescription shipping discreet packaging stealth quality supply "
      + "fresh menu available now call text whatsapp telegram signal snapchat kik dm inbox").split(" ");

  private Tripline tripline;
  private Submission textAd;
  private Submission jpegPhoto;

  /** Builds the snapshot and the two submissions, and checks the setup measures what it claims. */
  @Setup(Level.Trial)
  public void setUp() {
    List<Indicator> indicators = new ArrayList<>(TERMS + 2 * DIGESTS_PER_TYPE + PHASHES + PDQS);
    indicators.addAll(terms(new Random(1), TERMS, AD_TITLE + "\n" + AD_BODY));
    indicators.addAll(randomHashes(new Random(2), "md5", 128, DIGESTS_PER_TYPE));
    indicators.addAll(randomHashes(new Random(3), "sha256", 256, DIGESTS_PER_TYPE));
    indicators.addAll(randomHashes(new Random(4), JImageHashPerceptualHasher.SIGNAL_TYPE, 64, PHASHES));
    indicators.addAll(randomHashes(new Random(6), PdqHasher.SIGNAL_TYPE, PdqHasher.BITS, PDQS));
    tripline = Tripline.builder().indicators(indicators).build();

    textAd = Submission.builder().text("title", AD_TITLE).text("body", AD_BODY).build();
    byte[] jpeg = TestImages.jpeg(photo(new Random(5), IMAGE_WIDTH, IMAGE_HEIGHT), 0.85f);
    jpegPhoto = Submission.builder().file("photo", "flat-living-room.jpg", "image/jpeg", jpeg).build();

    checkSetup(indicators);
  }

  /** A clean classified ad: title and body. */
  @Benchmark
  public Verdict textAd() {
    return tripline.inspect(textAd);
  }

  /** A clean 1024x768 JPEG photo, decoded and hashed inside {@code inspect}. */
  @Benchmark
  public Verdict jpegPhoto() {
    return tripline.inspect(jpegPhoto);
  }

  /**
   * Fails the run rather than measure a setup that skips work: every indicator indexed, the
   * image path actually hashing, and both submissions clean.
   */
  private void checkSetup(List<Indicator> indicators) {
    IndicatorIndex index = tripline.index();
    require(index.size() == indicators.size() && index.rejected() == 0,
        "indexed " + index.size() + " of " + indicators.size() + " indicators, rejected " + index.rejected());
    require(index.terms().size() == TERMS, "term matcher holds " + index.terms().size() + " terms");
    require(tripline.imageHashers().stream()
            .anyMatch(h -> h.signalType().equals(JImageHashPerceptualHasher.SIGNAL_TYPE)),
        "no phash64 hasher found by ServiceLoader");
    require(ImageIO.getImageReadersByFormatName("jpeg").hasNext(), "no JPEG reader");
    Verdict text = tripline.inspect(textAd);
    require(text instanceof Verdict.Allow && text.matches().isEmpty(), "the ad is not clean: " + text);
    Verdict image = tripline.inspect(jpegPhoto);
    require(image instanceof Verdict.Allow && image.matches().isEmpty(), "the photo is not clean: " + image);
    require(image.files().get(0).hashes().size() == tripline.imageHashers().size()
            && tripline.imageHashers().stream().anyMatch(h -> h.signalType().equals(PdqHasher.SIGNAL_TYPE)),
        "not every image hasher ran on the photo: " + image.files());
    // The same ad with one feed term in it must match, or the lookups measured are not working.
    Indicator planted = indicators.get(0);
    Verdict withTerm = tripline.inspect(Submission.builder().text("body", AD_BODY + " " + planted.value()).build());
    require(withTerm.matches().stream().anyMatch(m -> m.indicatorId().equals(planted.id())),
        "the planted term '" + planted.value() + "' was not found: " + withTerm);
  }

  /**
   * {@code count} distinct one- to three-word terms from {@link #VOCABULARY}, none of which occurs
   * in {@code text}: the text stays clean, yet shares words with the terms, so the scans do the
   * partial comparisons a real feed causes.
   */
  static List<Indicator> terms(Random random, int count, String text) {
    String view = TextNormalizer.normalize(text).view();
    Set<String> terms = new LinkedHashSet<>();
    while (terms.size() < count) {
      int words = 1 + random.nextInt(3);
      StringBuilder term = new StringBuilder();
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          term.append(' ');
        }
        term.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
      }
      // Single words would be used up quickly; a number suffix keeps them distinct, like the
      // numbered code words real feeds carry.
      if (words == 1) {
        term.append(random.nextInt(1000));
      }
      String candidate = term.toString();
      // Conservative: a term found anywhere in the text, even inside a word, is left out.
      if (!view.contains(candidate)) {
        terms.add(candidate);
      }
    }
    List<Indicator> indicators = new ArrayList<>(count);
    int i = 0;
    for (String term : terms) {
      indicators.add(Indicator.of("term-" + i, "bench-terms", IndicatorIndex.TERM, term, severity(i),
          i % 2 == 0 ? "trafficking" : "scam"));
      i++;
    }
    return indicators;
  }

  /** {@code count} random hashes of {@code bits} bits, as lower-case hex. */
  static List<Indicator> randomHashes(Random random, String signalType, int bits, int count) {
    List<Indicator> indicators = new ArrayList<>(count);
    HexFormat hex = HexFormat.of();
    byte[] bytes = new byte[bits / 8];
    for (int i = 0; i < count; i++) {
      random.nextBytes(bytes);
      indicators.add(Indicator.of(signalType + "-" + i, "bench-hashes", signalType, hex.formatHex(bytes),
          severity(i), "csam"));
    }
    return indicators;
  }

  private static Severity severity(int i) {
    return Severity.values()[i % Severity.values().length];
  }

  /**
   * A photo-like picture: a sky-to-floor gradient, furniture-sized shapes, a caption and
   * sensor-like noise, so the JPEG has a realistic size and entropy (flat synthetic images
   * compress to a fraction of a photo and decode faster).
   */
  static BufferedImage photo(Random random, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(0xCFE3F2), 0, height, new Color(0x8A6E52)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(random.nextInt(0x1000000)));
      int w = 20 + random.nextInt(width / 3);
      int h = 20 + random.nextInt(height / 3);
      int x = random.nextInt(width - 10);
      int y = random.nextInt(height - 10);
      switch (random.nextInt(3)) {
        case 0 -> g.fillOval(x, y, w, h);
        case 1 -> g.fillRoundRect(x, y, w, h, 12, 12);
        default -> {
          g.setStroke(new BasicStroke(1 + random.nextInt(8)));
          g.drawLine(x, y, x + w, y + h);
        }
      }
    }
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 36));
    g.drawString("Living room, south balcony", 40, height - 40);
    g.dispose();
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int noise = (int) (random.nextGaussian() * 6);
        int rgb = row[x];
        row[x] = (clamp(((rgb >> 16) & 0xFF) + noise) << 16)
            | (clamp(((rgb >> 8) & 0xFF) + noise) << 8)
            | clamp((rgb & 0xFF) + noise);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  private static int clamp(int channel) {
    return Math.max(0, Math.min(255, channel));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException("benchmark setup is wrong: " + message);
    }
  }
}
