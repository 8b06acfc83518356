package io.tripline.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tripline.Match;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.Uploader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The submission file of {@code rules explain}: one JSON object (the format is in
 * {@link RulesExplainCommand}'s help and the README), read strictly: UTF-8, at most
 * {@value #MAX_JSON_BYTES} bytes, no unknown key, no key twice, every value of its kind. Every
 * error names the file, the line and column, and the JSON path of the part at fault.
 */
final class SubmissionFile {

  /** Largest submission file: room for a few text fields at the SDK's limit of a million chars. */
  static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

  /** As {@code Tripline.Builder.maxTextChars}'s default, so what is read here the engine takes. */
  static final int MAX_TEXT_CHARS = TextCommand.DEFAULT_MAX_CHARS;

  static final List<String> ROOT_KEYS = List.of("text", "files", "uploader", "context", "matches");
  static final List<String> FILE_KEYS = List.of("field", "path", "contentType");
  static final List<String> UPLOADER_KEYS = List.of("platformUserId", "ip", "accountCreatedAt");
  static final List<String> CONTEXT_KEYS = List.of("platformId", "country");
  static final List<String> MATCH_KEYS =
      List.of("feed", "indicator", "signalType", "distance", "labels", "severity", "quality", "source");

  /** Where a match given directly was found, when it does not say. */
  static final String DEFAULT_MATCH_SOURCE = "submission";

  // Keys given twice are found by the reader, which can point at the second key itself.
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * What the file holds.
   *
   * @param submission the text fields, files (read), uploader and context
   * @param matches the matches given directly, or {@code null} when the file has no
   *     {@code "matches"} key (then the feeds find them)
   */
  record Contents(Submission submission, @Nullable List<GivenMatch> matches) {}

  /** A match as the file gives it; {@link #toMatch} adds what the engine would derive. */
  record GivenMatch(String feed, String indicator, String signalType, int distance, List<String> labels,
      Severity severity, int quality, String source) {

    /**
     * The match, below the quality floor if a hasher of its signal type has a floor above its
     * quality, as the engine marks a perceptual match.
     *
     * @param floors each image hasher's signal type and minimum quality
     */
    Match toMatch(Map<String, Integer> floors) {
      boolean belowFloor = quality < floors.getOrDefault(signalType, 0);
      return new Match(indicator, feed, signalType, distance, source, null, labels, severity, quality, belowFloor);
    }
  }

  private final String what;
  private final Path folder;
  private final long maxFileBytes;
  private final JsonParser parser;
  private final Submission.Builder submission = Submission.builder();
  private Uploader uploader = Uploader.UNKNOWN;
  private @Nullable List<GivenMatch> matches;

  private SubmissionFile(String what, Path folder, long maxFileBytes, JsonParser parser) {
    this.what = what;
    this.folder = folder;
    this.maxFileBytes = maxFileBytes;
    this.parser = parser;
  }

  /**
   * Reads a submission file and the files it names (paths relative to its folder).
   *
   * @param maxFileBytes the largest file read
   * @throws IllegalArgumentException if the file or a file it names is malformed, missing or too
   *     large, naming the file, line and column
   * @throws IOException if a file cannot be read
   */
  static Contents read(Path file, long maxFileBytes) throws IOException {
    String what = "submission " + file;
    String json = StrictUtf8.decode(StrictUtf8.readBounded(file, MAX_JSON_BYTES, what), what);
    // A byte order mark is allowed and ignored; a space keeps the columns of line 1 as the editor shows them.
    if (json.startsWith("\uFEFF")) {
      json = " " + json.substring(1);
    }
    Path folder = file.toAbsolutePath().getParent();
    try (JsonParser parser = JSON.createParser(json)) {
      return new SubmissionFile(what, folder, maxFileBytes, parser).root();
    } catch (JsonProcessingException e) {
      throw error(what, e.getLocation(), e.getOriginalMessage());
    }
  }

  private Contents root() throws IOException {
    parser.nextToken();
    object("", ROOT_KEYS, List.of(), (key, path) -> {
      switch (key) {
        case "text" -> text();
        case "files" -> array(path, (i, at) -> file(at));
        case "uploader" -> uploader = uploader(path);
        case "context" -> submission.context(context(path));
        case "matches" -> {
          List<GivenMatch> given = new ArrayList<>();
          array(path, (i, at) -> given.add(match(at)));
          matches = given;
        }
        default -> throw new IllegalStateException(key);
      }
    });
    if (parser.nextToken() != null) {
      throw error(here(), "unexpected content after the submission object");
    }
    return new Contents(submission.uploader(uploader).build(), matches);
  }

  private void text() throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw error(here(), "text: must be an object of field name to text, e.g. {\"body\": \"...\"}");
    }
    Map<String, JsonLocation> seen = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      once(seen, "text: ", name);
      parser.nextToken();
      String path = "text." + name;
      String text = string(path);
      if (text.length() > MAX_TEXT_CHARS) {
        throw error(here(), path + ": longer than " + MAX_TEXT_CHARS + " characters, the SDK's limit");
      }
      submission.text(name, text);
    }
  }

  private void file(String path) throws IOException {
    Map<String, Object> values = new HashMap<>();
    Map<String, JsonLocation> at = new HashMap<>();
    object(path, FILE_KEYS, List.of("field", "path"), (key, keyPath) -> {
      at.put(key, here());
      String value = key.equals("contentType") ? optionalString(keyPath) : string(keyPath);
      if (value != null) {
        values.put(key, value);
      }
    });
    String field = (String) values.get("field");
    String name = (String) values.get("path");
    if (field.isBlank()) {
      throw error(at.get("field"), path + ".field: must not be blank");
    }
    Path file;
    try {
      file = folder.resolve(name);
    } catch (InvalidPathException e) {
      throw error(at.get("path"), path + ".path: not a path: '" + name + "'");
    }
    if (name.isBlank() || !Files.isRegularFile(file)) {
      throw error(at.get("path"), path + ".path: no such file: '" + name + "' (" + file + ")");
    }
    byte[] bytes;
    try {
      bytes = StrictUtf8.readBounded(file, maxFileBytes, "'" + name + "'");
    } catch (IllegalArgumentException e) {
      throw error(at.get("path"), path + ".path: " + e.getMessage() + " (--max-file-bytes)");
    }
    submission.file(field, file.getFileName().toString(), (String) values.get("contentType"), bytes);
  }

  private Uploader uploader(String path) throws IOException {
    Uploader[] uploader = {Uploader.UNKNOWN};
    object(path, UPLOADER_KEYS, List.of(), (key, keyPath) -> {
      Uploader u = uploader[0];
      uploader[0] = switch (key) {
        case "platformUserId" -> new Uploader(optionalString(keyPath), u.ip(), u.accountCreatedAt());
        case "ip" -> new Uploader(u.platformUserId(), optionalString(keyPath), u.accountCreatedAt());
        case "accountCreatedAt" -> u.withAccountCreatedAt(instant(keyPath));
        default -> throw new IllegalStateException(key);
      };
    });
    return uploader[0];
  }

  private PlatformContext context(String path) throws IOException {
    String[] values = new String[2];
    JsonLocation[] countryAt = new JsonLocation[1];
    object(path, CONTEXT_KEYS, List.of(), (key, keyPath) -> {
      if (key.equals("platformId")) {
        values[0] = optionalString(keyPath);
      } else {
        countryAt[0] = here();
        values[1] = optionalString(keyPath);
      }
    });
    try {
      return new PlatformContext(values[0], values[1]);
    } catch (IllegalArgumentException e) {
      throw error(countryAt[0], path + ".country: " + e.getMessage());
    }
  }

  private GivenMatch match(String path) throws IOException {
    Map<String, Object> values = new HashMap<>();
    object(path, MATCH_KEYS, List.of("feed", "indicator", "signalType"), (key, keyPath) -> {
      Object value = switch (key) {
        case "feed", "indicator", "signalType" -> nonBlank(keyPath);
        case "source" -> optionalString(keyPath);
        case "distance" -> wholeNumber(keyPath, 0, Integer.MAX_VALUE);
        case "quality" -> wholeNumber(keyPath, 0, 100);
        case "labels" -> labels(keyPath);
        case "severity" -> severity(keyPath);
        default -> throw new IllegalStateException(key);
      };
      if (value != null) {
        values.put(key, value);
      }
    });
    @SuppressWarnings("unchecked")
    List<String> labels = (List<String>) values.getOrDefault("labels", List.of());
    return new GivenMatch((String) values.get("feed"), (String) values.get("indicator"),
        (String) values.get("signalType"), (Integer) values.getOrDefault("distance", 0), labels,
        (Severity) values.getOrDefault("severity", Severity.MEDIUM), (Integer) values.getOrDefault("quality", 100),
        (String) values.getOrDefault("source", DEFAULT_MATCH_SOURCE));
  }

  private List<String> labels(String path) throws IOException {
    List<String> labels = new ArrayList<>();
    array(path, (i, at) -> {
      String label = nonBlank(at);
      if (!labels.contains(label)) {
        labels.add(label);
      }
    });
    return labels;
  }

  private @Nullable Severity severity(String path) throws IOException {
    String value = optionalString(path);
    if (value == null) {
      return null;
    }
    try {
      return Severity.parse(value);
    } catch (IllegalArgumentException e) {
      throw error(here(), path + ": " + e.getMessage());
    }
  }

  private @Nullable Instant instant(String path) throws IOException {
    String value = optionalString(path);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw error(here(), path + ": not an ISO-8601 instant such as 2026-01-31T12:00:00Z: '" + value + "'");
    }
  }

  /** Reads one key's value; the parser is at the value's first token and must be left at its last. */
  private interface KeyReader {
    void read(String key, String path) throws IOException;
  }

  /** Reads one array element; the parser is at the element's first token and must be left at its last. */
  private interface ElementReader {
    void read(int index, String path) throws IOException;
  }

  private void object(String path, List<String> keys, List<String> required, KeyReader reader) throws IOException {
    JsonLocation start = here();
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw error(start, prefix(path) + "must be a JSON object");
    }
    Map<String, JsonLocation> seen = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (!keys.contains(key)) {
        throw error(here(), prefix(path) + "unknown key '" + key + "'" + suggestion(key, keys) + " (expected one of "
            + keys + ")");
      }
      once(seen, prefix(path), key);
      parser.nextToken();
      reader.read(key, path.isEmpty() ? key : path + "." + key);
    }
    for (String key : required) {
      if (!seen.containsKey(key)) {
        throw error(start, prefix(path) + "missing required key '" + key + "'");
      }
    }
  }

  /** Records the key the parser is at, refusing it if the object had it already. */
  private void once(Map<String, JsonLocation> seen, String prefix, String key) {
    JsonLocation first = seen.putIfAbsent(key, here());
    if (first != null) {
      throw error(here(), prefix + "key '" + key + "' is given twice (first at line " + first.getLineNr() + ", column "
          + first.getColumnNr() + ")");
    }
  }

  private void array(String path, ElementReader reader) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw error(here(), path + ": must be a JSON array");
    }
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      reader.read(index, path + "[" + index + "]");
      index++;
    }
  }

  private String string(String path) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw error(here(), path + ": must be a string");
    }
    return parser.getText();
  }

  private String nonBlank(String path) throws IOException {
    String value = string(path);
    if (value.isBlank()) {
      throw error(here(), path + ": must not be blank");
    }
    return value;
  }

  private @Nullable String optionalString(String path) throws IOException {
    return parser.currentToken() == JsonToken.VALUE_NULL ? null : string(path);
  }

  private int wholeNumber(String path, int min, int max) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT
        || parser.getIntValue() < min || parser.getIntValue() > max) {
      throw error(here(), path + ": must be a whole number from " + min + " to " + max);
    }
    return parser.getIntValue();
  }

  /** {@code "files[0]: "}, or nothing for the submission object itself. */
  private static String prefix(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  private JsonLocation here() {
    return parser.currentTokenLocation();
  }

  private IllegalArgumentException error(@Nullable JsonLocation at, String message) {
    return error(what, at, message);
  }

  private static IllegalArgumentException error(String what, @Nullable JsonLocation at, String message) {
    String where = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new IllegalArgumentException(what + where + ": " + message);
  }

  /** {@code " (did you mean 'x'?)"} for a key within two edits of a known one, else empty. */
  static String suggestion(String key, List<String> keys) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : keys) {
      int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      // Two edits for a long key (a swapped pair of letters is two), one for a short one.
      if (distance < bestDistance && distance <= candidate.length() / 2) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
