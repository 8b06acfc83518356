package io.tripline.index;

import io.tripline.Indicator;
import io.tripline.spi.ImageHash;
import io.tripline.Span;
import io.tripline.text.MinHashSignature;
import io.tripline.text.NormalizedText;
import io.tripline.text.TemplateIndex;
import io.tripline.text.TermMatcher;
import io.tripline.text.TextNormalizer;
import io.tripline.text.TextViews;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of indicators, indexed for the lookups an upload needs. Thread-safe: any
 * number of readers may query one snapshot concurrently, without locks, while the next snapshot is
 * derived from it with {@link #withChanges(IndicatorChanges)}.
 *
 * <p>Signal types fall in three kinds: {@value #TERM} indicators go into the term matcher; types
 * registered with {@link Builder#hammingType(String, int)} are perceptual hashes compared by
 * Hamming distance; every other type is matched exactly (hex digests case-insensitively). A
 * perceptual hash or a digest ({@code md5}, {@code sha256}, {@code *.sha256}) that is not ASCII hex
 * of the right length is counted in {@link #rejected()} and not indexed.
 *
 * <p>Hashes and digests, the bulk of any feed, are stored in primitive columns: the packed hash in
 * the search structure, and by the same position the indicator id (UTF-8 bytes), a number naming
 * its feed, labels and severity (shared by all indicators that have the same ones), and its times.
 * An {@link Indicator} is made only for a hit. Indicators are keyed by feed and id: adding a second
 * indicator with the key of an earlier one replaces it.
 */
public final class IndicatorIndex {

  /** The signal type of keyword and phrase indicators. */
  public static final String TERM = "term";

  /**
   * The signal type of ad-text templates: a {@link MinHashSignature} in its hex form
   * ({@code mh1:...}), matched by estimated similarity.
   */
  public static final String TEMPLATE = "minhash";

  private static final IndicatorIndex EMPTY = builder().build();

  /** Key of an indicator kept as an object (terms and non-digest exact types). */
  private record Key(String feed, String id) {}

  private final Profile[] profiles;
  private final Map<String, Integer> hammingBits;
  /** Hash and digest tables by signal type. */
  private final Map<String, SignalTable> tables;
  /** Term and other exact indicators, by key, in the order added. */
  private final Map<Key, Indicator> objects;
  private final Map<String, Map<String, List<Indicator>>> exact;
  /** Terms by their canonical form, matched over the canonical and squeezed views. */
  private final TermMatcher<List<Indicator>> terms;
  /** Terms by their confusables skeleton, matched over the confusables view. */
  private final TermMatcher<List<Indicator>> confusableTerms;
  /** Phrases with their spaces removed, matched over the squeezed view ("n e w  i n  t o w n"). */
  private final TermMatcher<List<Indicator>> squeezedTerms;
  private final TemplateIndex<Indicator> templates;
  private final int size;
  private final int rejected;

  private IndicatorIndex(Profile[] profiles, Map<String, Integer> hammingBits, Map<String, SignalTable> tables,
      Map<Key, Indicator> objects, @Nullable IndicatorIndex sameObjects, int rejected) {
    this.profiles = profiles;
    this.hammingBits = Map.copyOf(hammingBits);
    this.tables = Map.copyOf(tables);
    this.rejected = rejected;
    if (sameObjects != null) {
      this.objects = sameObjects.objects;
      this.exact = sameObjects.exact;
      this.terms = sameObjects.terms;
      this.confusableTerms = sameObjects.confusableTerms;
      this.squeezedTerms = sameObjects.squeezedTerms;
      this.templates = sameObjects.templates;
    } else {
      this.objects = objects;
      Map<String, Map<String, List<Indicator>>> byType = new HashMap<>();
      Map<String, List<Indicator>> termMap = new LinkedHashMap<>();
      Map<String, List<Indicator>> skeletonMap = new LinkedHashMap<>();
      Map<String, List<Indicator>> squeezedMap = new LinkedHashMap<>();
      TemplateIndex.Builder<Indicator> templateIndex = TemplateIndex.builder();
      for (Indicator indicator : objects.values()) {
        if (TERM.equals(indicator.signalType())) {
          TextViews views = TextViews.of(indicator.value());
          termMap.computeIfAbsent(views.canonical().view(), k -> new ArrayList<>()).add(indicator);
          skeletonMap.computeIfAbsent(views.confusables().view(), k -> new ArrayList<>()).add(indicator);
          String canonical = views.canonical().view();
          if (canonical.indexOf(' ') >= 0) {
            squeezedMap.computeIfAbsent(canonical.replace(" ", ""), k -> new ArrayList<>()).add(indicator);
          }
        } else if (TEMPLATE.equals(indicator.signalType())) {
          templateIndex.add(MinHashSignature.parseHex(indicator.value().trim()), indicator);
        } else {
          byType.computeIfAbsent(indicator.signalType(), k -> new HashMap<>())
              .computeIfAbsent(indicator.value().trim(), k -> new ArrayList<>())
              .add(indicator);
        }
      }
      byType.values().forEach(m -> m.replaceAll((k, v) -> List.copyOf(v)));
      termMap.replaceAll((k, v) -> List.copyOf(v));
      skeletonMap.replaceAll((k, v) -> List.copyOf(v));
      squeezedMap.replaceAll((k, v) -> List.copyOf(v));
      this.exact = byType;
      this.terms = TermMatcher.ofNormalized(termMap);
      this.confusableTerms = TermMatcher.ofNormalized(skeletonMap);
      this.squeezedTerms = TermMatcher.ofNormalized(squeezedMap);
      this.templates = templateIndex.build();
    }
    int n = this.objects.size();
    for (SignalTable table : this.tables.values()) {
      n += table.live();
    }
    this.size = n;
  }

  /** A snapshot with no indicators. */
  public static IndicatorIndex empty() {
    return EMPTY;
  }

  /** A builder for a new snapshot. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of indicators indexed. */
  public int size() {
    return size;
  }

  /**
   * The number of indicators refused by the build or change that made this snapshot (e.g. a
   * malformed hash); never indexed.
   */
  public int rejected() {
    return rejected;
  }

  /** The perceptual signal types and their widths in bits, as declared when building. */
  public Map<String, Integer> hammingTypes() {
    return hammingBits;
  }

  /**
   * The indicator {@code id} of feed {@code feed}, if this snapshot holds it. For review and
   * tools, not the upload path: a digest's value is found by a scan of its table.
   */
  public Optional<Indicator> find(String feed, String id) {
    Indicator object = objects.get(new Key(feed, id));
    if (object != null) {
      return Optional.of(object);
    }
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    for (SignalTable table : tables.values()) {
      int position = table.find(feed, utf8, profiles);
      if (position >= 0) {
        return Optional.of(table.indicator(position, ImageHash.toHex(table.hash(position), table.bits), profiles));
      }
    }
    return Optional.empty();
  }

  /**
   * The indicators of {@code signalType} whose value equals {@code value}: hex digests
   * ({@code md5}, {@code sha256}, {@code *.sha256}) in either case, every other type exactly as
   * written (surrounding white space aside), since wallets and handles are case-sensitive and
   * entity values arrive already normalised.
   */
  public List<Indicator> exact(String signalType, String value) {
    SignalTable table = tables.get(signalType);
    if (table instanceof DigestTable digests) {
      String canonical = canonicalExact(value);
      long[] digest;
      try {
        digest = ImageHash.parseHex(canonical, digests.bits);
      } catch (IllegalArgumentException e) {
        return List.of();
      }
      int[] positions = digests.lookup(digest);
      if (positions.length == 0) {
        return List.of();
      }
      Indicator[] found = new Indicator[positions.length];
      for (int i = 0; i < positions.length; i++) {
        found[i] = digests.indicator(positions[i], canonical, profiles);
      }
      return List.of(found);
    }
    Map<String, List<Indicator>> byValue = exact.get(signalType);
    if (byValue == null) {
      return List.of();
    }
    return byValue.getOrDefault(value.trim(), List.of());
  }

  /** A perceptual hash indicator within the queried radius, and its distance. */
  public record NearHit(Indicator indicator, int distance) {}

  /**
   * Every indicator of {@code hash}'s signal type within Hamming distance {@code radius} of it.
   * Exact: a stored hash within the radius is never missed.
   *
   * @throws IllegalArgumentException if {@code radius} is negative
   */
  public List<NearHit> near(ImageHash hash, int radius) {
    return nearAny(List.of(hash), radius);
  }

  /**
   * Every indicator within Hamming distance {@code radius} of any of {@code hashes} (one signal
   * type, e.g. an image's 8 dihedral variants), each once at its smallest distance. One call,
   * so the index is walked once for all variants.
   *
   * @throws IllegalArgumentException if {@code radius} is negative or the hashes are not all of
   *     one signal type and length
   */
  public List<NearHit> nearAny(List<ImageHash> hashes, int radius) {
    if (radius < 0) {
      throw new IllegalArgumentException("radius must be >= 0, was " + radius);
    }
    if (hashes.isEmpty()) {
      return List.of();
    }
    ImageHash first = hashes.get(0);
    long[][] queries = new long[hashes.size()][];
    for (int i = 0; i < queries.length; i++) {
      ImageHash hash = hashes.get(i);
      if (!hash.signalType().equals(first.signalType()) || hash.bits() != first.bits()) {
        throw new IllegalArgumentException("hashes of one signal type and length only");
      }
      queries[i] = hash.words();
    }
    if (!(tables.get(first.signalType()) instanceof HammingTable table) || table.bits != first.bits()) {
      return List.of();
    }
    HammingIndex.Hits found = table.index().searchAny(queries, radius);
    List<NearHit> hits = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      int position = found.position(i);
      String value = ImageHash.toHex(table.index().hash(position), table.bits);
      hits.add(new NearHit(table.indicator(position, value, profiles), found.distance(i)));
    }
    return hits;
  }

  /** The term matcher over every {@value #TERM} indicator, keyed by its canonical form. */
  public TermMatcher<List<Indicator>> terms() {
    return terms;
  }

  /** A term indicator found in a text, with the span of the original text it covers. */
  public record TermHit(Indicator indicator, Span span) {}

  /**
   * Every term indicator found in the views of a text: canonical terms in the canonical and
   * squeezed views, phrases without their spaces in the squeezed view (so spaced-out words and
   * run-together phrases are found), and the terms' confusables skeletons in the confusables view
   * (look-alike letters, leetspeak). An indicator found at one span through
   * several views is reported once. In order of span, then indicator.
   *
   * @throws NullPointerException if {@code views} is null
   */
  public List<TermHit> findTerms(TextViews views) {
    Objects.requireNonNull(views, "views");
    if (terms.size() == 0) {
      return List.of();
    }
    Map<TermHitKey, TermHit> found = new LinkedHashMap<>();
    collectTerms(terms, views.canonical(), false, found);
    if (views.squeezed() != views.canonical()) {
      collectTerms(terms, views.squeezed(), false, found);
    }
    collectTerms(squeezedTerms, views.squeezed(), false, found);
    collectTerms(confusableTerms, views.confusables(), true, found);
    List<TermHit> hits = new ArrayList<>(found.values());
    hits.sort(Comparator.comparingInt((TermHit h) -> h.span().start()).thenComparingInt(h -> h.span().end())
        .thenComparing(h -> h.indicator().feed()).thenComparing(h -> h.indicator().id()));
    return hits;
  }

  private record TermHitKey(String feed, String id, Span span) {}

  private static boolean disguised(String original, Span span) {
    for (int i = span.start(); i < span.end(); i++) {
      char c = original.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '\'' || c == '-';
      if (!plain) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the hits of {@code matcher} in {@code view}. With {@code needDisguise} (the confusables
   * view) a hit counts only where the text shows a sign of disguise: a digit, symbol or non-ASCII
   * char inside the span (a look-alike letter, leetspeak, an invisible char). The skeleton also
   * folds plain letters ({@code m} to {@code rn}, {@code i} to {@code l}), and without this test a
   * term {@code corn} would be found in every {@code .com}.
   */
  private static void collectTerms(TermMatcher<List<Indicator>> matcher, NormalizedText view, boolean needDisguise,
      Map<TermHitKey, TermHit> found) {
    for (TermMatcher.Hit<List<Indicator>> hit : matcher.find(view)) {
      Span span = view.originalSpan(hit.start(), hit.end());
      if (needDisguise && !disguised(view.original(), span)) {
        continue;
      }
      for (Indicator indicator : hit.value()) {
        found.putIfAbsent(new TermHitKey(indicator.feed(), indicator.id(), span), new TermHit(indicator, span));
      }
    }
  }

  /**
   * The ad-text templates ({@value #TEMPLATE} indicators) whose estimated similarity to
   * {@code signature} is at least {@code minSimilarity}, most similar first.
   *
   * @throws NullPointerException if {@code signature} is null
   * @throws IllegalArgumentException if {@code minSimilarity} is not in {@code [0, 1]}
   */
  public List<TemplateIndex.Match<Indicator>> similarTemplates(MinHashSignature signature, double minSimilarity) {
    return templates.query(signature, minSimilarity);
  }

  /**
   * Approximate heap bytes of the hash and digest tables of {@code signalType}: search structure,
   * per-entry columns and id map; 0 for a type with no table.
   */
  public long bytesUsed(String signalType) {
    SignalTable table = tables.get(signalType);
    return table == null ? 0 : table.bytesUsed();
  }

  /**
   * The next snapshot: this one with {@code changes} applied in order. Costs about what the
   * changes touch, not what the snapshot holds: the big structures are shared, not rebuilt.
   * Deletes take effect in the returned snapshot. This snapshot is unchanged and stays usable.
   * A table left with too many holes by deletes is renumbered ({@link #compacted()}) before it
   * is returned.
   *
   * @throws NullPointerException if {@code changes} is null
   */
  public IndicatorIndex withChanges(IndicatorChanges changes) {
    IndicatorIndex next = withChanges(changes, false);
    return next.needsCompaction() ? next.compacted() : next;
  }

  /**
   * {@link #withChanges(IndicatorChanges)}, leaving any renumbering to the caller when
   * {@code compact} is false: the returned snapshot answers exactly the same and is ready at the
   * cost of the changes alone, so a caller can make it visible first and swap in
   * {@link #compacted()} (which costs about a whole table) afterwards.
   *
   * @throws NullPointerException if {@code changes} is null
   */
  public IndicatorIndex withChanges(IndicatorChanges changes, boolean compact) {
    if (compact) {
      return withChanges(changes);
    }
    Objects.requireNonNull(changes, "changes");
    // The last change of each key wins.
    Map<Key, IndicatorChanges.Change> last = new LinkedHashMap<>();
    for (IndicatorChanges.Change change : changes.changes()) {
      Key key = new Key(change.feed(), change.id());
      last.remove(key);
      last.put(key, change);
    }
    if (!changes.replacedFeeds().isEmpty()) {
      // A feed's whole content: every indicator of it that the batch does not mention goes.
      forEachKey(changes.replacedFeeds(), key -> {
        if (!last.containsKey(key)) {
          last.put(key, new IndicatorChanges.Change(key.feed(), key.id(), null));
        }
      });
    }
    Delta delta = new Delta(this);
    for (Map.Entry<Key, IndicatorChanges.Change> e : last.entrySet()) {
      delta.remove(e.getKey());
      Indicator upsert = e.getValue().upsert();
      if (upsert != null) {
        delta.place(upsert);
      }
    }
    return delta.finish();
  }

  /** Whether deletes left a table so many holes that {@link #compacted()} would renumber it. */
  public boolean needsCompaction() {
    for (SignalTable table : tables.values()) {
      if (table.needsRebuild()) {
        return true;
      }
    }
    return false;
  }

  /**
   * This snapshot with every table that {@linkplain #needsCompaction() needs it} renumbered
   * without its holes (its search structures rebuilt), or this snapshot if none does. Answers
   * exactly as this one; costs about the size of the tables it renumbers.
   */
  public IndicatorIndex compacted() {
    if (!needsCompaction()) {
      return this;
    }
    Map<String, SignalTable> next = new HashMap<>(tables);
    for (Map.Entry<String, SignalTable> e : tables.entrySet()) {
      if (e.getValue().needsRebuild()) {
        next.put(e.getKey(), e.getValue().rebuilt(profiles));
      }
    }
    return new IndicatorIndex(profiles, hammingBits, next, objects, this, rejected);
  }

  /** Calls {@code action} with the key of every live indicator of one of {@code feeds}. */
  private void forEachKey(Set<String> feeds, Consumer<Key> action) {
    for (Key key : objects.keySet()) {
      if (feeds.contains(key.feed())) {
        action.accept(key);
      }
    }
    boolean[] wanted = new boolean[profiles.length];
    for (int i = 0; i < profiles.length; i++) {
      wanted[i] = feeds.contains(profiles[i].feed());
    }
    for (SignalTable table : tables.values()) {
      for (int p = 0; p < table.size(); p++) {
        if (!table.isDeleted(p) && wanted[table.rows.profile(p)]) {
          action.accept(new Key(profiles[table.rows.profile(p)].feed(), table.rows.id(p)));
        }
      }
    }
  }

  // ---- snapshot file access ----

  Profile[] profiles() {
    return profiles;
  }

  Map<String, SignalTable> tables() {
    return tables;
  }

  Collection<Indicator> objects() {
    return objects.values();
  }

  /** A snapshot made of already-validated parts, as read from a snapshot file. */
  static IndicatorIndex of(Profile[] profiles, Map<String, Integer> hammingBits, Map<String, SignalTable> tables,
      List<Indicator> objects) {
    Map<Key, Indicator> byKey = new LinkedHashMap<>();
    for (Indicator indicator : objects) {
      byKey.put(new Key(indicator.feed(), indicator.id()), indicator);
    }
    return new IndicatorIndex(profiles, hammingBits, tables, byKey, null, 0);
  }

  private static String canonicalExact(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  private static String termKey(String value) {
    return TextNormalizer.normalize(value).view();
  }

  /** How many bits a digest signal type has ({@code md5}, {@code sha256}, {@code *.sha256}), else 0. */
  static int digestBits(String signalType) {
    if (signalType.equals("md5")) {
      return 128;
    }
    if (signalType.equals("sha256") || signalType.endsWith(".sha256")) {
      return 256;
    }
    return 0;
  }

  private static boolean isTemplate(String value) {
    try {
      MinHashSignature.parseHex(value.trim());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isHex(String value, int digits) {
    if (value.length() != digits) {
      return false;
    }
    for (int i = 0; i < digits; i++) {
      char c = value.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The changes to one table, collected before it is derived once. */
  private static final class TableChanges {
    final SignalTable table;
    int[] deleted = new int[8];
    int deletedCount;
    long[] added = new long[16];
    int addedWords;
    final Rows.Appender rows = new Rows.Appender();

    TableChanges(SignalTable table) {
      this.table = table;
    }

    void delete(int position) {
      if (deletedCount == deleted.length) {
        deleted = Arrays.copyOf(deleted, deletedCount * 2);
      }
      deleted[deletedCount++] = position;
    }

    void add(long[] hash, Indicator indicator, int profile) {
      if (addedWords + hash.length > added.length) {
        added = Arrays.copyOf(added, Math.max(added.length * 2, addedWords + hash.length));
      }
      System.arraycopy(hash, 0, added, addedWords, hash.length);
      addedWords += hash.length;
      rows.add(indicator.id(), profile, indicator.addedAt(), indicator.expiresAt());
    }
  }

  /** Builds the next snapshot from a previous one. */
  private static final class Delta {
    private final IndicatorIndex from;
    private Profile[] profiles;
    private @Nullable Map<Profile, Integer> profileIds;
    private int lastProfile = -1;
    private final Map<String, TableChanges> touched = new HashMap<>();
    private @Nullable Map<Key, Indicator> objects;
    private int rejected;

    Delta(IndicatorIndex from) {
      this.from = from;
      this.profiles = from.profiles;
    }

    void remove(Key key) {
      if ((objects != null ? objects : from.objects).containsKey(key)) {
        writableObjects().remove(key);
        return;
      }
      byte[] utf8 = key.id().getBytes(StandardCharsets.UTF_8);
      for (SignalTable table : from.tables.values()) {
        int position = table.find(key.feed(), utf8, from.profiles);
        if (position >= 0) {
          changes(table.signalType).delete(position);
          return;
        }
      }
    }

    private Map<Key, Indicator> writableObjects() {
      // Copied on first write; a delta that touches only hashes shares the objects and matchers.
      if (objects == null) {
        objects = new LinkedHashMap<>(from.objects);
      }
      return objects;
    }

    void place(Indicator indicator) {
      String type = indicator.signalType();
      Integer hammingBits = from.hammingBits.get(type);
      int bits = hammingBits != null ? hammingBits : digestBits(type);
      if (TERM.equals(type) || bits == 0) {
        if ((TERM.equals(type) && termKey(indicator.value()).isEmpty())
            || (TEMPLATE.equals(type) && !isTemplate(indicator.value()))) {
          rejected++;
          return;
        }
        writableObjects().put(new Key(indicator.feed(), indicator.id()), indicator);
        return;
      }
      String value = hammingBits != null ? indicator.value().trim() : canonicalExact(indicator.value());
      long[] hash;
      try {
        if (hammingBits == null && !isHex(value, bits / 4)) {
          // A malformed digest can never match; count it so a broken feed is noticed.
          throw new IllegalArgumentException("not a digest");
        }
        hash = ImageHash.parseHex(value, bits);
      } catch (IllegalArgumentException e) {
        rejected++;
        return;
      }
      changes(type).add(hash, indicator, profile(indicator));
    }

    private TableChanges changes(String type) {
      return touched.computeIfAbsent(type, t -> {
        SignalTable table = from.tables.get(t);
        if (table == null) {
          Integer hammingBits = from.hammingBits.get(t);
          table = hammingBits != null ? HammingTable.empty(t, hammingBits) : DigestTable.empty(t, digestBits(t));
        }
        return new TableChanges(table);
      });
    }

    private int profile(Indicator indicator) {
      // Feeds list indicators of one feed, labels and severity in runs: reuse the last profile.
      if (lastProfile >= 0) {
        Profile p = profiles[lastProfile];
        if (p.feed().equals(indicator.feed()) && p.signalType().equals(indicator.signalType())
            && p.severity() == indicator.severity() && p.labels().equals(indicator.labels())) {
          return lastProfile;
        }
      }
      lastProfile = profile(Profile.of(indicator));
      return lastProfile;
    }

    private int profile(Profile profile) {
      if (profileIds == null) {
        profileIds = new HashMap<>();
        for (int i = 0; i < profiles.length; i++) {
          profileIds.put(profiles[i], i);
        }
      }
      Integer id = profileIds.get(profile);
      if (id != null) {
        return id;
      }
      profiles = Arrays.copyOf(profiles, profiles.length + 1);
      profiles[profiles.length - 1] = profile;
      profileIds.put(profile, profiles.length - 1);
      return profiles.length - 1;
    }

    IndicatorIndex finish() {
      Map<String, SignalTable> tables = new HashMap<>(from.tables);
      for (TableChanges c : touched.values()) {
        tables.put(c.table.signalType, c.table.withChanges(c.deleted, c.deletedCount,
            Arrays.copyOf(c.added, c.addedWords), c.rows.toRows(), profiles));
      }
      Map<Key, Indicator> objs = objects;
      return new IndicatorIndex(profiles, from.hammingBits, tables, objs == null ? from.objects : objs,
          objs == null ? from : null, rejected);
    }
  }

  /** Collects indicators for a snapshot. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Integer> hammingBits = new HashMap<>();
    private final List<Indicator> pending = new ArrayList<>();

    Builder() {}

    /**
     * Declares {@code signalType} a perceptual hash of {@code bits} bits, compared by Hamming
     * distance. Declare types before {@link #build()}; indicators added earlier are placed then.
     *
     * @throws IllegalArgumentException if {@code bits} is not a positive multiple of 4 up to 256,
     *     or the type was declared with another length
     */
    public Builder hammingType(String signalType, int bits) {
      Objects.requireNonNull(signalType, "signalType");
      if (bits <= 0 || bits > 256 || bits % 4 != 0) {
        throw new IllegalArgumentException("bits must be a positive multiple of 4 up to 256, was " + bits);
      }
      Integer existing = hammingBits.get(signalType);
      if (existing != null && existing != bits) {
        throw new IllegalArgumentException(
            "signal type " + signalType + " was already declared with " + existing + " bits");
      }
      hammingBits.put(signalType, bits);
      return this;
    }

    /** Adds one indicator; it replaces an earlier one of the same feed and id. */
    public Builder add(Indicator indicator) {
      pending.add(Objects.requireNonNull(indicator, "indicator"));
      return this;
    }

    /** Adds indicators. */
    public Builder addAll(Collection<Indicator> indicators) {
      indicators.forEach(this::add);
      return this;
    }

    /** The snapshot of everything added. */
    public IndicatorIndex build() {
      IndicatorIndex empty = new IndicatorIndex(new Profile[0], hammingBits, Map.of(), Map.of(), null, 0);
      // Upserts into an empty snapshot: only keys given twice need care, and they are found with
      // one primitive table instead of a map entry per indicator.
      List<Indicator> all = pending;
      BitSet superseded = IdMap.superseded(all.size(),
          i -> 31 * all.get(i).feed().hashCode() + all.get(i).id().hashCode(),
          (a, b) -> all.get(a).id().equals(all.get(b).id()) && all.get(a).feed().equals(all.get(b).feed()));
      Delta delta = new Delta(empty);
      for (int i = 0; i < all.size(); i++) {
        if (!superseded.get(i)) {
          delta.place(all.get(i));
        }
      }
      return delta.finish();
    }
  }
}
