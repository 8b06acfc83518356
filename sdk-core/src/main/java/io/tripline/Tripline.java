package io.tripline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tripline.feed.NdjsonFeed;
import io.tripline.image.FileDigests;
import io.tripline.image.ImageDecoder;
import io.tripline.index.IndicatorChanges;
import io.tripline.index.IndicatorIndex;
import io.tripline.rules.Explanation;
import io.tripline.rules.Outcome;
import io.tripline.rules.Policy;
import io.tripline.rules.RulePack;
import io.tripline.rules.SubmissionFacts;
import io.tripline.spi.Dihedral;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.text.Entity;
import io.tripline.text.EntityHasher;
import io.tripline.text.TemplateIndex;
import io.tripline.text.TextAnalyzer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspection engine. Build one per application with {@link #builder()} and share it: it is
 * thread-safe, and {@link #inspect(Submission)} does no I/O. Its configuration is fixed; its
 * indicators change only by whole snapshots ({@link #applyChanges}), so an inspection never sees
 * half a feed change.
 *
 * <pre>{@code
 * Tripline tripline = Tripline.builder()
 *     .feed(Path.of("feeds/confirmed.ndjson"))
 *     .rulePacks(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"))
 *     .build();
 *
 * Verdict verdict = tripline.inspect(Submission.builder()
 *     .text("body", adText)
 *     .file("image", "photo.jpg", "image/jpeg", bytes)
 *     .build());
 * }</pre>
 */
public final class Tripline {

  private static final Logger log = LoggerFactory.getLogger(Tripline.class);

  private final Clock clock;
  private final Executor executor;
  /** The rule packs in use: replaced whole, so each inspect judges with one policy. */
  private volatile Policy policy;
  private final List<ImageHasher> hashers;
  private final Map<String, Integer> radii;
  private final ImageDecoder decoder;
  private final int maxTextChars;
  private final TextAnalyzer textAnalyzer;
  private final List<EntityHasher> entityHashers;
  private final double minTemplateSimilarity;
  /** Image signals by SHA-256 and size of the bytes; {@code null} when disabled. */
  private final @Nullable Cache<String, ImageSignals> signalCache;
  private final boolean dihedralQueries;
  /** The snapshot in use: replaced whole, never changed, so each inspect reads it once. */
  private volatile IndicatorIndex index;

  private Tripline(Builder b) {
    this.clock = b.clock;
    this.executor = b.executor;
    this.policy = b.policy != null ? b.policy : Policy.of(RulePack.fromClasspath("default"));
    this.hashers = List.copyOf(b.hashers != null ? b.hashers.values() : discoverHashers().values());
    Map<String, Integer> r = new HashMap<>();
    for (ImageHasher hasher : hashers) {
      r.put(hasher.signalType(), b.radii.getOrDefault(hasher.signalType(), hasher.defaultRadius()));
    }
    this.radii = Map.copyOf(r);
    this.decoder = new ImageDecoder(b.maxPixels, b.maxImageBytes);
    this.maxTextChars = b.maxTextChars;
    this.textAnalyzer = TextAnalyzer.forRegion(b.phoneRegion);
    List<EntityHasher> entityHashers = new ArrayList<>();
    entityHashers.add(EntityHasher.sha256());
    if (b.entityHashKey != null) {
      entityHashers.add(EntityHasher.hmacSha256(b.entityHashKey));
    }
    this.entityHashers = List.copyOf(entityHashers);
    this.minTemplateSimilarity = b.minTemplateSimilarity;
    this.signalCache = b.imageSignalCacheSize == 0 ? null
        : Caffeine.newBuilder().maximumSize(b.imageSignalCacheSize).build();
    this.dihedralQueries = b.dihedralQueries;
    IndicatorIndex.Builder index = IndicatorIndex.builder();
    for (ImageHasher hasher : hashers) {
      index.hammingType(hasher.signalType(), hasher.bits());
    }
    index.addAll(b.indicators);
    this.index = index.build();
    if (this.index.rejected() > 0) {
      log.warn("{} indicators were malformed and are not matched", this.index.rejected());
    }
    log.info("Tripline ready: {} indicators, rule packs {}, image signals {}",
        this.index.size(), versions(policy), radii.keySet());
  }

  /** A builder with the defaults: system clock, the {@code default} rule pack, no indicators. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Inspects one submission against the indicator snapshot and the rule packs. Pure in-memory
   * work: no network, no disk.
   *
   * @throws NullPointerException if {@code submission} is null
   * @throws SubmissionTooLargeException if a text field is longer than the configured limit
   */
  public Verdict inspect(Submission submission) {
    Policy judge = policy;
    Examined examined = examine(submission);
    Outcome outcome = judge.evaluate(examined.matches(), examined.facts());
    List<Match> matches = examined.matches();
    Instant now = examined.at();
    List<FileEvidence> files = examined.files();
    return switch (outcome.action()) {
      case ALLOW -> new Verdict.Allow(matches, outcome.rule(), now, files);
      case FLAG -> new Verdict.Flag(matches, outcome.rule(), outcome.priority(), now, files, outcome.reports());
      case BLOCK -> new Verdict.Block(matches, outcome.rule(), outcome.status(), now, files, outcome.reports());
    };
  }

  /**
   * Inspects one submission as {@link #inspect} does and explains the decision: every rule of
   * every pack, each condition with what it expected and found, and how precedence settled it.
   * Its outcome is what {@link #inspect} would have decided on the same snapshot. For the
   * platform's staff and tools, never for the uploader.
   *
   * @throws NullPointerException if {@code submission} is null
   * @throws SubmissionTooLargeException if a text field is longer than the configured limit
   */
  public Explanation explain(Submission submission) {
    Examined examined = examine(submission);
    return policy.explain(examined.matches(), examined.facts());
  }

  /** What an inspection found before the rules judge it. */
  private record Examined(List<Match> matches, List<FileEvidence> files, SubmissionFacts facts, Instant at) {}

  private Examined examine(Submission submission) {
    Objects.requireNonNull(submission, "submission");
    Instant now = clock.instant();
    // One snapshot for the whole submission, even if a feed change lands meanwhile.
    IndicatorIndex snapshot = index;
    List<Match> matches = new ArrayList<>();
    boolean hasText = false;
    for (Map.Entry<String, String> field : submission.textFields().entrySet()) {
      inspectText(snapshot, field.getKey(), field.getValue(), now, matches);
      hasText |= !field.getValue().isBlank();
    }
    List<FileEvidence> files = new ArrayList<>(submission.files().size());
    List<String> fileTypes = new ArrayList<>(submission.files().size());
    int unhashable = 0;
    for (SubmittedFile file : submission.files()) {
      FileEvidence evidence = inspectFile(snapshot, file, now, matches);
      files.add(evidence);
      // What the bytes decoded as, where they did; the declared type only otherwise.
      fileTypes.add(evidence.imageFormat() != null ? "image/" + evidence.imageFormat()
          : SubmissionFacts.mediaType(file.contentType()));
      if (evidence.unhashable()) {
        unhashable++;
      }
    }
    Instant created = submission.uploader().accountCreatedAt();
    Duration accountAge = created == null ? null
        : created.isAfter(now) ? Duration.ZERO : Duration.between(created, now);
    SubmissionFacts facts = new SubmissionFacts(fileTypes, hasText, submission.context().country(), accountAge,
        unhashable);
    return new Examined(matches, files, facts, now);
  }

  private void inspectText(IndicatorIndex index, String field, String text, Instant now, List<Match> matches) {
    if (text.length() > maxTextChars) {
      throw new SubmissionTooLargeException("text field '" + field + "'", maxTextChars);
    }
    TextAnalyzer.Analysis analysis = textAnalyzer.analyze(text);
    for (IndicatorIndex.TermHit hit : index.findTerms(analysis.views())) {
      if (hit.indicator().isActiveAt(now)) {
        matches.add(Match.of(hit.indicator(), 0, field, hit.span()));
      }
    }
    // Each entity is looked up as written in feeds of plain values and as the hash feeds share.
    for (Entity entity : analysis.entities()) {
      addEntity(index, entity.type(), entity.value(), entity, field, now, matches);
      for (EntityHasher hasher : entityHashers) {
        addEntity(index, hasher.signalType(entity), hasher.hash(entity), entity, field, now, matches);
      }
    }
    if (analysis.signature().isPresent()) {
      for (TemplateIndex.Match<Indicator> similar : index.similarTemplates(analysis.signature().get(), minTemplateSimilarity)) {
        if (similar.value().isActiveAt(now)) {
          // Distance of a template: how dissimilar, in percent, so rules can bound it like a radius.
          int distance = (int) Math.round((1 - similar.similarity()) * 100);
          matches.add(Match.of(similar.value(), distance, field, null));
        }
      }
    }
  }

  private static void addEntity(IndicatorIndex index, String type, String value, Entity entity, String field,
      Instant now, List<Match> matches) {
    for (Indicator indicator : index.exact(type, value)) {
      if (indicator.isActiveAt(now)) {
        matches.add(Match.of(indicator, 0, field, entity.span()));
      }
    }
  }

  /** Adds the file's matches and returns what was computed from it. */
  private FileEvidence inspectFile(IndicatorIndex index, SubmittedFile file, Instant now, List<Match> matches) {
    FileDigests digests = FileDigests.of(file.bytes());
    addExact(index, FileDigests.MD5, digests.md5(), file, now, matches);
    addExact(index, FileDigests.SHA256, digests.sha256(), file, now, matches);
    if (!isImage(file)) {
      return new FileEvidence(file.field(), file.size(), digests.md5(), digests.sha256(), null, 1, List.of(), null);
    }
    ImageSignals signals = imageSignals(file, digests);
    List<ImageHash> hashes = new ArrayList<>(signals.outputs().size());
    Dihedral displayed = Dihedral.forExifOrientation(signals.orientation());
    for (HasherOutput output : signals.outputs()) {
      ImageHasher hasher = output.hasher();
      ImageHash original = output.variants().get(Dihedral.ORIGINAL);
      hashes.add(original);
      boolean belowFloor = original.quality() < hasher.minQuality();
      // Query the stored pixels, the way the image is displayed, and, where enabled, every other
      // rotation and flip the hasher can derive, in one index walk; each indicator comes back
      // once, at its closest distance.
      List<ImageHash> queries = new ArrayList<>(output.variants().size());
      for (Map.Entry<Dihedral, ImageHash> variant : output.variants().entrySet()) {
        if (dihedralQueries || variant.getKey() == Dihedral.ORIGINAL || variant.getKey() == displayed) {
          queries.add(variant.getValue());
        }
      }
      List<IndicatorIndex.NearHit> closest = index.nearAny(queries, radii.get(hasher.signalType()));
      for (IndicatorIndex.NearHit hit : closest) {
        if (hit.indicator().isActiveAt(now)) {
          matches.add(Match.ofImage(hit.indicator(), hit.distance(), file.field(), original.quality(), belowFloor));
        }
      }
    }
    return new FileEvidence(file.field(), file.size(), digests.md5(), digests.sha256(), signals.format(),
        signals.orientation(), hashes, signals.unhashableReason());
  }

  /** One hasher's hashes of an image, by dihedral variant. */
  private record HasherOutput(ImageHasher hasher, Map<Dihedral, ImageHash> variants) {}

  /**
   * What an image's bytes give, whatever the indicators: decoded format, EXIF orientation, the
   * hashers' outputs, or why it could not be hashed.
   */
  private record ImageSignals(@Nullable String format, int orientation, List<HasherOutput> outputs,
      @Nullable String unhashableReason) {}

  /**
   * The image's signals, from the cache when the same bytes were seen before (a viral image is
   * decoded and hashed once). Only signals are cached, never matches or verdicts: those are
   * looked up in the snapshot in use on every inspection, so a withdrawn indicator stops matching
   * at once and no cache needs invalidating when the snapshot changes.
   */
  private ImageSignals imageSignals(SubmittedFile file, FileDigests digests) {
    String key = digests.sha256() + ':' + file.size();
    ImageSignals cached = signalCache == null ? null : signalCache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    ImageSignals computed = computeSignals(file);
    // A hasher failure may be passing (memory, a bug fixed by a restart): not remembered.
    if (signalCache != null && computed.outputs().size() == hashers.size()) {
      signalCache.put(key, computed);
    }
    return computed;
  }

  private ImageSignals computeSignals(SubmittedFile file) {
    ImageDecoder.Result result = decoder.decode(file.bytes());
    if (result instanceof ImageDecoder.Undecodable undecodable) {
      log.debug("file in field '{}' is unhashable: {}", file.field(), undecodable.reason());
      return new ImageSignals(null, 1, List.of(), undecodable.reason());
    }
    ImageDecoder.Decoded decoded = (ImageDecoder.Decoded) result;
    int orientation = decoded.exifOrientation();
    Dihedral displayed = Dihedral.forExifOrientation(orientation);
    List<HasherOutput> outputs = new ArrayList<>(hashers.size());
    for (ImageHasher hasher : hashers) {
      try {
        Map<Dihedral, ImageHash> variants = dihedralQueries || displayed != Dihedral.ORIGINAL
            ? hasher.hashWithVariants(decoded.image())
            : Map.of(Dihedral.ORIGINAL, hasher.hash(decoded.image()));
        outputs.add(new HasherOutput(hasher, variants));
      } catch (RuntimeException e) {
        log.warn("image hasher {} failed on field '{}': {}", hasher.signalType(), file.field(), e.toString());
        return new ImageSignals(decoded.format(), orientation, outputs,
            "image hasher " + hasher.signalType() + " failed");
      }
    }
    return new ImageSignals(decoded.format(), orientation, outputs, null);
  }

  private static void addExact(IndicatorIndex index, String type, String value, SubmittedFile file, Instant now,
      List<Match> matches) {
    for (Indicator indicator : index.exact(type, value)) {
      if (indicator.isActiveAt(now)) {
        matches.add(Match.of(indicator, 0, file.field(), null));
      }
    }
  }

  /** An image by its bytes, or by its declared type (then it must decode, or it is unhashable). */
  private static boolean isImage(SubmittedFile file) {
    String type = file.contentType();
    return ImageDecoder.looksLikeImage(file.bytes())
        || (type != null && type.regionMatches(true, 0, "image/", 0, 6));
  }

  /** The rule packs this instance judges with now, combined in order. */
  public Policy policy() {
    return policy;
  }

  /**
   * Judges every inspection from now on with {@code policy}, e.g. rule packs reloaded after a
   * reviewed change (see {@link io.tripline.rules.PolicyReloader}). An inspection under way
   * finishes with the policy it started with; every verdict names the pack and version that
   * decided it.
   *
   * @throws NullPointerException if {@code policy} is null
   */
  public void replacePolicy(Policy policy) {
    Policy previous = this.policy;
    this.policy = Objects.requireNonNull(policy, "policy");
    log.info("Rule packs {} replaced by {}", versions(previous), versions(policy));
  }

  private static List<String> versions(Policy policy) {
    return policy.packs().stream().map(p -> p.name() + "@" + p.version()).toList();
  }

  /** The first of the rule packs this instance judges with (the only one, unless several were given). */
  public RulePack rulePack() {
    return policy.packs().get(0);
  }

  /** The indicator snapshot in use now. */
  public IndicatorIndex index() {
    return index;
  }

  /**
   * Applies a feed's changes: derives the next snapshot from the one in use and swaps it in.
   * Inspections already running finish on the snapshot they started with; later ones see the
   * changes, deletes included. Changes are applied one batch at a time, in call order. A batch
   * that leaves a table with many holes is made visible first and the table renumbered after.
   *
   * @return the snapshot now in use
   * @throws NullPointerException if {@code changes} is null
   */
  public synchronized IndicatorIndex applyChanges(IndicatorChanges changes) {
    IndicatorIndex next = index.withChanges(changes, false);
    if (next.rejected() > 0) {
      log.warn("{} indicator changes were malformed and are not matched", next.rejected());
    }
    // Visible at the cost of the changes alone; a table that deletes left full of holes is
    // renumbered afterwards (about a whole table's work) and swapped in, answering the same.
    index = next;
    if (next.needsCompaction()) {
      next = next.compacted();
      index = next;
    }
    return next;
  }

  /**
   * Replaces the snapshot in use, e.g. with one read back by
   * {@link io.tripline.index.SnapshotFile}. It must declare the same perceptual signal types and
   * widths as the image hashers in use, or those hashes would never be compared.
   *
   * @throws NullPointerException if {@code snapshot} is null
   * @throws IllegalArgumentException if a hasher's signal type is missing or has another width
   */
  public synchronized void replaceIndex(IndicatorIndex snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    for (ImageHasher hasher : hashers) {
      Integer bits = snapshot.hammingTypes().get(hasher.signalType());
      if (bits == null || bits != hasher.bits()) {
        throw new IllegalArgumentException("snapshot does not declare " + hasher.signalType() + " as a "
            + hasher.bits() + "-bit perceptual hash (it declares " + snapshot.hammingTypes() + ")");
      }
    }
    index = snapshot;
  }

  /** The image hashers in use, in the order they run. */
  public List<ImageHasher> imageHashers() {
    return hashers;
  }

  /** The clock verdicts are timed by. */
  public Clock clock() {
    return clock;
  }

  /** The executor background work (feed sync, delivery) runs on. */
  public Executor executor() {
    return executor;
  }

  private static Map<String, ImageHasher> discoverHashers() {
    Map<String, ImageHasher> found = new LinkedHashMap<>();
    for (ImageHasher hasher : ServiceLoader.load(ImageHasher.class, Tripline.class.getClassLoader())) {
      found.putIfAbsent(hasher.signalType(), hasher);
    }
    return found;
  }

  /**
   * Configures a {@link Tripline}. Not thread-safe. {@link #build()} copies the configuration,
   * so a builder can be reused and a built instance never changes.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Executor executor = ForkJoinPool.commonPool();
    private @Nullable Policy policy;
    private @Nullable Map<String, ImageHasher> hashers;
    private final Map<String, Integer> radii = new HashMap<>();
    private final List<Indicator> indicators = new ArrayList<>();
    private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;
    private long maxImageBytes = ImageDecoder.DEFAULT_MAX_BYTES;
    private int maxTextChars = 1_000_000;
    private String phoneRegion = "US";
    private byte @Nullable [] entityHashKey;
    private double minTemplateSimilarity = 0.7;
    private long imageSignalCacheSize = 4096;
    private boolean dihedralQueries = true;

    Builder() {}

    /**
     * Whether image uploads are also matched rotated and flipped (the 8 dihedral variants, for
     * hashers that can derive them, such as PDQ), so a mirrored or rotated copy of a known image
     * is found. Default true. Either way the variant an EXIF orientation tag displays is queried.
     */
    public Builder dihedralQueries(boolean enabled) {
      this.dihedralQueries = enabled;
      return this;
    }

    /** The clock for verdict times and indicator expiry. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The executor for background work. Default: the common fork-join pool. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The rule pack to judge with, alone. Default: the shipped {@code default} pack.
     *
     * @throws NullPointerException if {@code rulePack} is null
     */
    public Builder rulePack(RulePack rulePack) {
      return rulePacks(Objects.requireNonNull(rulePack, "rulePack"));
    }

    /**
     * The rule packs to judge with, combined in this order (see {@link Policy}), e.g. the
     * {@code default} pack and the packs of the jurisdictions the platform operates in. Replaces
     * any packs set before. Default: the shipped {@code default} pack.
     *
     * @throws NullPointerException if a pack is null
     * @throws IllegalArgumentException if none is given, or two have the same name
     */
    public Builder rulePacks(RulePack... rulePacks) {
      this.policy = Policy.of(rulePacks);
      return this;
    }

    /**
     * The packs to judge with, already combined. Replaces any packs set before.
     *
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Adds an image hasher. The first call replaces the hashers found by {@link ServiceLoader};
     * call {@link #discoveredImageHashers()} first to keep them.
     *
     * @throws IllegalArgumentException if a hasher of the same signal type was already added
     */
    public Builder imageHasher(ImageHasher hasher) {
      Objects.requireNonNull(hasher, "hasher");
      if (hashers == null) {
        hashers = new LinkedHashMap<>();
      }
      if (hashers.putIfAbsent(hasher.signalType(), hasher) != null) {
        throw new IllegalArgumentException("an image hasher for " + hasher.signalType() + " was already added");
      }
      return this;
    }

    /** Adds every image hasher found by {@link ServiceLoader} (the default when none is added). */
    public Builder discoveredImageHashers() {
      discoverHashers().values().forEach(this::imageHasher);
      return this;
    }

    /**
     * The Hamming radius for one perceptual signal type, overriding the hasher's default.
     *
     * @throws IllegalArgumentException if {@code radius} is negative
     */
    public Builder radius(String signalType, int radius) {
      Objects.requireNonNull(signalType, "signalType");
      if (radius < 0) {
        throw new IllegalArgumentException("radius must be >= 0, was " + radius);
      }
      radii.put(signalType, radius);
      return this;
    }

    /** Adds indicators to match against. */
    public Builder indicators(Collection<Indicator> indicators) {
      indicators.forEach(i -> this.indicators.add(Objects.requireNonNull(i, "indicator")));
      return this;
    }

    /**
     * Adds the indicators of a local NDJSON feed file (see {@link NdjsonFeed}), read now.
     *
     * @throws InvalidConfigurationException if the file cannot be read or is malformed
     */
    public Builder feed(Path ndjsonFile) {
      return indicators(NdjsonFeed.read(ndjsonFile));
    }

    /**
     * The most pixels an image may have to be decoded; larger ones are unhashable. Default 50 MP.
     *
     * @throws IllegalArgumentException if {@code maxPixels} is not positive
     */
    public Builder maxPixels(long maxPixels) {
      if (maxPixels <= 0) {
        throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
      }
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * The largest encoded image decoded, in bytes; a larger one is unhashable (its digests are
     * still matched). Default 32 MiB.
     *
     * @throws IllegalArgumentException if {@code maxImageBytes} is not positive
     */
    public Builder maxImageBytes(long maxImageBytes) {
      if (maxImageBytes <= 0) {
        throw new IllegalArgumentException("maxImageBytes must be positive, was " + maxImageBytes);
      }
      this.maxImageBytes = maxImageBytes;
      return this;
    }

    /**
     * The longest text field inspected, in chars; a longer one is refused with
     * {@link SubmissionTooLargeException}. Default 1,000,000.
     *
     * @throws IllegalArgumentException if {@code maxTextChars} is not positive
     */
    public Builder maxTextChars(int maxTextChars) {
      if (maxTextChars <= 0) {
        throw new IllegalArgumentException("maxTextChars must be positive, was " + maxTextChars);
      }
      this.maxTextChars = maxTextChars;
      return this;
    }

    /**
     * The region whose numbering plan phone numbers written without a country code follow
     * (ISO 3166 alpha-2). Default {@code US}.
     *
     * @throws IllegalArgumentException if the region is unknown
     */
    public Builder phoneRegion(String region) {
      TextAnalyzer.forRegion(Objects.requireNonNull(region, "region"));
      this.phoneRegion = region;
      return this;
    }

    /**
     * A key that a feed gives for hashed entities: entities are then also looked up as
     * HMAC-SHA-256 under it ({@code phone.hmac-sha256}, ...), beside plain SHA-256. Unsalted
     * hashes of phone numbers can be reversed by trying every number; keyed ones cannot without
     * the key. The key is copied and never logged.
     *
     * @throws IllegalArgumentException if {@code key} is empty
     */
    public Builder entityHashKey(byte[] key) {
      EntityHasher.hmacSha256(Objects.requireNonNull(key, "key"));
      this.entityHashKey = key.clone();
      return this;
    }

    /**
     * The least estimated similarity (0 to 1) at which ad text counts as a copy of a known
     * template. Default 0.7.
     *
     * @throws IllegalArgumentException if not within {@code [0, 1]}
     */
    public Builder minTemplateSimilarity(double similarity) {
      if (!(similarity >= 0 && similarity <= 1)) {
        throw new IllegalArgumentException("similarity must be within [0, 1], was " + similarity);
      }
      this.minTemplateSimilarity = similarity;
      return this;
    }

    /**
     * How many images' computed signals (decoded format, orientation, perceptual hashes with their
     * variants; a few kilobytes each) to keep by the SHA-256 of their bytes, so the same image
     * uploaded again is not decoded and hashed again. Matches are still looked up in the current
     * snapshot every time. Default 4,096; 0 turns the cache off.
     *
     * @throws IllegalArgumentException if {@code entries} is negative
     */
    public Builder imageSignalCache(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("entries must be >= 0, was " + entries);
      }
      this.imageSignalCacheSize = entries;
      return this;
    }

    /** A new engine with this configuration. */
    public Tripline build() {
      return new Tripline(this);
    }
  }
}
