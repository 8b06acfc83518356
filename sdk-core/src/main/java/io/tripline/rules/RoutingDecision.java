package io.tripline.rules;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where one report goes, by when, and what to preserve for how long: what a {@link Router} made
 * of the report's {@link RoutingFacts} and the routes of the packs in use. Data for the report
 * pipeline; the clearinghouse receipt's {@code routes} and {@code preservation} have the same
 * shape.
 *
 * @param facts the facts routed
 * @param reportedAt when the report is filed; preservation from the report counts from it
 * @param filings one per destination that a route applies to, in the order the routes are
 *     listed (packs in the order combined); empty when no jurisdiction in use routes the category
 * @param preservation the longest preservation among the routes filed, or null when none of
 *     them fixes a period (keep per records policy)
 * @param noTippingOff whether any route that applies forbids telling the uploader
 */
public record RoutingDecision(
    RoutingFacts facts,
    Instant reportedAt,
    List<Filing> filings,
    @Nullable Preservation preservation,
    boolean noTippingOff) {

  /** @throws IllegalArgumentException if two filings share a destination */
  public RoutingDecision {
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(reportedAt, "reportedAt");
    filings = List.copyOf(filings);
    Set<String> destinations = new HashSet<>();
    for (Filing filing : filings) {
      if (!destinations.add(filing.destination())) {
        throw new IllegalArgumentException("destination " + filing.destination() + " has two filings");
      }
    }
  }

  /** The filings the pipeline files now: status {@link Status#FILE}. */
  public List<Filing> toFile() {
    return filings.stream().filter(f -> f.status() == Status.FILE).toList();
  }

  /** The filing for {@code destination}, if a route to it applies. */
  public Optional<Filing> filing(String destination) {
    return filings.stream().filter(f -> f.destination().equals(destination)).findFirst();
  }

  /** The earliest deadline of the filings to file: what the pipeline schedules. */
  public Optional<Instant> earliestDeadline() {
    return filings.stream().map(Filing::deadline).filter(Objects::nonNull).min(Comparator.naturalOrder());
  }

  /** What becomes of one destination. */
  public enum Status {
    /** File a report there. */
    FILE,
    /** Not filed: a mandatory report to {@link Filing#coveredBy()} in this decision covers it. */
    COVERED_BY,
    /** Not filed again: the facts say it was already reported there. */
    ALREADY_FILED
  }

  /**
   * One destination of the report.
   *
   * @param destination where, e.g. {@code NCMEC_CYBERTIPLINE}
   * @param status whether to file it
   * @param obligation {@link Route.Obligation#MANDATORY} if any of its routes is
   * @param deadline for {@link Status#FILE}: the earliest deadline of its routes (knowledge plus
   *     {@code within}), null when none has one; null otherwise
   * @param coveredBy for {@link Status#COVERED_BY}: the destination whose report covers it;
   *     null otherwise
   * @param routes the routes to it that apply, in order (several packs may route to one place)
   */
  public record Filing(
      String destination,
      Status status,
      Route.Obligation obligation,
      @Nullable Instant deadline,
      @Nullable String coveredBy,
      List<Route> routes) {

    /**
     * @throws IllegalArgumentException if {@code coveredBy} is set without status
     *     {@link Status#COVERED_BY} (or missing with it), a deadline is set on a filing not
     *     filed, or there is no route
     */
    public Filing {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(obligation, "obligation");
      routes = List.copyOf(routes);
      if ((status == Status.COVERED_BY) != (coveredBy != null)) {
        throw new IllegalArgumentException("coveredBy is set exactly when the status is COVERED_BY");
      }
      if (status != Status.FILE && deadline != null) {
        throw new IllegalArgumentException("only a filing to file has a deadline");
      }
      if (routes.isEmpty()) {
        throw new IllegalArgumentException("a filing has at least one route");
      }
    }
  }

  /**
   * What to preserve for how long: the receipt's {@code preservation}.
   *
   * @param until when the preserved data may be deleted
   * @param basis the provision's code, e.g. {@code US_18USC2258A_h}
   * @param route the id of the route that sets it
   * @param text what the law says
   */
  public record Preservation(Instant until, String basis, String route, String text) {
    public Preservation {
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(basis, "basis");
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(text, "text");
    }
  }
}
