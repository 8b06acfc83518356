package io.tripline.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link HealthCheck} found.
 *
 * @param status how the checked thing stands
 * @param summary a short sentence for a person, e.g. {@code "2 dead letters (clearinghouse)"}
 * @param details numbers and names behind the summary, in the order given; values are strings,
 *     numbers, booleans, and lists and string-keyed maps of those, copied deeply
 */
public record CheckResult(HealthStatus status, String summary, Map<String, Object> details) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument, a key or a value is null
   * @throws IllegalArgumentException if a value is of another type
   */
  public CheckResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    details = copyMap(Objects.requireNonNull(details, "details"), "details");
  }

  /** Up, with no details. */
  public static CheckResult up(String summary) {
    return new CheckResult(HealthStatus.UP, summary, Map.of());
  }

  /** Up, with {@code details}. */
  public static CheckResult up(String summary, Map<String, ?> details) {
    return new CheckResult(HealthStatus.UP, summary, copyMap(details, "details"));
  }

  /** Degraded, with no details. */
  public static CheckResult degraded(String summary) {
    return new CheckResult(HealthStatus.DEGRADED, summary, Map.of());
  }

  /** Degraded, with {@code details}. */
  public static CheckResult degraded(String summary, Map<String, ?> details) {
    return new CheckResult(HealthStatus.DEGRADED, summary, copyMap(details, "details"));
  }

  /** Down, with no details. */
  public static CheckResult down(String summary) {
    return new CheckResult(HealthStatus.DOWN, summary, Map.of());
  }

  /** Down, with {@code details}. */
  public static CheckResult down(String summary, Map<String, ?> details) {
    return new CheckResult(HealthStatus.DOWN, summary, copyMap(details, "details"));
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("a key in " + path + " is not a string: " + e.getKey());
      }
      copy.put(key, copyValue(e.getValue(), path + "." + key));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value, String path) {
    Objects.requireNonNull(value, path);
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, path);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(copyValue(list.get(i), path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        path + " is a " + value.getClass().getName()
            + "; details hold strings, numbers, booleans, lists and maps");
  }
}
