package io.tripline.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Checks of the country codes in routes and routing facts (ISO 3166-1 alpha-2). */
final class Countries {

  private static final Set<String> ISO_3166_ALPHA_2 = Set.of(Locale.getISOCountries());

  private Countries() {}

  /**
   * An ordered, unmodifiable copy of {@code codes}, each an ISO 3166-1 alpha-2 code (or, where
   * {@code inRoute}, {@code ANY} alone or {@code EU}).
   *
   * @throws IllegalArgumentException naming {@code key} if a code is not one
   */
  static Set<String> check(Collection<String> codes, String key, boolean inRoute) {
    Objects.requireNonNull(codes, key);
    Set<String> checked = new LinkedHashSet<>();
    for (String code : codes) {
      if (code == null) {
        throw new IllegalArgumentException("'" + key + "' has an empty entry");
      }
      boolean keyword = inRoute && (code.equals(Route.AppliesWhen.ANY) || code.equals(Route.AppliesWhen.EU));
      if (!keyword && !ISO_3166_ALPHA_2.contains(code)) {
        throw new IllegalArgumentException("'" + key + "': '" + code + "' is not an ISO 3166-1 alpha-2 country code"
            + hint(code) + (inRoute ? " (or ANY, or EU for every member state)" : ""));
      }
      checked.add(code);
    }
    if (inRoute && checked.contains(Route.AppliesWhen.ANY) && checked.size() > 1) {
      throw new IllegalArgumentException("'" + key + "': ANY stands alone (it already means every country)");
    }
    return Collections.unmodifiableSet(checked);
  }

  /** An ordered, unmodifiable copy of {@code values}, without duplicates. */
  static <T> Set<T> orderedCopy(Collection<T> values, String key) {
    Objects.requireNonNull(values, key);
    List<T> list = new ArrayList<>(values);
    for (T value : list) {
      Objects.requireNonNull(value, key);
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(list));
  }

  private static String hint(String code) {
    String upper = code.toUpperCase(Locale.ROOT);
    if (upper.equals("UK")) {
      return " (the United Kingdom is GB)";
    }
    if (upper.equals("EL")) {
      return " (Greece is GR)";
    }
    if (!upper.equals(code) && ISO_3166_ALPHA_2.contains(upper)) {
      return " (codes are upper case: " + upper + ")";
    }
    return "";
  }
}
