package io.tripline.index;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.TriplineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IndicatorIndex} on disk, so a restart serves the last good snapshot at once, with no
 * network. The file holds the indicators in the index's own column form (packed hashes, per-entry
 * ids, profile numbers and times) plus a small string map for the caller (e.g. feed cursors); the
 * search structures are rebuilt on load.
 *
 * <p>Format, big-endian: the magic {@code TRPLSNAP}, the format version ({@value #VERSION}), the
 * payload, the payload's length, and a CRC32C of everything before it (the length comes last so
 * the file is written, and checksummed, in one pass). A file whose length,
 * magic, version or checksum is wrong is refused with a {@link CorruptSnapshotException} naming
 * what is wrong; nothing read from it is used.
 *
 * <p>{@link #write} is atomic: the snapshot goes to a temporary file in the same directory, is
 * forced to disk and then moved over the old one, which is kept as {@code <name>.previous}. A
 * crash leaves either the old or the new file, never half of one; {@link #readNewest} falls back
 * to the previous file if the newest cannot be read.
 */
public final class SnapshotFile {
  private static final Logger log = LoggerFactory.getLogger(SnapshotFile.class);

  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = "TRPLSNAP".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4;
  /** The payload length and the checksum. */
  private static final int TRAILER = 8 + 4;
  private static final byte KIND_HAMMING = 1;
  private static final byte KIND_DIGEST = 2;
  private static final int MAX_STRING_BYTES = 1 << 20;

  private SnapshotFile() {}

  /** A snapshot read back: the index and the caller's string map written with it. */
  public record Snapshot(IndicatorIndex index, Map<String, String> metadata) {
    public Snapshot {
      Objects.requireNonNull(index, "index");
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * Writes {@code index} and {@code metadata} to {@code path} atomically; the file it replaces is
   * kept as {@code <path>.previous}.
   *
   * @throws TriplineException if the file cannot be written; {@code path} is then unchanged
   */
  public static void write(IndicatorIndex index, Map<String, String> metadata, Path path) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(metadata, "metadata");
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        Out out = new Out(ch);
        out.bytes(MAGIC);
        out.i32(VERSION);
        writePayload(index, metadata, out);
        out.i64(out.position() - HEADER);
        out.flush();
        out.i32(out.crc());
        out.flush();
        ch.force(true);
      }
      Path previous = previousOf(path);
      if (Files.exists(path)) {
        move(path, previous);
      }
      move(tmp, path);
      tmp = null;
      forceDirectory(dir);
      log.info("Wrote indicator snapshot {} ({} indicators)", path, index.size());
    } catch (IOException e) {
      throw new TriplineException("cannot write snapshot " + path + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          log.warn("cannot delete temporary snapshot {}: {}", tmp, e.toString());
        }
      }
    }
  }

  /**
   * Reads the snapshot at {@code path}.
   *
   * @throws CorruptSnapshotException if the file is truncated, damaged, of another format version
   *     or not a snapshot
   * @throws TriplineException if the file cannot be read
   */
  public static Snapshot read(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER + TRAILER) {
        throw new CorruptSnapshotException("snapshot " + path + " is truncated: " + size + " bytes");
      }
      In in = new In(ch, size - TRAILER);
      byte[] magic = in.bytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptSnapshotException(path + " is not a Tripline snapshot");
      }
      int version = in.i32();
      if (version != VERSION) {
        throw new CorruptSnapshotException(
            "snapshot " + path + " has format version " + version + ", this Tripline reads " + VERSION);
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
      while (trailer.hasRemaining() && ch.read(trailer, size - TRAILER + trailer.position()) > 0) {
        // read fully
      }
      long payload = trailer.getLong(0);
      if (payload != size - HEADER - TRAILER) {
        throw new CorruptSnapshotException("snapshot " + path + " is truncated or padded: its trailer says "
            + (payload + HEADER + TRAILER) + " bytes, file has " + size);
      }
      Parts parts = readPayload(in, path);
      in.expectEnd(path);
      if (trailer.getInt(8) != in.crcWith(trailer.array(), 8)) {
        throw new CorruptSnapshotException("snapshot " + path + " is damaged: checksum mismatch");
      }
      return new Snapshot(parts.build(), parts.metadata);
    } catch (NoSuchFileException e) {
      throw new TriplineException("no snapshot at " + path, e);
    } catch (IOException e) {
      throw new TriplineException("cannot read snapshot " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The snapshot at {@code path}, or if that is missing or cannot be read, the previous one kept
   * beside it; empty if there is neither. A refused file is logged, not thrown.
   */
  public static Optional<Snapshot> readNewest(Path path) {
    for (Path candidate : List.of(path, previousOf(path))) {
      if (!Files.exists(candidate)) {
        continue;
      }
      try {
        return Optional.of(read(candidate));
      } catch (TriplineException e) {
        log.warn("Snapshot refused: {}", e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Where {@link #write} keeps the file it replaced. */
  public static Path previousOf(Path path) {
    return path.resolveSibling(path.getFileName() + ".previous");
  }

  // ---- payload ----

  private static void writePayload(IndicatorIndex index, Map<String, String> metadata, Out out) throws IOException {
    out.i32(metadata.size());
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      out.str(e.getKey());
      out.str(e.getValue());
    }
    Profile[] profiles = index.profiles();
    out.i32(profiles.length);
    for (Profile p : profiles) {
      out.str(p.feed());
      out.str(p.signalType());
      out.strings(p.labels());
      out.str(p.severity().name());
    }
    Map<String, Integer> hamming = new TreeMap<>(index.hammingTypes());
    out.i32(hamming.size());
    for (Map.Entry<String, Integer> e : hamming.entrySet()) {
      out.str(e.getKey());
      out.i32(e.getValue());
    }
    Map<String, SignalTable> tables = new TreeMap<>(index.tables());
    out.i32(tables.size());
    for (SignalTable t : tables.values()) {
      out.str(t.signalType);
      out.i8(t instanceof HammingTable ? KIND_HAMMING : KIND_DIGEST);
      out.i32(t.bits);
      out.i32(t.live());
      long[] packed = t.packed();
      for (int p = 0; p < t.size(); p++) {
        if (!t.isDeleted(p)) {
          out.longs(packed, p * t.words, t.words);
        }
      }
      Rows rows = t.rows;
      for (int p = 0; p < t.size(); p++) {
        if (!t.isDeleted(p)) {
          out.i32(rows.profile(p));
          out.str(rows.id(p));
          out.time(rows.addedAt(p));
          out.time(rows.expiresAt(p));
        }
      }
    }
    List<Indicator> objects = List.copyOf(index.objects());
    out.i32(objects.size());
    for (Indicator i : objects) {
      out.str(i.id());
      out.str(i.feed());
      out.str(i.signalType());
      out.str(i.value());
      out.strings(i.labels());
      out.str(i.severity().name());
      out.time(i.addedAt());
      out.time(i.expiresAt());
    }
  }

  private record TablePart(String type, boolean hamming, int bits, long[] packed, Rows rows) {}

  /** What a payload holds, read and validated, before the checksum is known to match. */
  private static final class Parts {
    Map<String, String> metadata = new LinkedHashMap<>();
    Profile[] profiles;
    Map<String, Integer> hamming = new HashMap<>();
    List<TablePart> tables = new ArrayList<>();
    List<Indicator> objects = new ArrayList<>();

    IndicatorIndex build() {
      Map<String, SignalTable> built = new HashMap<>();
      for (TablePart t : tables) {
        built.put(t.type, SignalTable.of(t.hamming, t.type, t.bits, t.packed, t.rows, profiles));
      }
      return IndicatorIndex.of(profiles, hamming, built, objects);
    }
  }

  private static Parts readPayload(In in, Path path) throws IOException {
    Parts parts = new Parts();
    int metadataCount = in.count(8);
    for (int i = 0; i < metadataCount; i++) {
      parts.metadata.put(in.str(), in.str());
    }
    int profileCount = in.count(16);
    parts.profiles = new Profile[profileCount];
    for (int i = 0; i < profileCount; i++) {
      parts.profiles[i] = new Profile(in.str(), in.str(), in.strings(), severity(in.str(), path));
    }
    int hammingCount = in.count(8);
    for (int i = 0; i < hammingCount; i++) {
      String type = in.str();
      int bits = in.i32();
      if (bits <= 0 || bits > 256 || bits % 4 != 0) {
        throw corrupt(path, "signal type " + type + " has " + bits + " bits");
      }
      parts.hamming.put(type, bits);
    }
    int tableCount = in.count(13);
    for (int t = 0; t < tableCount; t++) {
      String type = in.str();
      byte kind = in.i8();
      int bits = in.i32();
      boolean hamming = kind == KIND_HAMMING;
      Integer declared = parts.hamming.get(type);
      boolean valid = hamming ? declared != null && declared == bits
          : kind == KIND_DIGEST && IndicatorIndex.digestBits(type) == bits;
      if (!valid) {
        throw corrupt(path, "table " + type + " of kind " + kind + " and " + bits + " bits does not fit its type");
      }
      int words = (bits + 63) / 64;
      int n = in.count(8L * words + 4 + 4 + 2);
      long[] packed = in.longs(n * words);
      Rows.Appender rows = new Rows.Appender();
      for (int i = 0; i < n; i++) {
        int profile = in.i32();
        if (profile < 0 || profile >= profileCount || !parts.profiles[profile].signalType().equals(type)) {
          throw corrupt(path, "table " + type + " entry " + i + " names profile " + profile);
        }
        in.readUtf8();
        long addedSeconds = in.timeSeconds();
        int addedNanos = in.nanos;
        long expiresSeconds = in.timeSeconds();
        rows.add(in.utf8, 0, in.utf8Length, profile, addedSeconds, addedNanos, expiresSeconds, in.nanos);
      }
      parts.tables.add(new TablePart(type, hamming, bits, packed, rows.toRows()));
    }
    int objectCount = in.count(16);
    for (int i = 0; i < objectCount; i++) {
      try {
        parts.objects.add(new Indicator(in.str(), in.str(), in.str(), in.str(), in.strings(), severity(in.str(), path),
            in.time(), in.time()));
      } catch (IllegalArgumentException e) {
        throw corrupt(path, "indicator " + i + ": " + e.getMessage());
      }
    }
    return parts;
  }

  private static Severity severity(String name, Path path) {
    try {
      return Severity.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw corrupt(path, "unknown severity " + name);
    }
  }

  private static CorruptSnapshotException corrupt(Path path, String what) {
    return new CorruptSnapshotException("snapshot " + path + " is damaged: " + what);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the renames durable; not every platform can open a directory, and then it is skipped. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      log.debug("cannot force directory {}: {}", dir, e.toString());
    }
  }

  // ---- buffered, checksummed channel I/O ----

  /** Writes through a 1 MiB buffer, keeping a CRC32C of everything written. */
  private static final class Out {
    private final FileChannel ch;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    private long flushed;

    Out(FileChannel ch) {
      this.ch = ch;
    }

    long position() {
      return flushed + buf.position();
    }

    private void room(int n) throws IOException {
      if (buf.remaining() < n) {
        flush();
      }
    }

    void flush() throws IOException {
      buf.flip();
      crc.update(buf.duplicate());
      while (buf.hasRemaining()) {
        flushed += ch.write(buf);
      }
      buf.clear();
    }

    /** The CRC32C of everything written so far; call after {@link #flush()}. */
    int crc() {
      return (int) crc.getValue();
    }

    void bytes(byte[] b) throws IOException {
      int off = 0;
      while (off < b.length) {
        room(1);
        int n = Math.min(buf.remaining(), b.length - off);
        buf.put(b, off, n);
        off += n;
      }
    }

    void i8(byte v) throws IOException {
      room(1);
      buf.put(v);
    }

    void i32(int v) throws IOException {
      room(4);
      buf.putInt(v);
    }

    void i64(long v) throws IOException {
      room(8);
      buf.putLong(v);
    }

    void longs(long[] a, int from, int count) throws IOException {
      room(8 * count);
      for (int i = 0; i < count; i++) {
        buf.putLong(a[from + i]);
      }
    }

    void str(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i32(b.length);
      bytes(b);
    }

    void strings(List<String> list) throws IOException {
      i32(list.size());
      for (String s : list) {
        str(s);
      }
    }

    void time(@Nullable Instant t) throws IOException {
      if (t == null) {
        i8((byte) 0);
      } else {
        i8((byte) 1);
        i64(t.getEpochSecond());
        i32(t.getNano());
      }
    }
  }

  /**
   * Reads through a 1 MiB buffer up to {@code end}, keeping a CRC32C of everything consumed. Every
   * count is checked against the bytes left before anything is allocated, so a damaged length
   * cannot make the reader allocate gigabytes.
   */
  private static final class In {
    private final FileChannel ch;
    private final long end;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    private final CRC32C crc = new CRC32C();
    private long filePos;

    In(FileChannel ch, long end) {
      this.ch = ch;
      this.end = end;
      buf.limit(0);
    }

    private long remaining() {
      return end - filePos + buf.remaining();
    }

    private void need(int n) throws IOException {
      if (buf.remaining() >= n) {
        return;
      }
      if (remaining() < n) {
        throw new CorruptSnapshotException("snapshot ends in the middle of an entry");
      }
      buf.compact();
      while (buf.position() < n) {
        int max = (int) Math.min(buf.remaining(), end - filePos);
        ByteBuffer slice = buf.duplicate();
        slice.limit(buf.position() + max);
        int r = ch.read(slice, filePos);
        if (r <= 0) {
          throw new CorruptSnapshotException("snapshot is shorter than its header says");
        }
        ByteBuffer fresh = buf.duplicate();
        fresh.limit(buf.position() + r);
        crc.update(fresh);
        buf.position(buf.position() + r);
        filePos += r;
      }
      buf.flip();
    }

    /** The CRC32C of everything consumed, followed by {@code b[0 .. length)}. */
    int crcWith(byte[] b, int length) {
      crc.update(b, 0, length);
      return (int) crc.getValue();
    }

    void expectEnd(Path path) {
      if (buf.remaining() != 0 || filePos != end) {
        throw corrupt(path, (end - filePos + buf.remaining()) + " unexpected bytes after the last entry");
      }
    }

    /** A count of items of at least {@code minBytes} each, checked against what is left. */
    int count(long minBytes) throws IOException {
      int n = i32();
      if (n < 0 || n * minBytes > remaining()) {
        throw new CorruptSnapshotException("snapshot is damaged: a count of " + n + " does not fit the "
            + remaining() + " bytes left");
      }
      return n;
    }

    byte i8() throws IOException {
      need(1);
      return buf.get();
    }

    int i32() throws IOException {
      need(4);
      return buf.getInt();
    }

    long i64() throws IOException {
      need(8);
      return buf.getLong();
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = new byte[n];
      readFully(b, n);
      return b;
    }

    private void readFully(byte[] b, int n) throws IOException {
      int off = 0;
      while (off < n) {
        need(1);
        int k = Math.min(buf.remaining(), n - off);
        buf.get(b, off, k);
        off += k;
      }
    }

    long[] longs(int n) throws IOException {
      long[] a = new long[n];
      int off = 0;
      while (off < n) {
        need(8);
        int k = Math.min(buf.remaining() / 8, n - off);
        buf.asLongBuffer().get(a, off, k);
        buf.position(buf.position() + 8 * k);
        off += k;
      }
      return a;
    }

    /** The bytes of the last string read by {@link #readUtf8()}: {@code utf8[0 .. utf8Length)}. */
    byte[] utf8 = new byte[64];
    int utf8Length;
    /** The nanoseconds of the time {@link #timeSeconds()} read last. */
    int nanos;

    /** Reads a string's UTF-8 bytes into {@link #utf8} without decoding them. */
    void readUtf8() throws IOException {
      int n = i32();
      if (n < 0 || n > MAX_STRING_BYTES || n > remaining()) {
        throw new CorruptSnapshotException("snapshot is damaged: a string of " + n + " bytes");
      }
      if (n > utf8.length) {
        utf8 = new byte[Math.max(n, utf8.length * 2)];
      }
      readFully(utf8, n);
      utf8Length = n;
    }

    String str() throws IOException {
      readUtf8();
      return new String(utf8, 0, utf8Length, StandardCharsets.UTF_8);
    }

    List<String> strings() throws IOException {
      int n = count(4);
      List<String> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(str());
      }
      return list;
    }

    @Nullable Instant time() throws IOException {
      long seconds = timeSeconds();
      return seconds == Rows.NO_SECONDS ? null : Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * Reads an optional time without making an {@code Instant}: its seconds ({@link Rows#NO_SECONDS}
     * if absent), its nanoseconds left in {@link #nanos}.
     */
    long timeSeconds() throws IOException {
      byte present = i8();
      if (present == 0) {
        nanos = 0;
        return Rows.NO_SECONDS;
      }
      if (present != 1) {
        throw new CorruptSnapshotException("snapshot is damaged: a time marked " + present);
      }
      long seconds = i64();
      nanos = i32();
      if (nanos < 0 || nanos > 999_999_999) {
        throw new CorruptSnapshotException("snapshot is damaged: a time with " + nanos + " nanoseconds");
      }
      if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
        throw new CorruptSnapshotException("snapshot is damaged: a time of " + seconds + " seconds");
      }
      return seconds;
    }
  }
}
