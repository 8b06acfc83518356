package io.tripline.feed;

import io.tripline.Indicator;
import io.tripline.index.IndicatorChanges;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A local feed file read whole and consistently: the bytes are read once, checked against the
 * file's size, modification time and identity before and after, and parsed only then, so a file
 * being replaced is read as the old or the new version, never a mix. Also remembers what it last
 * read, so that an unchanged file is neither read nor hashed again.
 *
 * <p>A writer should replace the file atomically (write a temporary file, then move it over). A
 * file rewritten in place is caught when its size or modification time changes during the read;
 * a same-size rewrite within one tick of the file system's clock is not.
 *
 * <p>Thread-safe: the memory of the last read is one immutable value swapped atomically.
 */
final class FeedFile {

  /** How old a modification time must be, when read, to trust it to show the next change. */
  static final Duration SETTLE = Duration.ofSeconds(2);

  /** The cursor's prefix: the fingerprint kind and the version of the parsers' output. */
  private static final String CURSOR_PREFIX = "file1:";

  private final Path path;
  private final long maxBytes;
  private final Clock clock;
  /** Runs between reading the bytes and checking the file again; for tests to replace the file. */
  private final Runnable afterRead;
  private volatile @Nullable Known known;

  /** What was last read: the file's stamp and the cursor of its content. */
  private record Known(Stamp stamp, String cursor, boolean settled) {}

  /** What changes when a file is rewritten or replaced, read without opening it. */
  record Stamp(long size, long modifiedNanos, @Nullable Object fileKey) {}

  /** The bytes of one consistent read and their SHA-256 in lower-case hex. */
  record Content(byte[] bytes, String sha256, Stamp stamp) {}

  /** Turns a file's bytes into its indicators, or throws a {@link FeedException} naming the line. */
  @FunctionalInterface
  interface Parser {
    List<Indicator> parse(byte[] bytes, String source);
  }

  FeedFile(Path path, long maxBytes, Clock clock) {
    this(path, maxBytes, clock, () -> {});
  }

  FeedFile(Path path, long maxBytes, Clock clock, Runnable afterRead) {
    this.path = Objects.requireNonNull(path, "path");
    this.maxBytes = maxBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.afterRead = afterRead;
  }

  Path path() {
    return path;
  }

  /**
   * Pulls the file as feed {@code feedId}: an empty page if its content is the one {@code cursor}
   * names (checked by the file's stamp alone when that is safe), else a page replacing the feed's
   * whole content. {@code configuration} names what else the parse depends on, so that a changed
   * configuration over the same file is a change too.
   *
   * @throws FeedException if the file cannot be read (retryable) or is refused (not retryable)
   */
  FeedPage pull(String feedId, @Nullable String cursor, String configuration, Parser parser) {
    Known last = known;
    if (cursor != null && last != null && last.settled() && cursor.equals(last.cursor())
        && last.stamp().equals(stampOrNull())) {
      return new FeedPage(feedId, IndicatorChanges.builder().build(), cursor, false, false, 0);
    }
    Instant readAt = clock.instant();
    Content content = read();
    String next = CURSOR_PREFIX + content.sha256() + ":" + sha256(configuration.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    boolean settled = content.stamp().modifiedNanos() / 1_000_000 < readAt.minus(SETTLE).toEpochMilli();
    if (next.equals(cursor)) {
      known = new Known(content.stamp(), next, settled);
      return new FeedPage(feedId, IndicatorChanges.builder().build(), cursor, false, false, 0);
    }
    List<Indicator> indicators = parser.parse(content.bytes(), path.toString());
    known = new Known(content.stamp(), next, settled);
    return new FeedPage(feedId, IndicatorChanges.builder().upsertAll(indicators).build(), next, false, true, 0);
  }

  /**
   * Reads the whole file, consistently: if it changes during the read it is read once more, and if
   * it changes again that is an error.
   *
   * @throws FeedException retryable if the file cannot be read or keeps changing; not retryable if
   *     it is larger than the limit
   */
  Content read() {
    for (int attempt = 1; ; attempt++) {
      Stamp before = stamp();
      if (before.size() > maxBytes) {
        throw tooLarge(before.size());
      }
      byte[] bytes = readBounded();
      afterRead.run();
      Stamp after = stamp();
      if (before.equals(after) && bytes.length == before.size()) {
        return new Content(bytes, sha256(bytes), before);
      }
      if (attempt == 2) {
        throw new FeedException("feed file " + path + " changed while being read, twice; replace it atomically"
            + " (write a temporary file and move it over)", true, null);
      }
    }
  }

  private byte[] readBounded() {
    try (InputStream in = Files.newInputStream(path)) {
      // One byte more than the limit shows a file that grew past it after it was measured.
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw tooLarge(bytes.length);
      }
      return bytes;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private FeedException tooLarge(long size) {
    return new FeedException("feed file " + path + " is refused: " + size + " bytes or more, over the limit of "
        + maxBytes + " bytes", false, null);
  }

  private FeedException unreadable(IOException e) {
    String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
    return new FeedException("cannot read feed file " + path + ": " + why, true, e);
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new FeedException("feed file " + path + " is not a regular file", false, null);
      }
      return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
          attributes.fileKey());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private @Nullable Stamp stampOrNull() {
    try {
      return stamp();
    } catch (FeedException e) {
      return null;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Receives one line of a feed file: its number from 1 and its text without the line break. */
  @FunctionalInterface
  interface LineHandler {
    void line(int lineNo, String line);
  }

  /**
   * Splits {@code bytes} into lines at {@code \n}, {@code \r} or {@code \r\n} and decodes each as
   * strict UTF-8, dropping a byte order mark at the start.
   *
   * @throws FeedException (not retryable) naming the line if it is not UTF-8 or longer than
   *     {@code maxLineChars}
   */
  static void forEachLine(byte[] bytes, String source, int maxLineChars, LineHandler handler) {
    int maxLineBytes = maxLineChars * 3;
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    FeedLines lines = new FeedLines(new ByteArrayInputStream(bytes), maxLineBytes);
    int lineNo = 0;
    try {
      while (lines.next()) {
        lineNo++;
        if (lines.length > maxLineBytes) {
          throw malformed(source, lineNo, "line longer than " + maxLineChars + " characters");
        }
        String line;
        try {
          line = decoder.decode(ByteBuffer.wrap(lines.bytes, 0, lines.length)).toString();
        } catch (CharacterCodingException e) {
          throw malformed(source, lineNo, "not valid UTF-8");
        }
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.length() > maxLineChars) {
          throw malformed(source, lineNo, "line longer than " + maxLineChars + " characters");
        }
        handler.line(lineNo, line);
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes in memory cannot fail", e);
    }
  }

  /** A refused line: the whole file is refused, and trying again will not help. */
  static FeedException malformed(String source, int lineNo, String what) {
    return new FeedException("feed file " + source + ", line " + lineNo + ": " + what, false, null);
  }

  /** Whether {@code c} is an ASCII hex digit (full-width and other Unicode digits are not). */
  static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Checks {@code maxBytes} for a builder. */
  static long checkMaxBytes(long maxBytes) {
    if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxFileBytes must be between 1 and " + (Integer.MAX_VALUE - 8)
          + ", was " + maxBytes);
    }
    return maxBytes;
  }

  static List<String> copyLabels(String... labels) {
    for (String label : labels) {
      Objects.requireNonNull(label, "label");
      if (label.isBlank()) {
        throw new IllegalArgumentException("a label must not be blank");
      }
    }
    return List.copyOf(Arrays.asList(labels));
  }
}
