package io.tripline.feed;

import io.tripline.Indicator;
import io.tripline.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A feed kept as a local file: what {@link CsvFeed}, {@link NdjsonFeed} and {@link TermListFeed}
 * share. The file is
 * read through {@link FeedFile} (atomically, bounded, strict UTF-8); the subclass parses it.
 * Immutable and thread-safe.
 */
abstract class LocalFileFeed implements Feed {
  private final String id;
  private final FeedFile file;
  /** The feed's settings, part of the cursor, so a change of labels or type counts as a change. */
  private final String configuration;
  /** The labels every indicator of the feed has. */
  final List<String> labels;
  /** The severity of the feed's indicators (for NDJSON, of lines that give none). */
  final Severity severity;

  /**
   * A feed as {@code builder} says; {@code kind} and {@code settings} name what else its parse
   * depends on.
   */
  LocalFileFeed(Builder<?> builder, String kind, String settings) {
    this.id = builder.feedId;
    this.file = new FeedFile(builder.path, builder.maxFileBytes, builder.clock);
    this.labels = builder.labels;
    this.severity = builder.severity;
    this.configuration = kind + "\n" + settings + "\n" + String.join("\n", labels) + "\n" + severity;
  }

  /**
   * Checks a builder's arguments.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code feedId} is blank
   */
  static void checkArguments(Path path, String feedId) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(feedId, "feedId");
    if (feedId.isBlank()) {
      throw new IllegalArgumentException("feedId must not be blank");
    }
  }

  @Override
  public final String id() {
    return id;
  }

  /** The file the feed is read from. */
  public final Path path() {
    return file.path();
  }

  /**
   * Pulls the file: an empty page if its content is the one {@code cursor} was returned for (told
   * by its size, modification time and identity alone when it has not changed since this feed
   * last read it), else a page with all its indicators that {@linkplain FeedPage#replacesAll()
   * replaces} the feed's content, whose cursor is the content's fingerprint.
   *
   * @throws FeedException if the file cannot be read (retryable) or is refused: malformed, too
   *     large (not retryable)
   */
  @Override
  public final FeedPage pull(@Nullable String cursor) {
    return file.pull(id, cursor, configuration, this::parse);
  }

  /**
   * Reads the file now and returns its indicators, in file order.
   *
   * @throws FeedException as {@link #pull(String)} does
   */
  public final List<Indicator> read() {
    return parse(file.read().bytes(), file.path().toString());
  }

  /** The indicators in a file's bytes; {@code source} names the file in errors. */
  abstract List<Indicator> parse(byte[] bytes, String source);

  /** What the builders of local file feeds share. Not thread-safe. */
  abstract static class Builder<B extends Builder<B>> {
    final Path path;
    final String feedId;
    List<String> labels = List.of();
    Severity severity = Severity.MEDIUM;
    long maxFileBytes;
    Clock clock = Clock.systemUTC();

    Builder(Path path, String feedId, long defaultMaxFileBytes) {
      this.path = path;
      this.feedId = feedId;
      this.maxFileBytes = defaultMaxFileBytes;
    }

    abstract B self();

    /**
     * Sets the labels every indicator of the feed has (before a line's own, where lines have
     * labels).
     *
     * @throws IllegalArgumentException if a label is blank
     */
    public B labels(String... labels) {
      this.labels = FeedFile.copyLabels(labels);
      return self();
    }

    /** Sets the severity of every indicator of the feed; {@link Severity#MEDIUM} by default. */
    public B severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return self();
    }

    /**
     * Refuses a file larger than {@code maxFileBytes} (the feed's {@code DEFAULT_MAX_FILE_BYTES}
     * by default).
     *
     * @throws IllegalArgumentException if it is not positive or too large for one array
     */
    public B maxFileBytes(long maxFileBytes) {
      this.maxFileBytes = FeedFile.checkMaxBytes(maxFileBytes);
      return self();
    }

    /**
     * Sets the clock that tells whether a file's modification time is old enough to trust it to
     * show a change; the system clock by default.
     */
    public B clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }
  }
}
