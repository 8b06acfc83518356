package io.tripline.index;

import java.util.concurrent.CompletableFuture;

/**
 * The stored hashes of one perceptual signal type in a {@link HammingIndex} (exact multi-index
 * search), with their per-entry data by the same positions. Widths that are not a multiple of 64
 * ({@code dhash72}) are indexed in whole words: the unused low bits are zero in every stored hash
 * and every query, so distances are unchanged.
 */
final class HammingTable extends SignalTable {
  /** Tables this big build their id map on a second thread. */
  private static final int PARALLEL_THRESHOLD = 1 << 20;

  private final HammingIndex index;
  /** Positions added since the index was last built or compacted. */
  private final int sinceCompaction;

  private HammingTable(String signalType, int bits, Rows rows, IdMap ids, HammingIndex index,
      int sinceCompaction) {
    super(signalType, bits, rows, ids);
    this.index = index;
    this.sinceCompaction = sinceCompaction;
  }

  static HammingTable empty(String signalType, int bits) {
    int words = (bits + 63) / 64;
    return new HammingTable(signalType, bits, Rows.EMPTY, IdMap.EMPTY, HammingIndex.of(words * 64, new long[0]), 0);
  }

  /**
   * A table of {@code rows} whose hashes are {@code packed}, position by position; no holes. The
   * table takes {@code packed} over: the caller must not change it afterwards.
   */
  static HammingTable of(String signalType, int bits, long[] packed, Rows rows, Profile[] profiles) {
    int words = (bits + 63) / 64;
    // The id map and the bucket tables are independent: build them side by side on big tables.
    CompletableFuture<IdMap> ids = rows.size() < PARALLEL_THRESHOLD
        ? CompletableFuture.completedFuture(idsOf(rows, profiles))
        : CompletableFuture.supplyAsync(() -> idsOf(rows, profiles));
    HammingIndex index = HammingIndex.adopting(words * 64, packed);
    return new HammingTable(signalType, bits, rows, ids.join(), index, 0);
  }

  HammingIndex index() {
    return index;
  }

  @Override
  boolean isDeleted(int position) {
    return index.isDeleted(position);
  }

  @Override
  long[] packed() {
    long[] out = new long[size() * words];
    for (int p = 0; p < size(); p++) {
      System.arraycopy(index.hash(p), 0, out, p * words, words);
    }
    return out;
  }

  @Override
  long[] hash(int position) {
    return index.hash(position);
  }

  @Override
  long searchBytes() {
    return index.bytesUsed();
  }

  @Override
  SignalTable derive(Rows newRows, IdMap newIds, int[] deleted, int deletedCount, long[] addedHashes,
      boolean rebuildFollows) {
    HammingIndex next = index.withChanges(deleted, addedHashes);
    int added = sinceCompaction + addedHashes.length / words;
    // Additions live in a second segment; once it holds a quarter of the table, one segment of
    // everything searches faster than two (unless the table is about to be built anew anyway).
    if (!rebuildFollows && added > HammingIndex.LINEAR_ADDITIONS_LIMIT && added > next.size() / 4) {
      return new HammingTable(signalType, bits, newRows, newIds, next.compact(), 0);
    }
    return new HammingTable(signalType, bits, newRows, newIds, next, added);
  }
}
