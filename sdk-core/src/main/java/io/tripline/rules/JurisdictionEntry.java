package io.tripline.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The YAML shape of a pack's {@code jurisdiction} section, bound by Jackson. The compact
 * constructors check it and throw a {@link FormatError} (an {@link IllegalArgumentException})
 * whose message names the route, the key and what was expected, and whose key the pack parser
 * turns into file, line and column; {@link #toJurisdiction()} turns it into the model. Keys are the record component names, all of them simple types or nested records,
 * so the pack parser can check unknown and repeated keys by walking the components.
 *
 * <p>The nested shapes ({@link AppliesWhenEntry}, {@link DeadlineEntry},
 * {@link PreservationEntry}) are checked by the {@link RouteEntry} that holds them, so that every
 * message names its route.
 */
record JurisdictionEntry(
    @JsonProperty("code") @Nullable String code,
    @JsonProperty("name") @Nullable String name,
    @JsonProperty("routes") @Nullable List<RouteEntry> routes) {

  JurisdictionEntry {
    jurisdiction(code, name, routes);
  }

  Jurisdiction toJurisdiction() {
    return jurisdiction(code, name, routes);
  }

  private static Jurisdiction jurisdiction(
      @Nullable String code, @Nullable String name, @Nullable List<RouteEntry> routes) {
    String jurisdictionCode = at("code", "jurisdiction: ", () -> required(code, "code"));
    check("code", () -> Jurisdiction.checkCode(jurisdictionCode));
    String where = "jurisdiction " + jurisdictionCode + ": ";
    String jurisdictionName = at("name", where, () -> required(name, "name"));
    check("name", () -> Jurisdiction.checkName(jurisdictionCode, jurisdictionName));
    List<RouteEntry> entries = at("routes", where, () -> {
      List<RouteEntry> listed = required(routes, "routes");
      if (listed.contains(null)) {
        throw new IllegalArgumentException("a route must be a mapping with at least 'id', 'destination',"
            + " 'appliesWhen', 'categories' and 'obligation'");
      }
      return listed;
    });
    List<Route> built = entries.stream().map(RouteEntry::toRoute).toList(); // each checked when bound
    check("routes", () -> Jurisdiction.checkRoutes(jurisdictionCode, built));
    return new Jurisdiction(jurisdictionCode, jurisdictionName, built);
  }

  record RouteEntry(
      @JsonProperty("id") @Nullable String id,
      @JsonProperty("destination") @Nullable String destination,
      @JsonProperty("appliesWhen") @Nullable AppliesWhenEntry appliesWhen,
      @JsonProperty("categories") @Nullable List<String> categories,
      @JsonProperty("obligation") @Nullable String obligation,
      @JsonProperty("deadline") @Nullable DeadlineEntry deadline,
      @JsonProperty("preservation") @Nullable PreservationEntry preservation,
      @JsonProperty("legalBasis") @Nullable String legalBasis,
      @JsonProperty("coveredBy") @Nullable List<String> coveredBy,
      @JsonProperty("noTippingOff") @Nullable Boolean noTippingOff) {

    RouteEntry {
      route(id, destination, appliesWhen, categories, obligation, deadline, preservation, legalBasis, coveredBy,
          noTippingOff);
    }

    Route toRoute() {
      return route(id, destination, appliesWhen, categories, obligation, deadline, preservation, legalBasis,
          coveredBy, noTippingOff);
    }

    /** Builds the route key by key, each error naming its route and the key that is wrong. */
    private static Route route(
        @Nullable String id,
        @Nullable String destination,
        @Nullable AppliesWhenEntry appliesWhen,
        @Nullable List<String> categories,
        @Nullable String obligation,
        @Nullable DeadlineEntry deadline,
        @Nullable PreservationEntry preservation,
        @Nullable String legalBasis,
        @Nullable List<String> coveredBy,
        @Nullable Boolean noTippingOff) {
      String routeId = at("id", "a route: ", () -> required(id, "id"));
      check("id", () -> Route.checkId(routeId));
      String route = "route '" + routeId + "': ";
      String to = at("destination", route, () -> {
        String value = required(destination, "destination");
        Route.checkDestination("", value);
        return value;
      });
      Route.AppliesWhen when = at("appliesWhen", route, () -> required(appliesWhen, "appliesWhen").toAppliesWhen());
      Set<ReportCategory> carried = at("categories", route, () -> {
        Set<ReportCategory> parsed = categories(required(categories, "categories"));
        Route.checkCategories("", parsed);
        return parsed;
      });
      Route.Obligation duty = at("obligation", route,
          () -> parseEnum(Route.Obligation.class, required(obligation, "obligation"), "obligation"));
      Route.Deadline due = at("deadline", route, () -> {
        Route.Deadline value = deadline == null ? null : deadline.toDeadline();
        Route.checkDeadline("", duty, value);
        return value;
      });
      Route.Preservation preserve = at("preservation", route,
          () -> preservation == null ? null : preservation.toPreservation());
      String basis = at("legalBasis", route, () -> {
        String value = legalBasis == null ? "" : legalBasis;
        Route.checkLegalBasis("", duty, value);
        return value;
      });
      Set<String> covering = at("coveredBy", route, () -> {
        Set<String> value = coveredBy == null ? Set.of() : distinct(coveredBy, "coveredBy");
        Route.checkCoveredBy("", to, value);
        return value;
      });
      boolean quiet = at("noTippingOff", route, () -> required(noTippingOff, "noTippingOff"));
      return new Route(routeId, to, when, carried, duty, due, preserve, basis, covering, quiet);
    }

    private static Set<ReportCategory> categories(List<String> names) {
      Set<ReportCategory> categories = EnumSet.noneOf(ReportCategory.class);
      for (String name : noNulls(names, "categories")) {
        ReportCategory category;
        try {
          category = ReportCategory.valueOf(name);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'categories': '" + name + "' is not one of "
              + Arrays.toString(ReportCategory.values()));
        }
        if (!categories.add(category)) {
          throw new IllegalArgumentException("'categories' lists " + category + " twice");
        }
      }
      return categories;
    }
  }

  record AppliesWhenEntry(
      @JsonProperty("providerCountries") @Nullable List<String> providerCountries,
      @JsonProperty("subjectCountries") @Nullable List<String> subjectCountries,
      @JsonProperty("contentCountries") @Nullable List<String> contentCountries) {

    Route.AppliesWhen toAppliesWhen() {
      return new Route.AppliesWhen(
          countries(providerCountries, "appliesWhen.providerCountries"),
          countries(subjectCountries, "appliesWhen.subjectCountries"),
          countries(contentCountries, "appliesWhen.contentCountries"));
    }

    private static Set<String> countries(@Nullable List<String> codes, String key) {
      if (codes == null) {
        return Set.of();
      }
      if (codes.isEmpty()) {
        throw new IllegalArgumentException("'" + key + "' is empty: list countries, or leave the key out");
      }
      return distinct(codes, key);
    }
  }

  record DeadlineEntry(
      @JsonProperty("within") @Nullable String within,
      @JsonProperty("text") @Nullable String text) {

    Route.Deadline toDeadline() {
      Duration duration = null;
      if (within != null) {
        try {
          duration = Duration.parse(upperCase(within));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("'deadline.within' must be an ISO-8601 duration such as PT24H or P3D,"
              + " was '" + within + "'");
        }
      }
      return new Route.Deadline(duration, required(text, "deadline.text"));
    }
  }

  record PreservationEntry(
      @JsonProperty("period") @Nullable String period,
      @JsonProperty("from") @Nullable String from,
      @JsonProperty("basis") @Nullable String basis,
      @JsonProperty("text") @Nullable String text) {

    Route.Preservation toPreservation() {
      return new Route.Preservation(
          period == null ? null : amount(period),
          from == null ? null : parseEnum(Route.Preservation.From.class, from, "preservation.from"),
          required(basis, "preservation.basis"),
          required(text, "preservation.text"));
    }

    /** P1Y, P21D: a {@link Period}; PT72H, P1DT12H: a {@link Duration}. */
    private static TemporalAmount amount(String value) {
      try {
        return value.contains("T") ? Duration.parse(upperCase(value)) : Period.parse(upperCase(value));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'preservation.period' must be an ISO-8601 period or duration such as"
            + " P1Y, P21D or PT72H (null when the law fixes none), was '" + value + "'");
      }
    }
  }

  /** {@code value}, refused (as the parse error) unless written as the format writes it: P1Y, not p1y. */
  private static String upperCase(String value) {
    if (!value.equals(value.toUpperCase(Locale.ROOT))) {
      throw new DateTimeParseException("ISO-8601 designators are upper case", value, 0);
    }
    return value;
  }

  private static <T> T required(@Nullable T value, String key) {
    if (value == null) {
      throw new IllegalArgumentException("missing required key '" + key + "'");
    }
    return value;
  }

  /**
   * Runs one key's part of the checks; an error is a {@link FormatError} naming {@code key} (so
   * the pack parser points at it, or at the mapping when the key is absent), its message after
   * {@code where}.
   */
  private static <T> T at(String key, String where, Supplier<T> part) {
    try {
      return part.get();
    } catch (FormatError e) {
      throw e; // already names its key
    } catch (IllegalArgumentException e) {
      throw new FormatError(key, where + e.getMessage());
    }
  }

  /** Runs a check that names its route or jurisdiction itself; an error names {@code key}. */
  private static void check(String key, Runnable check) {
    at(key, "", () -> {
      check.run();
      return null;
    });
  }

  /** The values in order; a value listed twice is an error (a typo for another, likely). */
  private static Set<String> distinct(List<String> values, String key) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String value : noNulls(values, key)) {
      if (!distinct.add(value)) {
        throw new IllegalArgumentException("'" + key + "' lists '" + value + "' twice");
      }
    }
    return distinct;
  }

  private static List<String> noNulls(List<String> values, String key) {
    for (String value : values) {
      if (value == null) {
        throw new IllegalArgumentException("'" + key + "' has an empty entry");
      }
    }
    return values;
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String key) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(value)) { // as the rules' enums: lower case, exactly
        return constant;
      }
    }
    List<String> allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    throw new IllegalArgumentException("'" + key + "' must be one of " + allowed + ", was '" + value + "'");
  }
}
