package io.tripline.feed;

import io.tripline.Indicator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A hash list kept as a local CSV file, as hash-sharing exports and in-house lists come: one hash
 * in hex per line, optionally with a label and a quality.
 *
 * <pre>{@code
 * # optional comments and blank lines
 * pdq_hex,label,quality
 * f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,"csam, confirmed",100
 * }</pre>
 *
 * <p><b>Columns.</b> Without a header a line is {@code hash}, {@code hash,label} or
 * {@code hash,label,quality}. A header is recognised when the first line's first field is not hex;
 * its columns are then found by name, case-insensitively: the hash column ({@code hash},
 * {@code hex}, {@code value}, {@code signal}, or a signal type such as {@code pdq}, {@code md5},
 * optionally with {@code _hex} or {@code _hash}, which then gives the type), {@code label} or
 * {@code labels}, and {@code quality}; other columns are ignored, and every line must have as
 * many fields as the header.
 *
 * <p><b>Fields.</b> Separated by commas; a field may be quoted as RFC 4180 has it
 * ({@code "a, b"}, {@code ""} for a quote inside), but may not span lines. Spaces around fields
 * are dropped. Hex is read in either case and kept lower-case; it must be ASCII hex of the signal
 * type's length. A quality, if given, is a whole number 0 to 100; lines below
 * {@link Builder#minQuality(int)} are left out.
 *
 * <p><b>Signal type.</b> Given to the builder, or named by the header, or else told from the hex
 * length when that is unambiguous: 32 digits is {@code md5}. 64 digits could be {@code pdq} or
 * {@code sha256}, so such a list needs its type given.
 *
 * <p><b>Indicators.</b> Each hash becomes one indicator with id {@code <type>:<hex>}, so the same
 * hash is the same indicator across reloads; its labels are the feed's labels plus the line's, its
 * severity the feed's. A hash listed twice gets the labels of both lines. Every pull that reads the
 * file returns its whole content with {@link FeedPage#replacesAll()}, so a line removed from the
 * file withdraws its indicator; a pull with the cursor of an unchanged file returns an empty page
 * (without {@code replacesAll}).
 *
 * <p>The file is read as {@link FeedFile} describes: consistently even while it is replaced, as
 * strict UTF-8 (a byte order mark at the start is dropped), with lines of at most
 * {@value #MAX_LINE_CHARS} characters and a bounded size. Any malformed line refuses the whole
 * file with a {@link FeedException} naming the file and the line, so a broken file never
 * replaces a good one.
 *
 * <p>Immutable and thread-safe.
 */
public final class CsvFeed extends LocalFileFeed {

  /** Longest accepted line, in chars: a hash and a label are well under a hundred. */
  static final int MAX_LINE_CHARS = 4096;

  /** The default limit on the file's size: some two hundred thousand PDQ hashes with labels. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

  /** Hex digits of the signal types whose length is known. */
  private static final Map<String, Integer> KNOWN_TYPES = Map.of(
      "md5", 32, "sha1", 40, "sha256", 64, "pdq", 64, "phash64", 16, "whash64", 16, "dhash72", 18);

  private final @Nullable String signalType;
  private final int hexDigits;
  private final int minQuality;

  private CsvFeed(Builder builder) {
    super(builder, "csv", builder.signalType + "\n" + builder.hexDigits + "\n" + builder.minQuality);
    this.signalType = builder.signalType;
    this.hexDigits = builder.hexDigits;
    this.minQuality = builder.minQuality;
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
    Parse parse = new Parse(source);
    FeedFile.forEachLine(bytes, source, MAX_LINE_CHARS, parse::line);
    List<Indicator> indicators = new ArrayList<>(parse.rows.size());
    for (Map.Entry<String, Row> e : parse.rows.entrySet()) {
      Row row = e.getValue();
      indicators.add(new Indicator(e.getKey(), id(), parse.type, row.hex, List.copyOf(row.labels), severity, null, null));
    }
    return indicators;
  }

  private record Row(String hex, Set<String> labels) {}

  /** The state of one parse: the header, the type once known, and the rows so far by id. */
  private final class Parse {
    private final String source;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private boolean first = true;
    private int columns = -1;
    private int hashColumn;
    private int labelColumn = 1;
    private int qualityColumn = 2;
    private @Nullable String type = signalType;
    private int digits = hexDigits;

    Parse(String source) {
      this.source = source;
    }

    void line(int lineNo, String line) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        return;
      }
      List<String> fields = fields(trimmed, source, lineNo);
      if (first) {
        first = false;
        if (!isHex(fields.get(0))) {
          header(fields, lineNo);
          return;
        }
      }
      if (columns < 0 ? fields.size() > 3 : fields.size() != columns) {
        throw FeedFile.malformed(source, lineNo, (columns < 0 ? "expected 1 to 3" : "expected " + columns)
            + " fields, found " + fields.size());
      }
      String hex = hex(fields.get(hashColumn), lineNo);
      if (qualityColumn < fields.size() && quality(fields.get(qualityColumn), lineNo) < minQuality) {
        return;
      }
      String id = type + ":" + hex;
      Row row = rows.computeIfAbsent(id, k -> new Row(hex, new LinkedHashSet<>(labels)));
      if (labelColumn < fields.size() && !fields.get(labelColumn).isEmpty()) {
        row.labels().add(fields.get(labelColumn));
      }
    }

    private void header(List<String> fields, int lineNo) {
      hashColumn = -1;
      labelColumn = Integer.MAX_VALUE;
      qualityColumn = Integer.MAX_VALUE;
      for (int i = 0; i < fields.size(); i++) {
        String name = fields.get(i).toLowerCase(Locale.ROOT);
        String typeNamed = typeNamed(name);
        if (typeNamed != null || name.equals("hash") || name.equals("hex") || name.equals("value") || name.equals("signal")) {
          if (hashColumn >= 0) {
            throw FeedFile.malformed(source, lineNo, "header names two hash columns");
          }
          hashColumn = i;
          if (typeNamed != null) {
            if (type != null && !type.equals(typeNamed)) {
              throw FeedFile.malformed(source, lineNo, "header names hashes of type " + typeNamed
                  + " but the feed's signal type is " + type);
            }
            type = typeNamed;
            digits = KNOWN_TYPES.get(typeNamed);
          }
        } else if (name.equals("label") || name.equals("labels")) {
          labelColumn = once(labelColumn, i, name, lineNo);
        } else if (name.equals("quality")) {
          qualityColumn = once(qualityColumn, i, name, lineNo);
        }
      }
      if (hashColumn < 0) {
        throw FeedFile.malformed(source, lineNo, "not a hash, and as a header it names no hash column"
            + " (hash, hex, value, signal or a signal type such as pdq)");
      }
      columns = fields.size();
    }

    private int once(int column, int i, String name, int lineNo) {
      if (column != Integer.MAX_VALUE) {
        throw FeedFile.malformed(source, lineNo, "header names column " + name + " twice");
      }
      return i;
    }

    private String hex(String field, int lineNo) {
      if (field.isEmpty()) {
        throw FeedFile.malformed(source, lineNo, "no hash");
      }
      if (!isHex(field)) {
        throw FeedFile.malformed(source, lineNo, "hash is not ASCII hex: '" + field + "'");
      }
      if (type == null) {
        if (field.length() != 32) {
          throw FeedFile.malformed(source, lineNo, "cannot tell the signal type of a " + field.length()
              + "-digit hash (64 digits could be pdq or sha256); give the feed's signal type");
        }
        type = "md5";
        digits = 32;
      }
      if (field.length() != digits) {
        throw FeedFile.malformed(source, lineNo, "a " + type + " hash has " + digits + " hex digits, this has "
            + field.length());
      }
      return field.toLowerCase(Locale.ROOT);
    }

    private int quality(String field, int lineNo) {
      if (field.isEmpty()) {
        return 100;
      }
      if (field.length() > 3 || !field.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(field) > 100) {
        throw FeedFile.malformed(source, lineNo, "quality must be a whole number 0 to 100, was '" + field + "'");
      }
      return Integer.parseInt(field);
    }
  }

  private static @Nullable String typeNamed(String column) {
    String name = column;
    if (name.endsWith("_hex") || name.endsWith("_hash")) {
      name = name.substring(0, name.lastIndexOf('_'));
    }
    return KNOWN_TYPES.containsKey(name) ? name : null;
  }

  private static boolean isHex(String field) {
    if (field.isEmpty()) {
      return false;
    }
    for (int i = 0; i < field.length(); i++) {
      if (!FeedFile.isHexDigit(field.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Splits a line into fields: comma-separated, quoted as in RFC 4180, spaces around dropped. */
  static List<String> fields(String line, String source, int lineNo) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && isBlank(line.charAt(i))) {
        i++;
      }
      StringBuilder field = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i == n) {
            throw FeedFile.malformed(source, lineNo, "quoted field not closed (a field may not span lines)");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        while (i < n && isBlank(line.charAt(i))) {
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw FeedFile.malformed(source, lineNo, "text after a closing quote at column " + (i + 1));
        }
      } else {
        int start = i;
        while (i < n && line.charAt(i) != ',') {
          if (line.charAt(i) == '"') {
            throw FeedFile.malformed(source, lineNo, "quote inside an unquoted field at column " + (i + 1)
                + " (quote the whole field and double the quote)");
          }
          i++;
        }
        field.append(line, start, i);
      }
      String value = field.toString().strip();
      for (int k = 0; k < value.length(); k++) {
        if (Character.isISOControl(value.charAt(k))) {
          throw FeedFile.malformed(source, lineNo, "control character in field " + (fields.size() + 1));
        }
      }
      fields.add(value);
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Configures a {@link CsvFeed}. Not thread-safe; {@link #build()} copies, so the builder may be
   * reused.
   */
  public static final class Builder extends LocalFileFeed.Builder<Builder> {
    private @Nullable String signalType;
    private int hexDigits;
    private int minQuality;

    Builder(Path path, String feedId) {
      super(path, feedId, DEFAULT_MAX_FILE_BYTES);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the signal type of a known length: {@code md5}, {@code sha1}, {@code sha256},
     * {@code pdq}, {@code phash64}, {@code whash64}, {@code dhash72}. Without it the type comes
     * from the header or, for 32 hex digits, is {@code md5}.
     *
     * @throws IllegalArgumentException if the type's length is not known: give it with
     *     {@link #signalType(String, int)}
     */
    public Builder signalType(String signalType) {
      Integer digits = KNOWN_TYPES.get(Objects.requireNonNull(signalType, "signalType"));
      if (digits == null) {
        throw new IllegalArgumentException("the hex length of signal type '" + signalType
            + "' is not known; give it with signalType(type, hexDigits)");
      }
      return signalType(signalType, digits);
    }

    /**
     * Sets the signal type and its length in hex digits.
     *
     * @throws IllegalArgumentException if {@code signalType} is blank or {@code hexDigits} is not
     *     positive
     */
    public Builder signalType(String signalType, int hexDigits) {
      Objects.requireNonNull(signalType, "signalType");
      if (signalType.isBlank()) {
        throw new IllegalArgumentException("signalType must not be blank");
      }
      if (hexDigits < 1) {
        throw new IllegalArgumentException("hexDigits must be positive, was " + hexDigits);
      }
      this.signalType = signalType;
      this.hexDigits = hexDigits;
      return this;
    }

    /**
     * Leaves out lines whose quality is below {@code minQuality}; 0 (keep all) by default. Lines
     * without a quality are kept.
     *
     * @throws IllegalArgumentException if {@code minQuality} is not between 0 and 100
     */
    public Builder minQuality(int minQuality) {
      if (minQuality < 0 || minQuality > 100) {
        throw new IllegalArgumentException("minQuality must be between 0 and 100, was " + minQuality);
      }
      this.minQuality = minQuality;
      return this;
    }

    public CsvFeed build() {
      return new CsvFeed(this);
    }
  }
}
