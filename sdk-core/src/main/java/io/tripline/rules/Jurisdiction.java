package io.tripline.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The report routes of one jurisdiction, from a jurisdiction pack's {@code jurisdiction} section
 * (see {@code docs/rule-packs.md}, Routing). Route the reports of the jurisdictions a platform
 * operates in with a {@link Router}.
 *
 * @param code the jurisdiction's code, upper-case letters: {@code US}, {@code EU}, {@code UK},
 *     {@code CA}, {@code AU}, or {@code ANY} for routes that apply everywhere
 * @param name its name, for people
 * @param routes its routes, in the order listed; at least one, ids unique
 */
public record Jurisdiction(String code, String name, List<Route> routes) {

  /**
   * @throws NullPointerException if a component or a route is null
   * @throws IllegalArgumentException if the code is not upper-case letters, the name is blank,
   *     there is no route, or two routes share an id
   */
  public Jurisdiction {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    routes = List.copyOf(routes);
    checkCode(code);
    checkName(code, name);
    checkRoutes(code, routes);
  }

  // The checks one by one, so that the pack parser can point at the key that is wrong.

  static void checkCode(String code) {
    if (!code.matches("[A-Z]{2,}")) {
      throw new IllegalArgumentException("jurisdiction 'code' must be upper-case letters such as US, EU or UK, was '"
          + code + "'");
    }
  }

  static void checkName(String code, String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("jurisdiction " + code + ": 'name' must not be blank");
    }
  }

  static void checkRoutes(String code, List<Route> routes) {
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("jurisdiction " + code + ": 'routes' must list at least one route");
    }
    Set<String> ids = new HashSet<>();
    for (Route route : routes) {
      if (!ids.add(route.id())) {
        throw new IllegalArgumentException("jurisdiction " + code + ": route id '" + route.id() + "' is used twice");
      }
    }
  }
}
