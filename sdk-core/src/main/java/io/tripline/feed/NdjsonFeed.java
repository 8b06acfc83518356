package io.tripline.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tripline.Indicator;
import io.tripline.InvalidConfigurationException;
import io.tripline.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A feed kept as a local NDJSON file: each line one change, as the clearinghouse protocol's
 * {@code changes} entries are written:
 *
 * <pre>{@code
 * {"op":"upsert","id":"ind-1","signal":{"type":"md5","value":"..."},"labels":["csam"],"severity":"high"}
 * {"op":"delete","id":"ind-1","reason":"withdrawn"}
 * }</pre>
 *
 * Changes apply in file order, so a later delete withdraws an earlier upsert. Blank lines and
 * lines starting with {@code #} are skipped. The file must be UTF-8; any malformed line refuses
 * the whole file with an error naming the line, so a broken file never replaces a good one.
 *
 * <p>As a {@link Feed} ({@link #builder}), pulls, cursors, and reading are as for
 * {@link CsvFeed}: every pull that reads the file returns the indicators it leaves in place, with
 * {@link FeedPage#replacesAll()}; the cursor of an unchanged file gives an empty page; the size is
 * bounded; a malformed line refuses the whole file with a {@link FeedException} naming the file
 * and the line. The builder's labels come before a line's own; its severity is that of lines that
 * give none. The static {@code read} methods read a file once, for a fixed set of indicators.
 *
 * <p>Immutable and thread-safe.
 */
public final class NdjsonFeed extends LocalFileFeed {

  /** The default limit on the file's size: about a million changes of a few hundred bytes. */
  public static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024 * 1024;

  /** Longest accepted line, in chars: a change is a few hundred; more means a broken file. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  /** Most UTF-8 bytes a line of {@link #MAX_LINE_CHARS} chars can take (3 per UTF-16 char). */
  private static final int MAX_LINE_BYTES = MAX_LINE_CHARS * 3;

  // Two changes run together on one line, or a key given twice, make a malformed line, not one
  // that is silently half read.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private NdjsonFeed(Builder builder) {
    super(builder, "ndjson", "");
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
    Map<String, Indicator> live = new LinkedHashMap<>();
    FeedFile.forEachLine(bytes, source, MAX_LINE_CHARS, (lineNo, line) -> {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        return;
      }
      JsonNode node;
      try {
        node = JSON.readTree(trimmed);
      } catch (JsonProcessingException e) {
        throw FeedFile.malformed(source, lineNo, "not a JSON object (" + e.getOriginalMessage() + ")");
      }
      try {
        apply(change(node, id(), labels, severity, source, lineNo), live);
      } catch (InvalidConfigurationException e) {
        throw new FeedException(e.getMessage(), false, e);
      }
    });
    return List.copyOf(live.values());
  }

  /**
   * Reads the feed file at {@code path}; its feed id is the file name without extension.
   *
   * @throws InvalidConfigurationException if the file cannot be read or a line is malformed
   */
  public static List<Indicator> read(Path path) {
    String name = path.getFileName().toString();
    int dot = name.indexOf('.');
    return read(path, dot > 0 ? name.substring(0, dot) : name);
  }

  /**
   * Reads the feed file at {@code path} as feed {@code feedId}.
   *
   * @throws InvalidConfigurationException if the file cannot be read or a line is malformed
   */
  public static List<Indicator> read(Path path, String feedId) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, feedId, path.toString());
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read feed file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a feed from {@code in} (not closed) as feed {@code feedId}; {@code source} names it in
   * errors.
   *
   * @throws InvalidConfigurationException if a line is malformed or the bytes are not UTF-8
   */
  public static List<Indicator> read(InputStream in, String feedId, String source) {
    Objects.requireNonNull(feedId, "feedId");
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    Map<String, Indicator> live = new LinkedHashMap<>();
    // Lines are split as bytes and decoded one by one: a decoder reading ahead would report bad
    // UTF-8 on whichever line was being read when its buffer filled, and a reader that collects
    // a whole line before checking its length holds a gigantic one in memory.
    FeedLines lines = new FeedLines(in, MAX_LINE_BYTES);
    int lineNo = 0;
    try {
      while (lines.next()) {
        lineNo++;
        if (lines.length > MAX_LINE_BYTES) {
          throw error(source, lineNo, "line longer than " + MAX_LINE_CHARS + " characters");
        }
        String line;
        try {
          line = decoder.decode(ByteBuffer.wrap(lines.bytes, 0, lines.length)).toString();
        } catch (CharacterCodingException e) {
          throw error(source, lineNo, "not valid UTF-8");
        }
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.length() > MAX_LINE_CHARS) {
          throw error(source, lineNo, "line longer than " + MAX_LINE_CHARS + " characters");
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        apply(parse(trimmed, feedId, source, lineNo), live);
      }
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read feed " + source + ": " + e.getMessage(), e);
    }
    return List.copyOf(live.values());
  }

  sealed interface Change permits Upsert, Delete {}

  record Upsert(Indicator indicator) implements Change {}

  record Delete(String id) implements Change {}

  private static void apply(Change change, Map<String, Indicator> live) {
    if (change instanceof Upsert upsert) {
      live.put(upsert.indicator().id(), upsert.indicator());
    } else if (change instanceof Delete delete) {
      live.remove(delete.id());
    }
  }

  private static Change parse(String line, String feedId, String source, int lineNo) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw error(source, lineNo, "not a JSON object (" + e.getOriginalMessage() + ")");
    }
    return change(node, feedId, source, lineNo);
  }

  /**
   * Reads one change of feed {@code feedId} from its JSON form, as a line of the file or an entry
   * of the clearinghouse's {@code changes} array.
   *
   * @throws InvalidConfigurationException naming {@code source} and {@code lineNo} if it is malformed
   */
  static Change change(@Nullable JsonNode node, String feedId, String source, int lineNo) {
    return change(node, feedId, List.of(), Severity.MEDIUM, source, lineNo);
  }

  /**
   * As {@link #change(JsonNode, String, String, int)}, with {@code labels} before an upsert's own
   * and {@code severity} for an upsert that gives none.
   */
  private static Change change(@Nullable JsonNode node, String feedId, List<String> defaultLabels,
      Severity defaultSeverity, String source, int lineNo) {
    if (node == null || !node.isObject()) {
      throw error(source, lineNo, "not a JSON object");
    }
    String op = text(node, "op", source, lineNo);
    String id = text(node, "id", source, lineNo);
    switch (op) {
      case "delete":
        return new Delete(id);
      case "upsert":
        JsonNode signal = node.get("signal");
        if (signal == null || !signal.isObject()) {
          throw error(source, lineNo, "upsert '" + id + "' has no \"signal\" object");
        }
        String type = text(signal, "type", source, lineNo);
        String value = text(signal, "value", source, lineNo);
        List<String> labels = new ArrayList<>(defaultLabels);
        JsonNode labelsNode = node.get("labels");
        if (labelsNode != null && !labelsNode.isNull()) {
          if (!labelsNode.isArray()) {
            throw error(source, lineNo, "\"labels\" must be an array of strings");
          }
          for (JsonNode label : labelsNode) {
            if (!label.isTextual()) {
              throw error(source, lineNo, "\"labels\" must be an array of strings");
            }
            if (!labels.contains(label.asText())) {
              labels.add(label.asText());
            }
          }
        }
        Severity severity = defaultSeverity;
        String severityText = optionalText(node, "severity", source, lineNo);
        if (severityText != null) {
          try {
            severity = Severity.parse(severityText);
          } catch (IllegalArgumentException e) {
            throw error(source, lineNo, e.getMessage());
          }
        }
        try {
          return new Upsert(new Indicator(id, feedId, type, value, labels, severity,
              instant(node, "addedAt", source, lineNo), instant(node, "expiresAt", source, lineNo)));
        } catch (IllegalArgumentException e) {
          throw error(source, lineNo, e.getMessage());
        }
      default:
        throw error(source, lineNo, "unknown op '" + op + "' (expected upsert or delete)");
    }
  }

  private static String text(JsonNode node, String field, String source, int lineNo) {
    String value = optionalText(node, field, source, lineNo);
    if (value == null || value.isBlank()) {
      throw error(source, lineNo, "missing \"" + field + "\"");
    }
    return value;
  }

  private static @Nullable String optionalText(JsonNode node, String field, String source, int lineNo) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw error(source, lineNo, "\"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static @Nullable Instant instant(JsonNode node, String field, String source, int lineNo) {
    String value = optionalText(node, field, source, lineNo);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw error(source, lineNo, "\"" + field + "\" is not an ISO-8601 instant: '" + value + "'");
    }
  }

  private static InvalidConfigurationException error(String source, int lineNo, String what) {
    return new InvalidConfigurationException("feed " + source + ", line " + lineNo + ": " + what);
  }

  /** Configures an {@link NdjsonFeed}. Not thread-safe. */
  public static final class Builder extends LocalFileFeed.Builder<Builder> {
    private Builder(Path path, String feedId) {
      super(path, feedId, DEFAULT_MAX_FILE_BYTES);
    }

    @Override
    Builder self() {
      return this;
    }

    public NdjsonFeed build() {
      return new NdjsonFeed(this);
    }
  }
}
