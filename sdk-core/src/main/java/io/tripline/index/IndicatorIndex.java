package io.tripline.index;

import io.tripline.Indicator;
import io.tripline.spi.ImageHash;
import io.tripline.text.TermMatcher;
import io.tripline.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of indicators, indexed for the lookups an upload needs. Thread-safe: any
 * number of readers may query one snapshot concurrently.
 *
 * <p>Signal types fall in three kinds: {@value #TERM} indicators go into the term matcher; types
 * registered with {@link Builder#hammingType(String, int)} are perceptual hashes compared by
 * Hamming distance; every other type is matched exactly (hex digests case-insensitively). A
 * perceptual hash or a digest ({@code md5}, {@code sha256}, {@code *.sha256}) that is not ASCII hex
 * of the right length is counted in {@link #rejected()} and not indexed.
 */
public final class IndicatorIndex {

  /** The signal type of keyword and phrase indicators. */
  public static final String TERM = "term";

  private static final IndicatorIndex EMPTY = builder().build();

  private final int size;
  private final int rejected;
  private final Map<String, Map<String, List<Indicator>>> exact;
  private final Map<String, DigestTable> digests;
  private final Map<String, HammingTable> hamming;
  private final TermMatcher<List<Indicator>> terms;

  private IndicatorIndex(Builder b) {
    this.size = b.size;
    this.rejected = b.rejected;
    Map<String, Map<String, List<Indicator>>> exactCopy = new HashMap<>();
    b.exact.forEach((type, byValue) -> {
      Map<String, List<Indicator>> copy = new HashMap<>();
      byValue.forEach((value, list) -> copy.put(value, List.copyOf(list)));
      exactCopy.put(type, copy);
    });
    this.exact = exactCopy;
    Map<String, DigestTable> digestTables = new HashMap<>();
    b.digests.forEach((type, pending) -> digestTables.put(type, pending.build()));
    this.digests = digestTables;
    Map<String, HammingTable> tables = new HashMap<>();
    b.hamming.forEach((type, table) -> tables.put(type, table.freeze()));
    this.hamming = tables;
    Map<String, List<Indicator>> termMap = new LinkedHashMap<>();
    b.terms.forEach((term, list) -> termMap.put(term, List.copyOf(list)));
    this.terms = TermMatcher.of(termMap);
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

  /** The number of indicators refused while building (e.g. a malformed hash); never indexed. */
  public int rejected() {
    return rejected;
  }

  /** The indicators of {@code signalType} whose value equals {@code value}. */
  public List<Indicator> exact(String signalType, String value) {
    DigestTable table = digests.get(signalType);
    if (table != null) {
      return table.lookup(canonicalExact(value));
    }
    Map<String, List<Indicator>> byValue = exact.get(signalType);
    if (byValue == null) {
      return List.of();
    }
    return byValue.getOrDefault(canonicalExact(value), List.of());
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
    if (radius < 0) {
      throw new IllegalArgumentException("radius must be >= 0, was " + radius);
    }
    HammingTable table = hamming.get(hash.signalType());
    if (table == null || table.bits != hash.bits()) {
      return List.of();
    }
    return table.near(hash.words(), radius);
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
    HammingTable table = hamming.get(first.signalType());
    if (table == null || table.bits != first.bits()) {
      return List.of();
    }
    return table.nearAny(queries, radius);
  }

  /** The term matcher over every {@value #TERM} indicator, keyed by normalised term. */
  public TermMatcher<List<Indicator>> terms() {
    return terms;
  }

  private static String canonicalExact(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  /** How many hex digits a digest signal type has ({@code md5}, {@code sha256}, {@code *.sha256}), else 0. */
  private static int digestHexDigits(String signalType) {
    if (signalType.equals("md5")) {
      return 32;
    }
    if (signalType.equals("sha256") || signalType.endsWith(".sha256")) {
      return 64;
    }
    return 0;
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

  /** Collects indicators for a snapshot. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Map<String, List<Indicator>>> exact = new HashMap<>();
    private final Map<String, DigestTable.Builder> digests = new HashMap<>();
    private final Map<String, HammingTable> hamming = new HashMap<>();
    private final Map<String, List<Indicator>> terms = new LinkedHashMap<>();
    private final List<Indicator> pending = new ArrayList<>();
    private int size;
    private int rejected;

    Builder() {}

    /**
     * Declares {@code signalType} a perceptual hash of {@code bits} bits, compared by Hamming
     * distance. Declare types before {@link #build()}; indicators added earlier are placed then.
     *
     * @throws IllegalArgumentException if {@code bits} is not a positive multiple of 4, or the
     *     type was declared with another length
     */
    public Builder hammingType(String signalType, int bits) {
      Objects.requireNonNull(signalType, "signalType");
      if (bits <= 0 || bits % 4 != 0) {
        throw new IllegalArgumentException("bits must be a positive multiple of 4, was " + bits);
      }
      HammingTable existing = hamming.get(signalType);
      if (existing != null && existing.bits != bits) {
        throw new IllegalArgumentException(
            "signal type " + signalType + " was already declared with " + existing.bits + " bits");
      }
      hamming.putIfAbsent(signalType, new HammingTable(bits));
      return this;
    }

    /** Adds one indicator. */
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
      for (Indicator indicator : pending) {
        place(indicator);
      }
      pending.clear();
      IndicatorIndex index = new IndicatorIndex(this);
      return index;
    }

    private void place(Indicator indicator) {
      String type = indicator.signalType();
      if (TERM.equals(type)) {
        String view = TextNormalizer.normalize(indicator.value()).view();
        if (view.isEmpty()) {
          rejected++;
          return;
        }
        terms.computeIfAbsent(view, k -> new ArrayList<>()).add(indicator);
      } else if (hamming.containsKey(type)) {
        HammingTable table = hamming.get(type);
        long[] words;
        try {
          words = ImageHash.parseHex(indicator.value().trim(), table.bits);
        } catch (IllegalArgumentException e) {
          rejected++;
          return;
        }
        table.add(words, indicator);
      } else {
        String value = canonicalExact(indicator.value());
        int digits = digestHexDigits(type);
        if (digits > 0 && !isHex(value, digits)) {
          // A malformed digest can never match; count it so a broken feed is noticed.
          rejected++;
          return;
        }
        if (digits > 0) {
          digests.computeIfAbsent(type, k -> new DigestTable.Builder(digits * 4)).add(value, indicator);
          size++;
          return;
        }
        exact.computeIfAbsent(type, k -> new HashMap<>())
            .computeIfAbsent(value, k -> new ArrayList<>())
            .add(indicator);
      }
      size++;
    }
  }
}
