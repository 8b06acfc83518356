package io.tripline.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading of JSON objects: every error names the field's JSON path. {@code strict}
 * objects refuse keys they do not know (our own report bodies); lenient ones ignore them (the
 * server's answers, which later protocol versions may extend).
 */
final class JsonFields {

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private final JsonNode node;
  private final String path;

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses {@code bytes} as one JSON object. */
  static JsonFields parse(byte[] bytes, String what) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw Check.invalid("$", what + " is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw Check.invalid("$", what + " is not a JSON object");
    }
    return new JsonFields(root, "");
  }

  static JsonFields of(JsonNode node, String path, @Nullable Set<String> known) {
    if (!node.isObject()) {
      throw Check.invalid(path, "must be an object");
    }
    if (known != null) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          throw Check.invalid(join(path, Check.shorten(name)), "is not a field here (expected one of " + known + ")");
        }
      }
    }
    return new JsonFields(node, path);
  }

  JsonFields known(Set<String> names) {
    return of(node, path, names);
  }

  String path(String key) {
    return join(path, key);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  @Nullable String optString(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw Check.invalid(path(key), "must be a string");
    }
    return value.asText();
  }

  String string(String key) {
    return Check.present(optString(key), path(key));
  }

  boolean bool(String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isBoolean()) {
      throw Check.invalid(path(key), value == null || value.isNull() ? "is required" : "must be true or false");
    }
    return value.booleanValue();
  }

  @Nullable Integer optInt(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw Check.invalid(path(key), "must be a whole number");
    }
    return value.intValue();
  }

  int integer(String key) {
    return Check.present(optInt(key), path(key));
  }

  @Nullable Instant optInstant(String key) {
    String text = optString(key);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw Check.invalid(path(key), "must be an ISO-8601 instant in UTC, e.g. 2026-11-28T10:00:00Z");
    }
  }

  Instant instant(String key) {
    return Check.present(optInstant(key), path(key));
  }

  <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    String text = string(key);
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        names.add(constant.name());
      }
      throw Check.invalid(path(key), "'" + Check.shorten(text) + "' is not one of " + names);
    }
  }

  JsonFields object(String key, @Nullable Set<String> known) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw Check.invalid(path(key), "is required");
    }
    return of(value, path(key), known);
  }

  /** The array's entries, each made by {@code make(entryNode, entryPath)}. */
  <T> List<T> array(String key, boolean required, int max, BiFunction<JsonNode, String, T> make) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw Check.invalid(path(key), "is required");
      }
      return List.of();
    }
    if (!value.isArray()) {
      throw Check.invalid(path(key), "must be an array");
    }
    if (value.size() > max) {
      throw Check.invalid(path(key), "must have at most " + max + " entries, has " + value.size());
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      out.add(make.apply(value.get(i), path(key) + "[" + i + "]"));
    }
    return out;
  }

  List<String> strings(String key, boolean required, int max) {
    return array(key, required, max, (n, p) -> {
      if (!n.isTextual()) {
        throw Check.invalid(p, "must be a string");
      }
      return n.asText();
    });
  }
}
