package io.tripline.index;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The stored digests of one exact signal type ({@code md5}, {@code sha256}, {@code *.sha256}) in
 * a {@link DigestSet}, with their per-entry data by the same positions. Additions since the last
 * compaction sit in a second, smaller set; deletions in a bitmap filtered at lookup.
 */
final class DigestTable extends SignalTable {
  private static final int[] NONE = new int[0];

  private final DigestSet base;
  /** Digests added since the base was built, packed by {@code position - additionsStart}. */
  private final long[] added;
  private final int additionsStart;
  private final @Nullable DigestSet additions;
  private final long @Nullable [] deleted;

  private DigestTable(String signalType, int bits, Rows rows, IdMap ids, DigestSet base, int additionsStart,
      long[] added, long @Nullable [] deleted) {
    super(signalType, bits, rows, ids);
    this.base = base;
    this.additionsStart = additionsStart;
    this.added = added;
    int n = added.length / words;
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      positions[i] = additionsStart + i;
    }
    this.additions = n == 0 ? null : DigestSet.of(words, added, positions);
    this.deleted = deleted;
  }

  static DigestTable empty(String signalType, int bits) {
    int words = (bits + 63) / 64;
    return new DigestTable(signalType, bits, Rows.EMPTY, IdMap.EMPTY, DigestSet.of(words, new long[0], NONE), 0,
        new long[0], null);
  }

  /** A table of {@code rows} whose digests are {@code packed}, position by position; no holes. */
  static DigestTable of(String signalType, int bits, long[] packed, Rows rows, Profile[] profiles) {
    int words = (bits + 63) / 64;
    int n = packed.length / words;
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      positions[i] = i;
    }
    return new DigestTable(signalType, bits, rows, idsOf(rows, profiles), DigestSet.of(words, packed, positions), n,
        new long[0], null);
  }

  /** The live positions whose digest is {@code digest}. */
  int[] lookup(long[] digest) {
    int[] found = base.lookup(digest);
    if (additions != null) {
      int[] more = additions.lookup(digest);
      if (more.length > 0) {
        found = Arrays.copyOf(found, found.length + more.length);
        System.arraycopy(more, 0, found, found.length - more.length, more.length);
      }
    }
    if (deleted == null || found.length == 0) {
      return found;
    }
    int live = 0;
    for (int p : found) {
      if (!HammingSegment.isSet(deleted, p)) {
        found[live++] = p;
      }
    }
    return live == found.length ? found : Arrays.copyOf(found, live);
  }

  @Override
  boolean isDeleted(int position) {
    return deleted != null && HammingSegment.isSet(deleted, position);
  }

  @Override
  long[] packed() {
    long[] out = new long[size() * words];
    base.scatter(out);
    System.arraycopy(added, 0, out, additionsStart * words, added.length);
    return out;
  }

  @Override
  long[] hash(int position) {
    long[] out = new long[words];
    if (position >= additionsStart) {
      System.arraycopy(added, (position - additionsStart) * words, out, 0, words);
    } else {
      base.digest(position, out);
    }
    return out;
  }

  @Override
  long searchBytes() {
    long b = base.bytesUsed() + 16L + 8L * added.length;
    if (additions != null) {
      b += additions.bytesUsed();
    }
    if (deleted != null) {
      b += 16L + 8L * deleted.length;
    }
    return b;
  }

  @Override
  SignalTable derive(Rows newRows, IdMap newIds, int[] deletedPositions, int deletedCount, long[] addedHashes,
      boolean rebuildFollows) {
    int newSize = newRows.size();
    long[] newDeleted = deleted;
    if (deletedCount > 0) {
      newDeleted = Arrays.copyOf(deleted == null ? new long[0] : deleted, (newSize + 63) >>> 6);
      for (int i = 0; i < deletedCount; i++) {
        int p = deletedPositions[i];
        newDeleted[p >>> 6] |= 1L << p;
      }
    }
    long[] newAdded = Arrays.copyOf(added, added.length + addedHashes.length);
    System.arraycopy(addedHashes, 0, newAdded, added.length, addedHashes.length);
    int addedCount = newAdded.length / words;
    if (!rebuildFollows && addedCount > HammingIndex.LINEAR_ADDITIONS_LIMIT && addedCount > newSize / 4) {
      // Fold the additions into one base set, keeping positions; holes stay out of it.
      long[] all = Arrays.copyOf(base.scatter(new long[additionsStart * words]), newSize * words);
      System.arraycopy(newAdded, 0, all, additionsStart * words, newAdded.length);
      long[] packed = new long[newSize * words];
      int[] positions = new int[newSize];
      int n = 0;
      for (int p = 0; p < newSize; p++) {
        if (newDeleted == null || !HammingSegment.isSet(newDeleted, p)) {
          System.arraycopy(all, p * words, packed, n * words, words);
          positions[n++] = p;
        }
      }
      DigestSet merged = DigestSet.of(words, Arrays.copyOf(packed, n * words), Arrays.copyOf(positions, n));
      return new DigestTable(signalType, bits, newRows, newIds, merged, newSize, new long[0], newDeleted);
    }
    return new DigestTable(signalType, bits, newRows, newIds, base, additionsStart, newAdded, newDeleted);
  }
}
