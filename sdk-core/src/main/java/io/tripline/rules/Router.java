package io.tripline.rules;

import io.tripline.InvalidConfigurationException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Routes reports by the jurisdictions a platform operates in: given a report's
 * {@link RoutingFacts}, says which destinations to file, by when, which are covered by another
 * report, what to preserve for how long, and whether the uploader must not learn of it.
 *
 * <pre>{@code
 * Router router = Router.of(List.of(us, uk));        // the jurisdiction packs' sections
 * RoutingDecision decision = router.route(RoutingFacts.builder(ReportCategory.CSAM, knowledgeAt)
 *     .providerCountries("US", "GB").subjectCountries("GB").build());
 * // NCMEC_CYBERTIPLINE: FILE by knowledgeAt + 24 h; NCA: COVERED_BY NCMEC_CYBERTIPLINE;
 * // preservation until reportedAt + 1 year, basis US_18USC2258A_h
 * }</pre>
 *
 * <p>Every route whose categories include the report's and whose {@code appliesWhen} holds
 * applies. Routes to one destination (from one pack or several) make one filing: mandatory if
 * any of them is, due at the earliest of their deadlines. A destination is {@code COVERED_BY}
 * another when every route to it that applies lists, in {@code coveredBy}, a destination that
 * this decision files on a mandatory basis or that the facts say was already filed (a voluntary
 * filing may not happen, so it covers nothing). The preservation is the longest among the routes
 * filed. Order follows the routes: jurisdictions in the order given, routes in the order listed.
 *
 * <p>Immutable and thread-safe.
 */
public final class Router {

  private final List<Jurisdiction> jurisdictions;
  private final List<Route> routes;
  private final Clock clock;

  private Router(List<Jurisdiction> jurisdictions, Clock clock) {
    this.jurisdictions = List.copyOf(jurisdictions);
    this.clock = Objects.requireNonNull(clock, "clock");
    Map<String, String> jurisdictionOfRoute = new HashMap<>();
    List<Route> all = new ArrayList<>();
    for (Jurisdiction jurisdiction : this.jurisdictions) {
      for (Route route : jurisdiction.routes()) {
        String other = jurisdictionOfRoute.putIfAbsent(route.id(), jurisdiction.code());
        if (other != null) {
          throw new InvalidConfigurationException("route id '" + route.id() + "' is used in jurisdiction " + other
              + " and again in jurisdiction " + jurisdiction.code() + ": route ids must be unique among the packs"
              + " in use");
        }
        all.add(route);
      }
    }
    this.routes = List.copyOf(all);
    checkNoCoverCycle(routes);
  }

  /**
   * A router over the routes of {@code jurisdictions}, in that order, filing at the system
   * clock's time.
   *
   * @throws InvalidConfigurationException if two routes share an id, or destinations cover each
   *     other in a cycle
   */
  public static Router of(List<Jurisdiction> jurisdictions) {
    return of(jurisdictions, Clock.systemUTC());
  }

  /**
   * A router over the routes of {@code jurisdictions}, in that order; {@link #route(RoutingFacts)}
   * takes the time of the report from {@code clock}.
   *
   * @throws InvalidConfigurationException if two routes share an id, or destinations cover each
   *     other in a cycle
   */
  public static Router of(List<Jurisdiction> jurisdictions, Clock clock) {
    return new Router(jurisdictions, clock);
  }

  /** The jurisdictions routed, in order. */
  public List<Jurisdiction> jurisdictions() {
    return jurisdictions;
  }

  /** Routes a report filed now (by the router's clock). */
  public RoutingDecision route(RoutingFacts facts) {
    return route(facts, clock.instant());
  }

  /**
   * Routes a report filed at {@code reportedAt}.
   *
   * @throws IllegalArgumentException if {@code reportedAt} is before the facts' knowledge
   */
  public RoutingDecision route(RoutingFacts facts, Instant reportedAt) {
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(reportedAt, "reportedAt");
    if (reportedAt.isBefore(facts.knowledgeAt())) {
      throw new IllegalArgumentException("reportedAt " + reportedAt + " is before knowledgeAt " + facts.knowledgeAt());
    }
    return new Routing(facts, reportedAt).decide();
  }

  @Override
  public String toString() {
    return "Router" + jurisdictions.stream().map(Jurisdiction::code).toList() + "[" + routes.size() + " routes]";
  }

  /** One routing of one report. */
  private final class Routing {
    private final RoutingFacts facts;
    private final Instant reportedAt;
    private final Map<String, List<Route>> byDestination = new LinkedHashMap<>();
    private final Map<String, RoutingDecision.Status> statuses = new HashMap<>();
    private final Map<String, String> coverers = new HashMap<>();

    Routing(RoutingFacts facts, Instant reportedAt) {
      this.facts = facts;
      this.reportedAt = reportedAt;
      for (Route route : routes) {
        if (route.appliesTo(facts)) {
          byDestination.computeIfAbsent(route.destination(), d -> new ArrayList<>()).add(route);
        }
      }
    }

    RoutingDecision decide() {
      List<RoutingDecision.Filing> filings = new ArrayList<>();
      RoutingDecision.Preservation preservation = null;
      boolean noTippingOff = false;
      for (Map.Entry<String, List<Route>> entry : byDestination.entrySet()) {
        String destination = entry.getKey();
        List<Route> routesThere = entry.getValue();
        RoutingDecision.Status status = status(destination);
        Instant deadline = null;
        for (Route route : routesThere) {
          noTippingOff |= route.noTippingOff();
          if (status != RoutingDecision.Status.FILE) {
            continue;
          }
          Instant due = route.deadline() == null ? null : route.deadline().dueAt(facts.knowledgeAt());
          if (due != null && (deadline == null || due.isBefore(deadline))) {
            deadline = due;
          }
          Route.Preservation preserve = route.preservation();
          Instant until = preserve == null ? null : preserve.until(facts.knowledgeAt(), reportedAt);
          if (until != null && (preservation == null || until.isAfter(preservation.until()))) {
            preservation = new RoutingDecision.Preservation(until, preserve.basis(), route.id(), preserve.text());
          }
        }
        filings.add(new RoutingDecision.Filing(destination, status,
            mandatory(routesThere) ? Route.Obligation.MANDATORY : Route.Obligation.VOLUNTARY,
            deadline, coverers.get(destination), routesThere));
      }
      return new RoutingDecision(facts, reportedAt, filings, preservation, noTippingOff);
    }

    /** Terminates because the router refused cover cycles. */
    private RoutingDecision.Status status(String destination) {
      RoutingDecision.Status known = statuses.get(destination);
      if (known != null) {
        return known;
      }
      RoutingDecision.Status status;
      if (facts.alreadyFiled().contains(destination)) {
        status = RoutingDecision.Status.ALREADY_FILED;
      } else {
        String coverer = null;
        for (Route route : byDestination.get(destination)) {
          String covering = covererOf(route);
          if (covering == null) {
            coverer = null;
            break;
          }
          if (coverer == null) {
            coverer = covering;
          }
        }
        status = coverer == null ? RoutingDecision.Status.FILE : RoutingDecision.Status.COVERED_BY;
        if (coverer != null) {
          coverers.put(destination, coverer);
        }
      }
      statuses.put(destination, status);
      return status;
    }

    /** The first destination in the route's {@code coveredBy} that is certainly filed, if any. */
    private @Nullable String covererOf(Route route) {
      for (String covering : route.coveredBy()) {
        if (facts.alreadyFiled().contains(covering)) {
          return covering;
        }
        List<Route> routesThere = byDestination.get(covering);
        if (routesThere != null && mandatory(routesThere) && status(covering) == RoutingDecision.Status.FILE) {
          return covering;
        }
      }
      return null;
    }
  }

  private static boolean mandatory(List<Route> routes) {
    return routes.stream().anyMatch(r -> r.obligation() == Route.Obligation.MANDATORY);
  }

  /** Destinations that cover each other in a cycle would each wait for the other: refuse them. */
  private static void checkNoCoverCycle(List<Route> routes) {
    Map<String, Set<String>> covers = new LinkedHashMap<>();
    for (Route route : routes) {
      covers.computeIfAbsent(route.destination(), d -> new LinkedHashSet<>()).addAll(route.coveredBy());
    }
    Set<String> done = new LinkedHashSet<>();
    for (String destination : covers.keySet()) {
      List<String> path = new ArrayList<>();
      findCycle(destination, covers, path, done);
    }
  }

  private static void findCycle(String destination, Map<String, Set<String>> covers, List<String> path,
      Set<String> done) {
    if (done.contains(destination)) {
      return;
    }
    int seen = path.indexOf(destination);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(destination);
      throw new InvalidConfigurationException("routes' coveredBy make a cycle: " + String.join(" covered by ", cycle)
          + "; one of them must be filed");
    }
    path.add(destination);
    for (String covering : covers.getOrDefault(destination, Set.of())) {
      findCycle(covering, covers, path, done);
    }
    path.remove(path.size() - 1);
    done.add(destination);
  }
}
