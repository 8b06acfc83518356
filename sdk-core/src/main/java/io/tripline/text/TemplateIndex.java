package io.tripline.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Known template ads, looked up by {@link MinHashSignature}: {@link #query} finds the templates
 * whose estimated Jaccard similarity to an ad is at least a minimum, best first. Built from a
 * feed's (signature, value) pairs, which carry no ad text (see the privacy note of {@link
 * MinHashSignature}).
 *
 * <p><b>How.</b> Locality-sensitive hashing with {@value #BANDS} bands of {@value #ROWS} signature
 * values (values 0 to 124): a template is a candidate if, in some band, all 5 of its values equal
 * the ad's. Two texts of true similarity {@code s} share a band with probability {@code
 * 1 - (1 - s^5)^25}:
 *
 * <table>
 *   <caption>Probability that a template of similarity s is a candidate</caption>
 *   <tr><th>s</th><td>0.2</td><td>0.3</td><td>0.4</td><td>0.5</td><td>0.6</td><td>0.7</td>
 *       <td>0.8</td><td>0.9</td></tr>
 *   <tr><th>P</th><td>0.008</td><td>0.059</td><td>0.227</td><td>0.549</td><td>0.868</td>
 *       <td>0.990</td><td>0.99995</td><td>1.0</td></tr>
 * </table>
 *
 * <p>So the index is made for minimum similarities of about 0.7 and above: a lower {@code
 * minSimilarity} still works but misses some templates near it (half of those at 0.5). Candidates
 * are then scored on all {@value MinHashSignature#SIZE} values and kept if the estimate reaches
 * the minimum; an estimate has a standard deviation of about 0.04, so a template right at the
 * minimum is returned about half the time, one 0.1 above it nearly always.
 *
 * <p><b>Memory.</b> No object per template besides its value: each template keeps the low 8 bits of
 * each of its 128 signature values (b-bit MinHash: 128 bytes; estimates are corrected for the 1 in
 * 256 chance that two different values agree in 8 bits, and differ from {@link
 * MinHashSignature#similarity} by about 0.01), and each band is a bucket table of template ids
 * (4 bytes per template plus 1 to 2 bytes of bucket offsets). About 255 bytes per template
 * in all, plus the values; see {@link #bytesUsed()}. At most {@value #MAX_SIZE} templates.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> what a template stands for, e.g. the indicator that carries it
 */
public final class TemplateIndex<T> {

  /** The number of LSH bands. */
  public static final int BANDS = 25;

  /** The signature values per band. */
  public static final int ROWS = 5;

  /** The most templates an index holds. */
  public static final int MAX_SIZE = Integer.MAX_VALUE / MinHashSignature.SIZE;

  private static final int SIZE = MinHashSignature.SIZE;
  private static final double CHANCE = 1.0 / 256;

  /** A template found by {@link #query}: its value and estimated similarity (0 to 1). */
  public record Match<T>(T value, double similarity) {
    /** @throws NullPointerException if value is null */
    public Match {
      Objects.requireNonNull(value, "value");
    }
  }

  private final int size;
  /** The low byte of every value of every template: template i at {@code [i * 128, i * 128 + 128)}. */
  private final byte[] lowBytes;
  /** Per band, the template ids grouped by bucket ({@code ids[band]}), and where each bucket starts. */
  private final int[][] ids;
  private final int[][] starts;
  private final int bucketMask;
  private final Object[] values;

  private TemplateIndex(int size, byte[] lowBytes, int[] bandKeys, Object[] values) {
    this.size = size;
    this.lowBytes = lowBytes;
    this.values = values;
    // Buckets per band: a power of two holding 2 to 4 templates on average. Bucket collisions
    // only cost a check of the band's 5 bytes, and fewer buckets save memory.
    int buckets = Math.max(1, Integer.highestOneBit(Math.max(1, size)) >>> 1);
    this.bucketMask = buckets - 1;
    this.ids = new int[BANDS][];
    this.starts = new int[BANDS][];
    for (int band = 0; band < BANDS; band++) {
      // Counting sort of the ids by bucket.
      int[] start = new int[buckets + 1];
      for (int t = 0; t < size; t++) {
        start[(bandKeys[t * BANDS + band] & bucketMask) + 1]++;
      }
      for (int b = 0; b < buckets; b++) {
        start[b + 1] += start[b];
      }
      int[] fill = Arrays.copyOf(start, buckets);
      int[] bandIds = new int[size];
      for (int t = 0; t < size; t++) {
        bandIds[fill[bandKeys[t * BANDS + band] & bucketMask]++] = t;
      }
      ids[band] = bandIds;
      starts[band] = start;
    }
  }

  /** A builder for an index; add the templates and call {@link Builder#build()}. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /**
   * Collects templates. Not thread-safe; {@link #build()} copies what it needs, so the builder can
   * be reused and extended afterwards.
   */
  public static final class Builder<T> {
    private int size;
    private byte[] lowBytes = new byte[16 * SIZE];
    private int[] bandKeys = new int[16 * BANDS];
    private Object[] values = new Object[16];

    Builder() {}

    /**
     * Adds a template. The same signature may be added more than once, with the same or another
     * value; each is a template of its own.
     *
     * @throws NullPointerException if signature or value is null
     * @throws IllegalStateException if the builder already holds {@value #MAX_SIZE} templates
     */
    public Builder<T> add(MinHashSignature signature, T value) {
      Objects.requireNonNull(signature, "signature");
      Objects.requireNonNull(value, "value");
      if (size == MAX_SIZE) {
        throw new IllegalStateException("a TemplateIndex holds at most " + MAX_SIZE + " templates");
      }
      if (size == values.length) {
        int capacity = (int) Math.min(MAX_SIZE, 2L * size);
        lowBytes = Arrays.copyOf(lowBytes, capacity * SIZE);
        bandKeys = Arrays.copyOf(bandKeys, capacity * BANDS);
        values = Arrays.copyOf(values, capacity);
      }
      for (int k = 0; k < SIZE; k++) {
        lowBytes[size * SIZE + k] = (byte) signature.value(k);
      }
      for (int band = 0; band < BANDS; band++) {
        bandKeys[size * BANDS + band] = bandKey(signature, band);
      }
      values[size] = value;
      size++;
      return this;
    }

    /** An index of the templates added so far. */
    public TemplateIndex<T> build() {
      return new TemplateIndex<>(size, Arrays.copyOf(lowBytes, size * SIZE), bandKeys,
          Arrays.copyOf(values, size));
    }
  }

  /** A hash of the band's values, the same for equal values; the low bits pick the bucket. */
  private static int bandKey(MinHashSignature signature, int band) {
    long h = band;
    for (int row = band * ROWS, end = row + ROWS; row < end; row++) {
      h = h * 0x9E3779B97F4A7C15L + (signature.value(row) & 0xFFFF_FFFFL);
    }
    return (int) MinHashSignature.mix64(h);
  }

  /** The number of templates. */
  public int size() {
    return size;
  }

  /**
   * The bytes of this index's own arrays (signature bytes, band tables and the value references,
   * counted at 4 bytes each as with compressed references), not counting the values themselves.
   */
  public long bytesUsed() {
    long bytes = lowBytes.length + 4L * values.length;
    for (int band = 0; band < BANDS; band++) {
      bytes += 4L * ids[band].length + 4L * starts[band].length;
    }
    return bytes;
  }

  /**
   * The templates whose estimated similarity to {@code signature} is at least {@code
   * minSimilarity}, each with its estimate, highest first (ties in the order they were added).
   * Made for minimums of about 0.7 and above; see the class doc for what lower ones miss.
   *
   * @throws NullPointerException if signature is null
   * @throws IllegalArgumentException if minSimilarity is not between 0 and 1
   */
  public List<Match<T>> query(MinHashSignature signature, double minSimilarity) {
    Objects.requireNonNull(signature, "signature");
    if (!(minSimilarity >= 0 && minSimilarity <= 1)) {
      throw new IllegalArgumentException("minSimilarity must be between 0 and 1, was " + minSimilarity);
    }
    if (size == 0) {
      return List.of();
    }
    byte[] query = new byte[SIZE];
    for (int k = 0; k < SIZE; k++) {
      query[k] = (byte) signature.value(k);
    }
    int[] candidates = new int[16];
    int count = 0;
    byte[] sigs = lowBytes;
    for (int band = 0; band < BANDS; band++) {
      int bucket = bandKey(signature, band) & bucketMask;
      int[] start = starts[band];
      int[] bandIds = ids[band];
      int first = band * ROWS;
      for (int at = start[bucket], end = start[bucket + 1]; at < end; at++) {
        int t = bandIds[at];
        // Other bands share the bucket: check this band's 5 bytes before taking the template.
        int base = t * SIZE + first;
        boolean same = true;
        for (int row = 0; row < ROWS; row++) {
          if (sigs[base + row] != query[first + row]) {
            same = false;
            break;
          }
        }
        if (same) {
          if (count == candidates.length) {
            candidates = Arrays.copyOf(candidates, count * 2);
          }
          candidates[count++] = t;
        }
      }
    }
    if (count == 0) {
      return List.of();
    }
    Arrays.sort(candidates, 0, count);
    List<Match<T>> matches = new ArrayList<>();
    int previous = -1;
    for (int c = 0; c < count; c++) {
      int t = candidates[c];
      if (t == previous) {
        continue;
      }
      previous = t;
      double similarity = estimate(query, sigs, t * SIZE);
      if (similarity >= minSimilarity) {
        @SuppressWarnings("unchecked")
        T value = (T) values[t];
        matches.add(new Match<>(value, similarity));
      }
    }
    // Stable sort: ties stay in id order, i.e. the order the templates were added.
    matches.sort(Comparator.comparingDouble((Match<T> m) -> m.similarity()).reversed());
    return matches;
  }

  /** The b-bit MinHash estimate of Li and König: agreement corrected for chance 8-bit collisions. */
  private static double estimate(byte[] query, byte[] sigs, int base) {
    int equal = 0;
    for (int k = 0; k < SIZE; k++) {
      if (sigs[base + k] == query[k]) {
        equal++;
      }
    }
    if (equal == SIZE) {
      return 1.0;
    }
    double agreement = equal / (double) SIZE;
    return Math.max(0.0, (agreement - CHANCE) / (1 - CHANCE));
  }
}
