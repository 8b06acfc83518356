package io.tripline.clearinghouse;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** What a platform credential may do (protocol, "Common to all calls"). */
public enum Scope {
  FEEDS_READ("feeds:read"),
  REPORTS_WRITE("reports:write"),
  OPINIONS_WRITE("opinions:write"),
  ADMIN("admin");

  private final String wire;

  Scope(String wire) {
    this.wire = wire;
  }

  /** The scope's name in the protocol and the CLI, e.g. {@code reports:write}. */
  public String wireName() {
    return wire;
  }

  /**
   * Parses one scope name.
   *
   * @throws IllegalArgumentException if it is not a scope of the protocol
   */
  public static Scope parse(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (Scope s : values()) {
      if (s.wire.equals(n)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scope '" + name + "'; known: "
        + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", ")));
  }

  /**
   * Parses a comma-separated list, e.g. {@code feeds:read,reports:write}.
   *
   * @throws IllegalArgumentException if it is empty or names an unknown scope
   */
  public static Set<Scope> parseList(String list) {
    Objects.requireNonNull(list, "list");
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        scopes.add(parse(part));
      }
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope is required");
    }
    return Set.copyOf(scopes);
  }

  static String join(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::wireName).collect(Collectors.joining(","));
  }
}
