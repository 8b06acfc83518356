package io.tripline.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tripline.feed.SignatureVerifier;
import io.tripline.rules.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The clearinghouse's signed acknowledgement of a report:
 * {@code {reportId, receivedAt, status, routes[{destination, obligation, status}], preservation{until, basis}}}.
 * A receipt exists only once its {@code Tripline-Signature} verified with a pinned key over the
 * exact body bytes ({@link #verify(byte[], String, SignatureVerifier)}); it keeps those bytes and
 * the header, so a store can keep them and verify them again when it reads them back.
 *
 * @param reportId the report's id (the Idempotency-Key it was submitted with)
 * @param receivedAt when the clearinghouse first stored it (a replay answers the same)
 * @param status the report's status, e.g. {@code RECEIVED}
 * @param routes one per destination the clearinghouse routes it to
 * @param preservation what the platform must preserve until when, or null (records policy)
 * @param keyId the pinned key that signed it
 * @param body the signed body, exactly as received (UTF-8)
 * @param signature the {@code Tripline-Signature} header it came with
 */
public record Receipt(String reportId, Instant receivedAt, String status, List<RouteState> routes,
    RoutePlan.@Nullable Preservation preservation, String keyId, String body, String signature) {

  static final Pattern STATUS = Pattern.compile("[A-Z][A-Z_]{0,31}");

  public Receipt {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(status, "status");
    routes = List.copyOf(routes);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * Verifies a receipt's signature, then reads it. Unknown fields are ignored (later protocol
   * versions may add some); missing or malformed ones are refused.
   *
   * @throws ClearinghouseReportException of kind {@link ClearinghouseReportException.Kind#INVALID_RESPONSE}
   *     if the signature is missing, malformed, made with an unknown key or does not match, or the
   *     body is not a receipt
   */
  public static Receipt verify(byte[] body, @Nullable String signatureHeader, SignatureVerifier verifier) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(verifier, "verifier");
    String keyId = verifier.verify(signatureHeader, body, why -> invalid("receipt refused: " + why, null));
    try {
      JsonFields r = JsonFields.parse(body, "the receipt");
      String reportId = r.string("reportId");
      if (!ReportIds.isWellFormed(reportId)) {
        throw Check.invalid("reportId", "is not a report id");
      }
      List<RouteState> routes = r.array("routes", true, 1000, RouteState::read);
      RoutePlan.Preservation preservation = null;
      if (r.has("preservation")) {
        JsonFields p = r.object("preservation", null);
        preservation = Check.within("preservation", () -> new RoutePlan.Preservation(p.instant("until"),
            p.string("basis")));
      }
      for (int i = 0; i < routes.size(); i++) {
        if (routes.get(i).obligation() == null) {
          throw Check.invalid("routes[" + i + "].obligation", "is required in a receipt");
        }
      }
      return new Receipt(reportId, r.instant("receivedAt"),
          Check.matches(r.string("status"), "status", STATUS, "an upper-case status"), routes, preservation, keyId,
          new String(body, StandardCharsets.UTF_8), Objects.requireNonNull(signatureHeader));
    } catch (InvalidReportException e) {
      throw invalid("receipt refused: '" + e.field() + "' " + e.reason(), e);
    }
  }

  private static ClearinghouseReportException invalid(String message, @Nullable Throwable cause) {
    return new ClearinghouseReportException(message, ClearinghouseReportException.Kind.INVALID_RESPONSE, 0, null,
        null, cause);
  }

  /**
   * The state of one route, as a receipt or a status answers it. {@code ALREADY_FILED}: the
   * platform files this destination itself (it named it in {@code jurisdiction.alreadyFiled}), so
   * the clearinghouse does not.
   */
  public enum RouteStatus { PENDING, DELIVERED, FAILED_RETRYABLE, FAILED_PERMANENT, COVERED_BY, ALREADY_FILED, RETRACTED }

  /**
   * One destination of a report at the clearinghouse.
   *
   * @param obligation mandatory or voluntary; always in a receipt, may be absent from a status
   * @param externalId for {@code DELIVERED}, the destination's id (e.g. NCMEC's report id)
   * @param coveredBy for {@code COVERED_BY}, the destination that covers it
   */
  public record RouteState(String destination, Route.@Nullable Obligation obligation, RouteStatus status,
      @Nullable String externalId, @Nullable String coveredBy) {
    public RouteState {
      Check.matches(destination, "destination", RoutePlan.DESTINATION, "upper-case letters, digits and underscores");
      Check.present(status, "status");
      Check.optionalText(externalId, "externalId", 128);
      Check.optionalText(coveredBy, "coveredBy", 64);
    }

    static RouteState read(JsonNode node, String path) {
      JsonFields f = JsonFields.of(node, path, null);
      return Check.within(path, () -> new RouteState(f.string("destination"),
          f.has("obligation") ? f.enumValue("obligation", Route.Obligation.class) : null,
          f.enumValue("status", RouteStatus.class), f.optString("externalId"), f.optString("coveredBy")));
    }
  }
}
