package io.tripline.index;

import io.tripline.Indicator;
import java.util.Arrays;

/**
 * The stored hashes of one signal type with their per-entry data, by position: the search
 * structure of the subclass, the {@link Rows} columns and the {@link IdMap} that finds a position
 * by indicator key. Positions are never reused: a delete leaves a hole until the table is rebuilt
 * (from a snapshot file, or by {@link #needsRebuild()}). Immutable; thread-safe.
 */
abstract sealed class SignalTable permits HammingTable, DigestTable {
  final String signalType;
  /** Bits of one hash, e.g. 256 for {@code pdq}, 72 for {@code dhash72}. */
  final int bits;
  /** Longs of one packed hash. */
  final int words;
  final Rows rows;
  final IdMap ids;

  SignalTable(String signalType, int bits, Rows rows, IdMap ids) {
    this.signalType = signalType;
    this.bits = bits;
    this.words = (bits + 63) / 64;
    this.rows = rows;
    this.ids = ids;
  }

  /** Positions, deleted ones included. */
  final int size() {
    return rows.size();
  }

  /** Live entries. */
  final int live() {
    return ids.size();
  }

  abstract boolean isDeleted(int position);

  /**
   * Every position's hash, packed ({@link #words} longs each) in position order; a deleted
   * position's hash may be any value.
   */
  abstract long[] packed();

  /** The packed hash at {@code position}. */
  abstract long[] hash(int position);

  /** Heap bytes of the search structure (hashes included), without rows and id map. */
  abstract long searchBytes();

  /**
   * The table after the changes; this one is unchanged. {@code rebuildFollows}: the result is
   * only read to be {@linkplain #rebuilt renumbered}, so work that speeds up searches is wasted.
   */
  abstract SignalTable derive(Rows newRows, IdMap newIds, int[] deleted, int deletedCount, long[] addedHashes,
      boolean rebuildFollows);

  /** Whether so many positions are holes that renumbering the live entries pays. */
  final boolean needsRebuild() {
    return needsRebuild(size(), live());
  }

  private static boolean needsRebuild(int size, int live) {
    return size > 1024 && size - live > size / 4;
  }

  /**
   * This table with the rows at {@code deleted} (the first {@code deletedCount}) removed and
   * {@code addedHashes} appended with {@code addedRows}.
   */
  final SignalTable withChanges(int[] deleted, int deletedCount, long[] addedHashes, Rows addedRows,
      Profile[] profiles) {
    if (size() == 0) {
      // A first fill (a build from scratch): one build of each structure, sized to fit.
      return of(this instanceof HammingTable, signalType, bits, addedHashes, addedRows, profiles);
    }
    Rows newRows = rows.append(addedRows);
    int[] addedPositions = new int[addedRows.size()];
    for (int i = 0; i < addedPositions.length; i++) {
      addedPositions[i] = size() + i;
    }
    IdMap newIds = ids.withChanges(deleted, deletedCount, addedPositions, addedPositions.length,
        keys(newRows, profiles));
    return derive(newRows, newIds, Arrays.copyOf(deleted, deletedCount), deletedCount, addedHashes,
        needsRebuild(newRows.size(), newIds.size()));
  }

  /** This table's live entries renumbered from 0, with no holes. */
  final SignalTable rebuilt(Profile[] profiles) {
    long[] all = packed();
    long[] live = new long[live() * words];
    Rows.Appender liveRows = new Rows.Appender();
    int n = 0;
    for (int p = 0; p < size(); p++) {
      if (!isDeleted(p)) {
        System.arraycopy(all, p * words, live, n * words, words);
        liveRows.copy(rows, p);
        n++;
      }
    }
    return of(this instanceof HammingTable, signalType, bits, live, liveRows.toRows(), profiles);
  }

  /**
   * A Hamming or digest table of {@code rows} whose hashes are {@code packed}, position by
   * position. The table may keep {@code packed} itself: the caller hands it over.
   */
  static SignalTable of(boolean hamming, String signalType, int bits, long[] packed, Rows rows, Profile[] profiles) {
    return hamming
        ? HammingTable.of(signalType, bits, packed, rows, profiles)
        : DigestTable.of(signalType, bits, packed, rows, profiles);
  }

  /** The live position of the indicator (feed, id), or -1. */
  final int find(String feed, byte[] idUtf8, Profile[] profiles) {
    return ids.find(feed, idUtf8, keys(rows, profiles));
  }

  /** The indicator at {@code position}, its value given in canonical form. */
  final Indicator indicator(int position, String value, Profile[] profiles) {
    Profile p = profiles[rows.profile(position)];
    return new Indicator(rows.id(position), p.feed(), p.signalType(), value, p.labels(), p.severity(),
        rows.addedAt(position), rows.expiresAt(position));
  }

  final long bytesUsed() {
    return searchBytes() + rows.bytesUsed() + ids.bytesUsed();
  }

  static IdMap.Keys keys(Rows rows, Profile[] profiles) {
    return new IdMap.Keys() {
      @Override
      public int hash(int row) {
        return IdMap.hash(profiles[rows.profile(row)].feed(), rows.idHash(row));
      }

      @Override
      public boolean matches(int row, String feed, byte[] idUtf8) {
        return rows.idEquals(row, idUtf8) && profiles[rows.profile(row)].feed().equals(feed);
      }
    };
  }

  /** Every position of {@code rows}, for building an id map of a table without holes. */
  static IdMap idsOf(Rows rows, Profile[] profiles) {
    int n = rows.size();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return IdMap.of(all, n, keys(rows, profiles));
  }
}
