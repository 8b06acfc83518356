package io.tripline.index;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntUnaryOperator;

/**
 * Finds a table's live row by its indicator key (feed and id), so a feed's delete or upsert can
 * reach the entry it names. Open addressing with linear probing over one {@code int[]} of row
 * numbers: the keys themselves stay in the table's {@link Rows}, so the map costs about 6 bytes
 * per entry and no object per entry. Immutable; {@link #withChanges} copies.
 */
final class IdMap {
  /** The keys of a table's rows: their hashes and equality with a (feed, id) pair. */
  interface Keys {
    int hash(int row);

    boolean matches(int row, String feed, byte[] idUtf8);
  }

  /** The most a table is filled before it grows; it is built at this load and grows to about half full. */
  private static final double MAX_LOAD = 0.7;

  /** Row + 1 per slot; 0 is empty. */
  private final int[] slots;
  private final int count;

  private IdMap(int[] slots, int count) {
    this.slots = slots;
    this.count = count;
  }

  static final IdMap EMPTY = new IdMap(new int[1], 0);

  /** A map of {@code rows}, each known by {@code keys}. */
  static IdMap of(int[] rows, int n, Keys keys) {
    int[] slots = new int[capacityFor(n)];
    for (int i = 0; i < n; i++) {
      insert(slots, rows[i], keys);
    }
    return new IdMap(slots, n);
  }

  /** Whether rows {@code a} and {@code b} have the same key. */
  @FunctionalInterface
  interface SameKey {
    boolean test(int a, int b);
  }

  /**
   * Which of rows {@code 0 .. n - 1} are superseded by a later row with the same key: the rows
   * a batch of upserts replaces within itself. {@code hash} must agree with {@code sameKey}.
   */
  static BitSet superseded(int n, IntUnaryOperator hash, SameKey sameKey) {
    BitSet superseded = new BitSet();
    int[] s = new int[capacityFor(n)];
    for (int row = 0; row < n; row++) {
      int h = mix(hash.applyAsInt(row));
      int i = home(h, s.length);
      while (s[i] != 0 && !sameKey.test(s[i] - 1, row)) {
        i = next(i, s.length);
      }
      if (s[i] != 0) {
        superseded.set(s[i] - 1);
      }
      s[i] = row + 1;
    }
    return superseded;
  }

  /** The key hash of (feed, id): what {@link Keys#hash(int)} returns for a row with that key. */
  static int hash(String feed, byte[] idUtf8) {
    return mix(feed.hashCode() * 31 + Rows.hashId(idUtf8));
  }

  static int hash(String feed, int idHash) {
    return mix(feed.hashCode() * 31 + idHash);
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  int size() {
    return count;
  }

  /** The row whose key is (feed, id), or -1. */
  int find(String feed, byte[] idUtf8, Keys keys) {
    int h = hash(feed, idUtf8);
    int[] s = slots;
    for (int i = home(h, s.length); s[i] != 0; i = next(i, s.length)) {
      int row = s[i] - 1;
      if (keys.hash(row) == h && keys.matches(row, feed, idUtf8)) {
        return row;
      }
    }
    return -1;
  }

  /**
   * This map without {@code removed} rows and with {@code added} ones (the first
   * {@code addedCount} of the array). Removed rows must be present; added ones absent.
   */
  IdMap withChanges(int[] removed, int removedCount, int[] added, int addedCount, Keys keys) {
    int n = count - removedCount + addedCount;
    int[] s;
    if (n > slots.length * MAX_LOAD) {
      // Grow with headroom, so a feed that keeps adding pays for a re-insert of everything only
      // now and then, not on every delta.
      s = new int[capacityFor(n + n / 2)];
      int[] sortedRemoved = Arrays.copyOf(removed, removedCount);
      Arrays.sort(sortedRemoved);
      for (int slot : slots) {
        if (slot != 0 && Arrays.binarySearch(sortedRemoved, slot - 1) < 0) {
          insert(s, slot - 1, keys);
        }
      }
    } else {
      s = slots.clone();
      for (int k = 0; k < removedCount; k++) {
        remove(s, removed[k], keys);
      }
    }
    for (int k = 0; k < addedCount; k++) {
      insert(s, added[k], keys);
    }
    return new IdMap(s, n);
  }

  long bytesUsed() {
    return 16L + 4L * slots.length;
  }

  private static int capacityFor(int n) {
    return Math.max(2, (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(n / MAX_LOAD) + 1));
  }

  /** Spreads a 32-bit hash over {@code 0 .. capacity - 1} by multiplication, not modulo. */
  private static int home(int h, int capacity) {
    return (int) (((h & 0xFFFF_FFFFL) * capacity) >>> 32);
  }

  private static int next(int i, int capacity) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  private static void insert(int[] s, int row, Keys keys) {
    int i = home(keys.hash(row), s.length);
    while (s[i] != 0) {
      i = next(i, s.length);
    }
    s[i] = row + 1;
  }

  /** Removes {@code row}, shifting later entries of its probe run back so no tombstone is left. */
  private static void remove(int[] s, int row, Keys keys) {
    int i = home(keys.hash(row), s.length);
    while (s[i] != row + 1) {
      if (s[i] == 0) {
        throw new IllegalStateException("row " + row + " is not in the map");
      }
      i = next(i, s.length);
    }
    int hole = i;
    for (int j = next(hole, s.length); s[j] != 0; j = next(j, s.length)) {
      int home = home(keys.hash(s[j] - 1), s.length);
      // The entry at j may move into the hole unless its home lies cyclically in (hole, j].
      boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
      if (!homeBetween) {
        s[hole] = s[j];
        hole = j;
      }
    }
    s[hole] = 0;
  }
}
