package io.tripline.index;

import java.util.Arrays;

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
    if (capacityFor(n) > slots.length || n == 0) {
      // Grow (or empty): re-insert the survivors into a fresh table.
      s = new int[capacityFor(n)];
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
