package io.tripline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tripline.InvalidConfigurationException;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The structure of a rule pack's YAML, checked on the token stream against the shape of the
 * records it binds to, and where each part of it is.
 *
 * <p>Jackson binds a pack to records, but it reports an unknown key late (after the whole
 * mapping, when it came before a record's required keys), takes the last of duplicate keys
 * silently, and names Java types in its messages. So before binding, the scan walks the tokens
 * beside the record shapes, found by reflection: a component whose type is a record is a mapping
 * with exactly its keys (the {@link JsonProperty} names); a {@code List<T>} is a list of
 * {@code T}; a {@code Map<String, T>} a mapping of free keys to {@code T}; a number, boolean,
 * string or enum a scalar of that kind; anything else is skipped. Every mapping is checked for
 * keys given twice, at any depth. A component may be null (absent); an entry of a list or a value
 * of a map may not.
 *
 * <p>The scan also records where every key and list entry starts, by JSON Pointer, so errors
 * found later, in the records' constructors or across rules, can name the line and column of the
 * key they are about ({@link #locate}).
 */
final class PackLayout {

  private final String source;
  private final Map<String, JsonLocation> locations = new HashMap<>();
  private final JsonParser p;

  private PackLayout(JsonParser p, String source) {
    this.p = p;
    this.source = source;
  }

  /**
   * Scans {@code yaml} against {@code root}.
   *
   * @return the layout, or null when the document is empty
   * @throws InvalidConfigurationException if the structure does not fit the shape
   * @throws IOException if the YAML is malformed (a {@link com.fasterxml.jackson.core.JsonProcessingException})
   */
  static @Nullable PackLayout scan(JsonFactory yaml, byte[] bytes, String source, Class<? extends Record> root)
      throws IOException {
    try (JsonParser wellFormed = yaml.createParser(bytes)) {
      // Malformed YAML first, wherever it is: it is what an author must fix before anything else.
      while (wellFormed.nextToken() != null) {
        wellFormed.skipChildren();
      }
    }
    try (JsonParser parser = yaml.createParser(bytes)) {
      if (parser.nextToken() == null) {
        return null;
      }
      PackLayout layout = new PackLayout(parser, source);
      layout.value(root, "", "a rule pack", false);
      return layout;
    }
  }

  /**
   * Where the part at {@code pointer} (e.g. {@code /rules/2/when/labels}) starts: its key, for a
   * member of a mapping; the nearest enclosing part that was seen, if it is absent.
   */
  JsonLocation locate(String pointer) {
    String at = pointer;
    while (true) {
      JsonLocation location = locations.get(at);
      if (location != null || at.isEmpty()) {
        return location != null ? location : JsonLocation.NA;
      }
      at = at.substring(0, at.lastIndexOf('/'));
    }
  }

  /** The JSON Pointer of {@code key} within the part at {@code pointer}. */
  static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  /** An error at a location: the message every rule pack error has. */
  static InvalidConfigurationException error(String source, JsonLocation at, String what) {
    return new InvalidConfigurationException("rule pack " + source + where(at) + ": " + what);
  }

  static String where(@Nullable JsonLocation at) {
    return at == null || at == JsonLocation.NA || at.getLineNr() < 1 ? ""
        : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  // --- the walk; the parser is at the value's first token ---

  private void value(Type type, String pointer, String subject, boolean inCollection) throws IOException {
    JsonToken token = p.currentToken();
    JsonLocation at = p.currentTokenLocation();
    locations.putIfAbsent(pointer, at);
    if (token == JsonToken.VALUE_NULL) {
      if (inCollection) {
        throw error(source, at, subject + " is empty (expected " + expected(type) + ")");
      }
      return;
    }
    Class<?> raw = raw(type);
    if (raw.isRecord()) {
      expect(token == JsonToken.START_OBJECT, type, subject, at);
      mapping(raw.asSubclass(Record.class), pointer);
    } else if (Collection.class.isAssignableFrom(raw)) {
      expect(token == JsonToken.START_ARRAY, type, subject, at);
      Type element = typeArgument(type, 0);
      int index = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        value(element, child(pointer, Integer.toString(index)), "entry " + (index + 1) + " of " + subject, true);
        index++;
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      expect(token == JsonToken.START_OBJECT, type, subject, at);
      Type valueType = typeArgument(type, 1);
      Map<String, JsonLocation> seen = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = key(seen, pointer);
        value(valueType, child(pointer, key), "'" + key + "' in " + subject, true);
      }
    } else if (raw == Integer.class || raw == int.class) {
      expect(token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT, type, subject,
          at);
    } else if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
      expect(token == JsonToken.VALUE_NUMBER_INT, type, subject, at);
    } else if (raw == Double.class || raw == double.class || raw == BigDecimal.class || raw == Float.class) {
      expect(token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT, type, subject, at);
    } else if (raw == Boolean.class || raw == boolean.class) {
      expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, type, subject, at);
    } else if (raw == String.class) {
      expect(token == JsonToken.VALUE_STRING, type, subject, at);
    } else if (raw.isEnum()) {
      List<String> names = Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
      expect(token == JsonToken.VALUE_STRING && names.contains(p.getText()), type, subject, at);
    } else {
      p.skipChildren(); // not a shape the scan knows: binding checks it
    }
  }

  /** The keys of a mapping bound to {@code shape}; the parser is at its START_OBJECT. */
  private void mapping(Class<? extends Record> shape, String pointer) throws IOException {
    Map<String, Type> components = keys(shape);
    Map<String, JsonLocation> seen = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      Type type = components.get(key);
      if (type == null) {
        throw error(source, p.currentTokenLocation(), "unknown key '" + key + "'" + suggestion(key, components.keySet())
            + " (expected one of " + components.keySet() + ")");
      }
      key(seen, pointer);
      value(type, child(pointer, key), "'" + key + "'", false);
    }
  }

  /** Reads a key, refusing one given twice; leaves the parser at its value. */
  private String key(Map<String, JsonLocation> seen, String pointer) throws IOException {
    String key = p.currentName();
    JsonLocation at = p.currentTokenLocation();
    JsonLocation first = seen.putIfAbsent(key, at);
    if (first != null) {
      throw error(source, at, "key '" + key + "' is given twice (first at line " + first.getLineNr() + ", column "
          + first.getColumnNr() + ")");
    }
    locations.put(child(pointer, key), at);
    p.nextToken();
    return key;
  }

  private void expect(boolean ok, Type type, String subject, JsonLocation at) throws IOException {
    if (!ok) {
      String found = found();
      Class<?> raw = raw(type);
      String hint = raw == String.class && p.currentToken().isScalarValue() ? " (quote it: \"" + p.getText() + "\")"
          : (raw == Integer.class || raw == int.class) && p.currentToken() == JsonToken.VALUE_NUMBER_INT
              ? ", which is too large (at most " + Integer.MAX_VALUE + ")" : "";
      throw error(source, at, subject + " must be " + expected(type) + ", found " + found + hint);
    }
  }

  private String found() throws IOException {
    JsonToken token = p.currentToken();
    return switch (token) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "'" + p.getText() + "'";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE -> p.getText().toLowerCase(Locale.ROOT).equals(token.asString())
          ? token.asString() : "'" + p.getText() + "', which YAML reads as " + token.asString();
      default -> "nothing";
    };
  }

  /** What a value of {@code type} looks like, for people. */
  static String expected(Type type) {
    Class<?> raw = raw(type);
    if (raw.isRecord()) {
      return "a mapping with keys " + keys(raw.asSubclass(Record.class)).keySet();
    }
    if (Collection.class.isAssignableFrom(raw)) {
      return "a list of " + plural(typeArgument(type, 0));
    }
    if (Map.class.isAssignableFrom(raw)) {
      return "a mapping of names to " + plural(typeArgument(type, 1));
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class || raw == BigInteger.class) {
      return "a whole number";
    }
    if (raw == Double.class || raw == double.class || raw == BigDecimal.class || raw == Float.class) {
      return "a number";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "true or false";
    }
    if (raw.isEnum()) {
      return "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }
    return "a string";
  }

  private static String plural(Type type) {
    Class<?> raw = raw(type);
    if (raw.isRecord()) {
      return "mappings";
    }
    String one = expected(type);
    return switch (one) {
      case "a whole number" -> "whole numbers";
      case "a number" -> "numbers";
      case "a string" -> "strings";
      default -> one;
    };
  }

  /** The keys of a record shape, in order: the {@link JsonProperty} names, else the component names. */
  static Map<String, Type> keys(Class<? extends Record> shape) {
    Map<String, Type> keys = new LinkedHashMap<>();
    for (RecordComponent component : shape.getRecordComponents()) {
      JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
      String name = property != null && !property.value().isEmpty() ? property.value() : component.getName();
      keys.put(name, component.getGenericType());
    }
    return keys;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType parameterized) {
      return (Class<?>) parameterized.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index) {
      return parameterized.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  /** " (did you mean 'x'?)" for a key one or two edits from a known one. */
  private static String suggestion(String key, Collection<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
