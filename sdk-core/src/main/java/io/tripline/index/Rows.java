package io.tripline.index;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The per-entry data of one table (indicator id, profile number, added and expiry times) in
 * columns of primitive arrays, addressed by the entry's position: no object per entry.
 *
 * <p>Columns are cut into pages of {@value #PAGE} rows. Appending shares every full page with the
 * previous {@code Rows} and copies only the last, partly filled one, so a delta costs what it adds,
 * not what the table holds. Immutable; thread-safe.
 *
 * <p>Times are kept as whole seconds in an {@code int} (1970 to 2106), the form feeds use; a time
 * with a fraction of a second or outside that range is kept exactly in a side array of its page
 * (see {@link TimeColumn}).
 */
final class Rows {
  static final int PAGE_BITS = 16;
  static final int PAGE = 1 << PAGE_BITS;

  /** Time column value for "no time". */
  private static final int NO_TIME = 0;
  /** Time column value for "see the page's exact times". */
  private static final int EXACT_TIME = -1;

  /** Seconds that stand for no time in {@link Appender#add(byte[], int, int, int, long, int, long, int)}. */
  static final long NO_SECONDS = Long.MIN_VALUE;

  static final Rows EMPTY = new Rows(new Page[0], 0);

  private final Page[] pages;
  private final int size;

  private Rows(Page[] pages, int size) {
    this.pages = pages;
    this.size = size;
  }

  int size() {
    return size;
  }

  int profile(int row) {
    return page(row).profiles[row & (PAGE - 1)];
  }

  String id(int row) {
    Page p = page(row);
    int i = row & (PAGE - 1);
    int from = i == 0 ? 0 : p.idEnds[i - 1];
    return new String(p.idBytes, from, p.idEnds[i] - from, StandardCharsets.UTF_8);
  }

  /** Whether row {@code row}'s id is {@code utf8}. */
  boolean idEquals(int row, byte[] utf8) {
    Page p = page(row);
    int i = row & (PAGE - 1);
    int from = i == 0 ? 0 : p.idEnds[i - 1];
    return Arrays.equals(p.idBytes, from, p.idEnds[i], utf8, 0, utf8.length);
  }

  /** A hash of row {@code row}'s id bytes, equal to {@link #hashId(byte[])} of them. */
  int idHash(int row) {
    Page p = page(row);
    int i = row & (PAGE - 1);
    int from = i == 0 ? 0 : p.idEnds[i - 1];
    return hashId(p.idBytes, from, p.idEnds[i]);
  }

  static int hashId(byte[] utf8) {
    return hashId(utf8, 0, utf8.length);
  }

  private static int hashId(byte[] b, int from, int to) {
    int h = 0x811C9DC5;
    for (int i = from; i < to; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h;
  }

  @Nullable Instant addedAt(int row) {
    return page(row).added.get(row & (PAGE - 1));
  }

  @Nullable Instant expiresAt(int row) {
    return page(row).expires.get(row & (PAGE - 1));
  }

  private Page page(int row) {
    if (row < 0 || row >= size) {
      throw new IndexOutOfBoundsException("row " + row + " of " + size);
    }
    return pages[row >>> PAGE_BITS];
  }

  /** Heap bytes of the columns. */
  long bytesUsed() {
    long b = 16L + 8L * pages.length;
    for (Page p : pages) {
      b += p.bytesUsed();
    }
    return b;
  }

  /** These rows followed by {@code more}; full pages of this one are shared, not copied. */
  Rows append(Rows more) {
    if (more.size == 0) {
      return this;
    }
    Appender all = new Appender();
    int fullPages = size >>> PAGE_BITS;
    copy(this, fullPages << PAGE_BITS, size, all);
    copy(more, 0, more.size, all);
    Page[] tail = all.pages();
    Page[] merged = Arrays.copyOf(pages, fullPages + tail.length);
    System.arraycopy(tail, 0, merged, fullPages, tail.length);
    return new Rows(merged, size + more.size);
  }

  private static void copy(Rows src, int from, int to, Appender dst) {
    for (int row = from; row < to; row++) {
      dst.copy(src, row);
    }
  }

  /**
   * One page's column of optional times: whole seconds since 1970 in an {@code int} (unsigned,
   * plus one, so 0 means none), and any other time exactly in a side array allocated only when one
   * occurs. No array at all while every time of the page is absent.
   */
  private static final class TimeColumn {
    private int @Nullable [] coded;
    private Instant @Nullable [] exact;

    @Nullable Instant get(int i) {
      if (coded == null) {
        return null;
      }
      int v = coded[i];
      if (v == NO_TIME) {
        return null;
      }
      if (v == EXACT_TIME) {
        return exact[i];
      }
      return Instant.ofEpochSecond(Integer.toUnsignedLong(v) - 1);
    }

    void set(int i, @Nullable Instant t, int capacity) {
      if (t != null) {
        set(i, t.getEpochSecond(), t.getNano(), t, capacity);
      }
    }

    /** Sets time {@code i} to {@code seconds} and {@code nanos}; {@code t} is that time, if made. */
    void set(int i, long seconds, int nanos, @Nullable Instant t, int capacity) {
      // Unsigned values 1 .. 2^32 - 2 hold seconds 0 .. 2^32 - 3; 0 and 2^32 - 1 are markers.
      boolean fits = nanos == 0 && seconds >= 0 && seconds <= 0xFFFF_FFFDL;
      if (coded == null) {
        coded = new int[capacity];
      }
      coded[i] = fits ? (int) (seconds + 1) : EXACT_TIME;
      if (!fits) {
        if (exact == null) {
          exact = new Instant[capacity];
        }
        exact[i] = t != null ? t : Instant.ofEpochSecond(seconds, nanos);
      }
    }

    void grow(int capacity) {
      if (coded != null) {
        coded = Arrays.copyOf(coded, capacity);
      }
      if (exact != null) {
        exact = Arrays.copyOf(exact, capacity);
      }
    }

    TimeColumn copy(int n) {
      TimeColumn c = new TimeColumn();
      c.coded = coded == null ? null : Arrays.copyOf(coded, n);
      c.exact = exact == null ? null : Arrays.copyOf(exact, n);
      return c;
    }

    long bytesUsed() {
      return (coded == null ? 0 : 16L + 4L * coded.length) + (exact == null ? 0 : 16L + 4L * exact.length);
    }
  }

  /** One page of columns. */
  private static final class Page {
    final int[] profiles;
    final int[] idEnds;
    final byte[] idBytes;
    final TimeColumn added;
    final TimeColumn expires;

    Page(int[] profiles, int[] idEnds, byte[] idBytes, TimeColumn added, TimeColumn expires) {
      this.profiles = profiles;
      this.idEnds = idEnds;
      this.idBytes = idBytes;
      this.added = added;
      this.expires = expires;
    }

    long bytesUsed() {
      return 16L + 4L * profiles.length + 16L + 4L * idEnds.length + 16L + idBytes.length + added.bytesUsed()
          + expires.bytesUsed();
    }
  }

  /** Collects rows to append, page by page. Not thread-safe. */
  static final class Appender {
    private final List<Page> done = new ArrayList<>();
    private int count;
    private int n;
    private int[] profiles = new int[16];
    private int[] idEnds = new int[16];
    private byte[] idBytes = new byte[256];
    private int idLength;
    private TimeColumn added = new TimeColumn();
    private TimeColumn expires = new TimeColumn();

    int count() {
      return count;
    }

    void add(String id, int profile, @Nullable Instant addedAt, @Nullable Instant expiresAt) {
      byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
      add(utf8, 0, utf8.length, profile, addedAt, expiresAt);
    }

    /** Appends a copy of row {@code row} of {@code src}. */
    void copy(Rows src, int row) {
      Page p = src.pages[row >>> PAGE_BITS];
      int i = row & (PAGE - 1);
      add(p.idBytes, i == 0 ? 0 : p.idEnds[i - 1], p.idEnds[i], p.profiles[i], src.addedAt(row), src.expiresAt(row));
    }

    void add(byte[] id, int from, int to, int profile, @Nullable Instant addedAt, @Nullable Instant expiresAt) {
      int row = addId(id, from, to, profile);
      added.set(row, addedAt, profiles.length);
      expires.set(row, expiresAt, profiles.length);
      endRow();
    }

    /**
     * As {@link #add(byte[], int, int, int, Instant, Instant)}, with the times given as seconds and
     * nanoseconds ({@link #NO_SECONDS} for none), so a bulk read makes no {@code Instant} per row.
     * The times must be valid {@code Instant}s.
     */
    void add(byte[] id, int from, int to, int profile, long addedSeconds, int addedNanos, long expiresSeconds,
        int expiresNanos) {
      int row = addId(id, from, to, profile);
      if (addedSeconds != NO_SECONDS) {
        added.set(row, addedSeconds, addedNanos, null, profiles.length);
      }
      if (expiresSeconds != NO_SECONDS) {
        expires.set(row, expiresSeconds, expiresNanos, null, profiles.length);
      }
      endRow();
    }

    /** Appends the row's id and profile; returns its index in the pending page. */
    private int addId(byte[] id, int from, int to, int profile) {
      if (n == profiles.length) {
        int grown = Math.min(PAGE, n * 2);
        profiles = Arrays.copyOf(profiles, grown);
        idEnds = Arrays.copyOf(idEnds, grown);
        added.grow(grown);
        expires.grow(grown);
      }
      int len = to - from;
      if (idLength + len > idBytes.length) {
        idBytes = Arrays.copyOf(idBytes, Math.max(idBytes.length * 2, idLength + len));
      }
      System.arraycopy(id, from, idBytes, idLength, len);
      idLength += len;
      idEnds[n] = idLength;
      profiles[n] = profile;
      return n;
    }

    private void endRow() {
      n++;
      count++;
      if (n == PAGE) {
        done.add(pendingPage());
        n = 0;
        idLength = 0;
        added = new TimeColumn();
        expires = new TimeColumn();
      }
    }

    private Page pendingPage() {
      return new Page(Arrays.copyOf(profiles, n), Arrays.copyOf(idEnds, n), Arrays.copyOf(idBytes, idLength),
          added.copy(n), expires.copy(n));
    }

    /** The full pages and, if any rows are pending, a last partial page. */
    private Page[] pages() {
      List<Page> all = new ArrayList<>(done);
      if (n > 0) {
        all.add(pendingPage());
      }
      return all.toArray(Page[]::new);
    }

    /** The rows collected, as a table of their own. */
    Rows toRows() {
      return new Rows(pages(), count);
    }
  }
}
