package io.tripline.feed;

import io.tripline.Indicator;
import io.tripline.index.IndicatorIndex;
import io.tripline.text.TextViews;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of terms kept as a local text file: one keyword or phrase per line, all with the feed's
 * labels and severity.
 *
 * <pre>{@code
 * # scam phrases, reviewed 2026-11
 * new in town
 * cash app me first
 * }</pre>
 *
 * <p>The whole line, without the spaces around it, is the term: commas and quotes are part of
 * it. Blank lines and lines starting with {@code #} are skipped (so a term cannot start with
 * {@code #}). A list with different labels per term is several files, one feed each.
 *
 * <p>Each term becomes an indicator of signal type {@value IndicatorIndex#TERM} whose id is
 * {@code term:} and the term's canonical form (case-folded, compatibility-normalised, as the
 * index matches it), so {@code Cash App} and {@code CASH APP} are one indicator, and the same
 * term is the same indicator across reloads; the first spelling in the file is kept. A line
 * with nothing left in canonical form (only invisible characters, say) or with control
 * characters is malformed.
 *
 * <p>Pulls, cursors, and reading are as for {@link CsvFeed}: every pull that reads the file
 * returns its whole content with {@link FeedPage#replacesAll()}; the cursor of an unchanged file
 * gives an empty page; strict UTF-8, lines of at most {@value #MAX_LINE_CHARS} characters, a
 * bounded size, and any malformed line refuses the whole file with a {@link FeedException}
 * naming the file and the line.
 *
 * <p>Immutable and thread-safe.
 */
public final class TermListFeed extends LocalFileFeed {

  /** Longest accepted line, in chars: a phrase worth matching is a few words. */
  static final int MAX_LINE_CHARS = 1024;

  /** The default limit on the file's size. */
  public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;

  private TermListFeed(Builder builder) {
    super(builder, "terms", "");
  }

  /**
   * A builder for the feed {@code feedId} read from {@code path}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code feedId} is blank
   */
  public static Builder builder(Path path, String feedId) {
    checkArguments(path, feedId);
    return new Builder(path, feedId);
  }

  @Override
  List<Indicator> parse(byte[] bytes, String source) {
    Map<String, Indicator> terms = new LinkedHashMap<>();
    FeedFile.forEachLine(bytes, source, MAX_LINE_CHARS, (lineNo, line) -> {
      String term = line.strip();
      if (term.isEmpty() || term.startsWith("#")) {
        return;
      }
      for (int i = 0; i < term.length(); i++) {
        if (Character.isISOControl(term.charAt(i))) {
          throw FeedFile.malformed(source, lineNo, "control character in the term");
        }
      }
      String canonical = TextViews.of(term).canonical().view().strip();
      if (canonical.isEmpty()) {
        throw FeedFile.malformed(source, lineNo, "nothing left of the term once normalised");
      }
      String indicatorId = IndicatorIndex.TERM + ":" + canonical;
      terms.putIfAbsent(indicatorId, new Indicator(indicatorId, id(), IndicatorIndex.TERM, term, labels, severity, null, null));
    });
    return new ArrayList<>(terms.values());
  }

  /**
   * Configures a {@link TermListFeed}. Not thread-safe; {@link #build()} copies, so the builder
   * may be reused.
   */
  public static final class Builder extends LocalFileFeed.Builder<Builder> {

    Builder(Path path, String feedId) {
      super(path, feedId, DEFAULT_MAX_FILE_BYTES);
    }

    @Override
    Builder self() {
      return this;
    }

    public TermListFeed build() {
      return new TermListFeed(this);
    }
  }
}
