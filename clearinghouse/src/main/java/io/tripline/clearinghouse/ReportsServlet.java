package io.tripline.clearinghouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.report.InvalidReportException;
import io.tripline.clearinghouse.feed.FeedPublisher;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.rules.Router;
import io.tripline.rules.RoutingDecision;
import io.tripline.rules.RoutingFacts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/reports}: intake ({@code POST}), status ({@code GET /{id}}) and retraction
 * ({@code POST /{id}/retract}), all with scope {@code reports:write} and all within the caller's
 * platform: another platform's report id is answered 404, exactly as an unknown one.
 */
final class ReportsServlet extends ApiServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ReportsServlet.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
  /** The shape of {@code Report#id()}: {@code r_} and 32 Crockford base32 characters. */
  static final Pattern REPORT_ID = Pattern.compile("r_[0-9A-HJKMNP-TV-Z]{32}");
  private static final int MAX_REASON = 1000;

  private final transient Store store;
  private final transient Accounts accounts;
  private final transient SigningKey key;
  private final transient Router router;
  private final transient Clock clock;
  private final long maxBodyBytes;
  private final transient FeedPublisher publisher;
  private final transient IntakeCommits commits;

  ReportsServlet(Store store, Accounts accounts, SigningKey key, Router router, Clock clock, long maxBodyBytes,
      FeedPublisher publisher, IntakeCommits commits) {
    this.publisher = publisher;
    this.commits = commits;
    this.store = store;
    this.accounts = accounts;
    this.key = key;
    this.router = router;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    String[] parts = path == null || path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    String method = req.getMethod();
    if (parts.length == 0) {
      require(method, "POST");
      submit(req, resp);
    } else if (parts.length == 1) {
      require(method, "GET");
      Accounts.Caller caller = authenticate(req, accounts, Scope.REPORTS_WRITE);
      Store.StoredReport report = find(caller, parts[0]);
      sendJson(resp, 200, status(report), null);
    } else if (parts.length == 2 && parts[1].equals("retract")) {
      require(method, "POST");
      retract(req, resp, parts[0]);
    } else {
      throw Problem.notFound("no such resource");
    }
  }

  private static void require(String method, String allowed) {
    if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
      throw Problem.methodNotAllowed(method, allowed);
    }
  }

  // --- POST /v1/reports -------------------------------------------------------------------------

  private void submit(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Accounts.Caller caller = authenticate(req, accounts, Scope.REPORTS_WRITE, true);
    String idempotencyKey = req.getHeader("Idempotency-Key");
    if (idempotencyKey == null || !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
      throw Problem.idempotencyKeyMissing();
    }
    byte[] body = jsonBody(req, maxBodyBytes);
    String bodyHash = HexFormat.of().formatHex(SigningKey.sha256(body));

    // No lookup of the key first: the transaction that stores the report finds a stored one
    // under its key (a replay) and answers with it. Only a body that fails validation looks the
    // key up: a key reused with a broken body is answered as a reused key, and the replay of a
    // body accepted before (validation may have become stricter since) gets its stored receipt.
    Report report;
    Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RoutingDecision decision;
    try {
      report = parse(body);
      decision = route(report, receivedAt);
    } catch (Problem invalid) {
      var known = store.reportByKey(caller.platform(), idempotencyKey);
      if (known.isPresent()) {
        replay(resp, known.get(), bodyHash, true);
        return;
      }
      throw invalid;
    }
    String reportId = report.id();
    List<Store.RouteRow> routes = new ArrayList<>();
    for (RoutingDecision.Filing f : decision.filings()) {
      String status = switch (f.status()) {
        case FILE -> "PENDING";
        case COVERED_BY -> "COVERED_BY";
        case ALREADY_FILED -> "ALREADY_FILED";
      };
      routes.add(new Store.RouteRow(f.destination(), f.obligation().name(), status, f.deadline(), f.coveredBy(), null));
    }
    byte[] receipt = receipt(reportId, receivedAt, "RECEIVED", routes, decision.preservation());
    String signature = key.signatureHeader(receipt);
    Store.StoredReport stored = new Store.StoredReport(caller.platform(), reportId, idempotencyKey, bodyHash,
        receivedAt, "RECEIVED", receipt, signature, routes);
    // The feed publication commits with the report, in its transaction (see IntakeCommits).
    Store.Insert result = commits.commit(stored, body, caller.credentialId(),
        () -> share(reportId, caller.platform(), report));
    if (result instanceof Store.Insert.Revoked) {
      // Authenticated from intake's cache, revoked since: nothing was stored.
      accounts.forget(caller.credentialId());
      throw Problem.unauthorized("the credential is unknown or revoked");
    }
    if (result instanceof Store.Insert.Existing existing) {
      // Stored before under this key (a replay or a concurrent twin) or this report id (another key).
      replay(resp, existing.report(), bodyHash, existing.report().idempotencyKey().equals(idempotencyKey));
      return;
    }
    LOG.info("report {} received from platform {} (credential {}), {} routes", reportId, caller.platform(),
        caller.credentialId(), routes.size());
    sendJson(resp, 201, receipt, signature);
  }

  private static void replay(HttpServletResponse resp, Store.StoredReport known, String bodyHash, boolean sameKey)
      throws IOException {
    if (!known.bodySha256().equals(bodyHash)) {
      if (sameKey) {
        throw Problem.idempotencyKeyReused();
      }
      throw Problem.of(422, "report-exists", "Report already received",
          "report " + known.reportId() + " was received before under another Idempotency-Key with a different body");
    }
    sendJson(resp, 200, known.receipt(), known.receiptSignature());
  }

  private static Report parse(byte[] body) {
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw Problem.invalid("$", "must be a JSON object");
      }
    } catch (IOException e) {
      throw Problem.malformedJson("the body is not well-formed JSON");
    }
    try {
      return ReportJson.read(body);
    } catch (InvalidReportException e) {
      throw Problem.invalid(e.field(), e.reason());
    }
  }

  private RoutingDecision route(Report report, Instant receivedAt) {
    Report.Jurisdiction j = report.jurisdiction();
    RoutingFacts facts;
    try {
      facts = RoutingFacts.builder(report.incident().category(), report.incident().knowledgeAt())
          .providerCountries(j.providerCountries()).subjectCountries(j.subjectCountries())
          .alreadyFiled(j.alreadyFiled()).build();
    } catch (IllegalArgumentException e) {
      throw Problem.invalid("jurisdiction", e.getMessage());
    }
    // A platform clock ahead of ours must not make the report older than its knowledge.
    Instant knowledge = report.incident().knowledgeAt();
    return router.route(facts, receivedAt.isBefore(knowledge) ? knowledge : receivedAt);
  }

  /** The receipt body, as the protocol shows it and the SDK's {@code Receipt.verify} reads it. */
  static byte[] receipt(String reportId, Instant receivedAt, String status, List<Store.RouteRow> routes,
      RoutingDecision.@Nullable Preservation preservation) {
    return json(g -> {
      g.writeStartObject();
      g.writeStringField("reportId", reportId);
      g.writeStringField("receivedAt", receivedAt.toString());
      g.writeStringField("status", status);
      g.writeArrayFieldStart("routes");
      for (Store.RouteRow r : routes) {
        writeRoute(g, r, true);
      }
      g.writeEndArray();
      if (preservation != null) {
        g.writeObjectFieldStart("preservation");
        g.writeStringField("until", preservation.until().toString());
        g.writeStringField("basis", preservation.basis());
        g.writeEndObject();
      }
      g.writeEndObject();
    });
  }

  /**
   * One route on the wire. A destination the platform files itself (its report's
   * {@code jurisdiction.alreadyFiled}) is answered {@code ALREADY_FILED}.
   */
  private static void writeRoute(JsonGenerator g, Store.RouteRow r, boolean receipt) throws IOException {
    g.writeStartObject();
    g.writeStringField("destination", r.destination());
    g.writeStringField("obligation", r.obligation());
    g.writeStringField("status", r.status());
    if (r.coveredBy() != null) {
      g.writeStringField("coveredBy", r.coveredBy());
    }
    if (!receipt && r.externalId() != null) {
      g.writeStringField("externalId", r.externalId());
    }
    if (!receipt && r.deadline() != null) {
      g.writeStringField("deadline", r.deadline().toString());
    }
    g.writeEndObject();
  }

  // --- GET /v1/reports/{id} ---------------------------------------------------------------------

  private Store.StoredReport find(Accounts.Caller caller, String reportId) {
    // Unknown and another platform's ids answer alike: existence is never revealed.
    if (!REPORT_ID.matcher(reportId).matches()) {
      throw Problem.notFound("no such report");
    }
    return store.report(caller.platform(), reportId).orElseThrow(() -> Problem.notFound("no such report"));
  }

  private static byte[] status(Store.StoredReport r) {
    return json(g -> {
      g.writeStartObject();
      g.writeStringField("reportId", r.reportId());
      g.writeStringField("receivedAt", r.receivedAt().toString());
      g.writeStringField("status", r.status());
      g.writeArrayFieldStart("routes");
      for (Store.RouteRow route : r.routes()) {
        writeRoute(g, route, false);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  // --- POST /v1/reports/{id}/retract ------------------------------------------------------------

  private void retract(HttpServletRequest req, HttpServletResponse resp, String reportId) throws IOException {
    Accounts.Caller caller = authenticate(req, accounts, Scope.REPORTS_WRITE);
    String idempotencyKey = req.getHeader("Idempotency-Key");
    if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
      throw Problem.idempotencyKeyMissing();
    }
    find(caller, reportId);
    byte[] body = jsonBody(req, 16 * 1024);
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (IOException e) {
      throw Problem.malformedJson("the body is not well-formed JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw Problem.invalidField("invalid-retraction", "Invalid retraction", "$", "must be a JSON object");
    }
    JsonNode reason = tree.get("reason");
    if (reason == null || !reason.isTextual()) {
      throw Problem.invalidField("invalid-retraction", "Invalid retraction", "reason", "is required, a string");
    }
    String text = reason.asText();
    if (text.isBlank() || text.length() > MAX_REASON) {
      throw Problem.invalidField("invalid-retraction", "Invalid retraction", "reason",
          "must be 1 to " + MAX_REASON + " characters, not blank");
    }
    Store.StoredReport after = store.retract(caller.platform(), reportId, text)
        .orElseThrow(() -> Problem.notFound("no such report"));
    LOG.info("report {} retracted by platform {} (credential {})", reportId, caller.platform(), caller.credentialId());
    try {
      publisher.withdraw(reportId, text);
    } catch (RuntimeException e) {
      // The retraction is stored; the feed is told again when an operator replays it.
      LOG.error("report {}: its indicators could not be withdrawn from the shared feed ({})", reportId,
          e.getClass().getName());
    }
    sendJson(resp, 200, status(after), null);
  }

  /**
   * Publishes what a human-reviewed report of a shared category confirms (digests only; the
   * publisher decides what qualifies), inside the transaction that stores the report. A failure
   * here is logged, its writes are rolled back to their savepoint, and the report is still stored
   * and its receipt still goes out.
   */
  private void share(String reportId, String platform, Report report) {
    try {
      publisher.publish(reportId, platform, report);
    } catch (RuntimeException e) {
      LOG.error("report {}: its digests could not be published to the shared feed ({})", reportId,
          e.getClass().getName());
    }
  }
}
