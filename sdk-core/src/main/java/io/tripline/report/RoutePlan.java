package io.tripline.report;

import io.tripline.rules.Route;
import io.tripline.rules.RoutingDecision;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a report goes, by when, and what to preserve for how long: the part of a rule packs'
 * {@link RoutingDecision} that a report carries and its store keeps (the decision itself holds
 * the routes of the packs; a plan is plain data that survives a JSON round trip). Not part of the
 * protocol's report body: the clearinghouse routes by its own rules and answers with the
 * {@link Receipt}; the plan is what the platform expects, for its deadlines and preservation.
 *
 * @param reportedAt when the report was made; preservation "from report" counts from it
 * @param filings one per destination a route applies to, in routing order
 * @param preservation the longest preservation among the filings filed, or null (records policy)
 * @param noTippingOff whether any route forbids telling the uploader (then
 *     {@link Report#notifySubject()} must be false)
 */
public record RoutePlan(Instant reportedAt, List<Filing> filings, @Nullable Preservation preservation,
    boolean noTippingOff) {

  static final Pattern DESTINATION = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** @throws InvalidReportException if a component is missing or two filings share a destination */
  public RoutePlan {
    Check.present(reportedAt, "routes.reportedAt");
    filings = List.copyOf(Check.present(filings, "routes.filings"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < filings.size(); i++) {
      if (!seen.add(filings.get(i).destination())) {
        throw Check.invalid("routes.filings[" + i + "].destination", "names a destination listed before");
      }
    }
  }

  /** The plan of a rule packs' routing decision. */
  public static RoutePlan of(RoutingDecision decision) {
    List<Filing> filings = decision.filings().stream()
        .map(f -> new Filing(f.destination(), f.status(), f.obligation(), f.deadline(), f.coveredBy()))
        .toList();
    RoutingDecision.Preservation p = decision.preservation();
    return new RoutePlan(decision.reportedAt(), filings, p == null ? null : new Preservation(p.until(), p.basis()),
        decision.noTippingOff());
  }

  /** The filings to file now (status {@code FILE}). */
  public List<Filing> toFile() {
    return filings.stream().filter(f -> f.status() == RoutingDecision.Status.FILE).toList();
  }

  /**
   * One destination.
   *
   * @param deadline for a filing to file, when it is due (null if no route sets one)
   * @param coveredBy for {@code COVERED_BY}, the destination that covers it
   */
  public record Filing(String destination, RoutingDecision.Status status, Route.Obligation obligation,
      @Nullable Instant deadline, @Nullable String coveredBy) {
    /** @throws InvalidReportException if a component is missing or inconsistent */
    public Filing {
      Check.matches(destination, "destination", DESTINATION, "upper-case letters, digits and underscores");
      Check.present(status, "status");
      Check.present(obligation, "obligation");
      if ((status == RoutingDecision.Status.COVERED_BY) != (coveredBy != null)) {
        throw Check.invalid("coveredBy", "is set exactly when the status is COVERED_BY");
      }
      if (coveredBy != null) {
        Check.matches(coveredBy, "coveredBy", DESTINATION, "upper-case letters, digits and underscores");
      }
      if (status != RoutingDecision.Status.FILE && deadline != null) {
        throw Check.invalid("deadline", "is only for a filing to file");
      }
    }
  }

  /**
   * What to preserve until when: the receipt's {@code preservation}.
   *
   * @param until when the preserved data may be deleted
   * @param basis the provision's code, e.g. {@code US_18USC2258A_h}
   */
  public record Preservation(Instant until, String basis) {
    /** @throws InvalidReportException if a component is missing or the basis malformed */
    public Preservation {
      Check.present(until, "until");
      Check.matches(basis, "basis", Pattern.compile("[A-Za-z0-9_.:-]{1,64}"), "a provision code (letters, digits,"
          + " '_', '.', ':', '-'; at most 64)");
    }
  }
}
