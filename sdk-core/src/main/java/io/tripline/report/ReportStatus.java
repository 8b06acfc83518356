package io.tripline.report;

import java.util.List;
import java.util.Objects;

/**
 * A report's state at the clearinghouse ({@code GET /v1/reports/{id}}): its status and the state
 * of each route. Not signed by the protocol: it informs, a {@link Receipt} proves.
 */
public record ReportStatus(String reportId, String status, List<Receipt.RouteState> routes) {
  public ReportStatus {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(status, "status");
    routes = List.copyOf(routes);
  }

  /** Reads a status body; unknown fields are ignored. */
  static ReportStatus read(byte[] body) {
    JsonFields r = JsonFields.parse(body, "the status");
    return new ReportStatus(r.string("reportId"),
        Check.matches(r.string("status"), "status", Receipt.STATUS, "an upper-case status"),
        r.array("routes", true, 1000, Receipt.RouteState::read));
  }
}
