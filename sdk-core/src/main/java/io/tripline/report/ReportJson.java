package io.tripline.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.Route;
import io.tripline.rules.RoutingDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON forms of reports, exactly as the clearinghouse protocol writes them: fields in the
 * protocol's order, compact, UTF-8, instants in ISO-8601 UTC, absent optional fields left out.
 * The same report always gives the same bytes.
 *
 * <ul>
 *   <li>{@link #write(Report)}: the {@code POST /v1/reports} body. The only form that carries
 *       subjects, victims included; it goes to the clearinghouse and nowhere else.
 *   <li>{@link #writeStored(Report)}: the same body and the report's {@code routes} plan, for the
 *       platform's own store; {@link #read(byte[])} reads either form back (round trip: equal
 *       report, equal bytes).
 *   <li>{@link #writeFeedShare(FeedShare)}: the feed-facing form; it has no subject to write.
 * </ul>
 *
 * <p>Reading is strict (our own bodies): unknown fields, fields of the wrong kind and invalid
 * values are refused with an {@link InvalidReportException} naming the JSON path.
 */
public final class ReportJson {

  /** The largest report body read: reports are a few kilobytes. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final Set<String> ROOT = Set.of("schemaVersion", "incident", "detection", "subjects", "evidence",
      "jurisdiction", "notifySubject", "routes");
  private static final Set<String> INCIDENT = Set.of("category", "occurredAt", "knowledgeAt", "urgent", "platform");
  private static final Set<String> DETECTION = Set.of("method", "humanReviewed", "matches");
  private static final Set<String> MATCH = Set.of("feed", "indicator", "signalType", "distance");
  private static final Set<String> SUBJECT = Set.of("role", "platformUserId", "screenName", "ipEvents");
  private static final Set<String> IP_EVENT = Set.of("ip", "event", "at");
  private static final Set<String> EVIDENCE = Set.of("evidenceId", "digests", "humanViewed", "mode");
  private static final Set<String> DIGESTS = Set.of("sha256", "md5", "pdq", "pdqQuality");
  private static final Set<String> JURISDICTION = Set.of("providerCountries", "subjectCountries",
      "alreadyFiled");
  private static final Set<String> ROUTES = Set.of("reportedAt", "filings", "preservation", "noTippingOff");
  private static final Set<String> FILING = Set.of("destination", "status", "obligation", "deadline", "coveredBy");
  private static final Set<String> PRESERVATION = Set.of("until", "basis");

  private ReportJson() {}

  /** The protocol body of {@code report}: what is POSTed, byte for byte. */
  public static byte[] write(Report report) {
    return generate(g -> writeReport(g, report, false));
  }

  /** The protocol body with the report's {@code routes} plan (if any) as a last field: the stored form. */
  public static byte[] writeStored(Report report) {
    return generate(g -> writeReport(g, report, true));
  }

  /** The feed-facing form: {@code {"category":...,"digests":[{...}]}}. */
  public static byte[] writeFeedShare(FeedShare share) {
    Objects.requireNonNull(share, "share");
    return generate(g -> {
      g.writeStartObject();
      g.writeStringField("category", share.category().name());
      g.writeArrayFieldStart("digests");
      for (Report.Digests d : share.digests()) {
        writeDigests(g, d);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * Reads a report body, in the protocol or the stored form.
   *
   * @throws InvalidReportException naming the JSON path, if it is not a valid report
   */
  public static Report read(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > MAX_BYTES) {
      throw Check.invalid("$", "is larger than " + MAX_BYTES + " bytes");
    }
    JsonFields root = JsonFields.parse(json, "the report").known(ROOT);
    String schemaVersion = root.string("schemaVersion");
    JsonFields inc = root.object("incident", INCIDENT);
    Report.Incident incident = Check.within("incident", () -> new Report.Incident(
        inc.enumValue("category", ReportCategory.class), inc.instant("occurredAt"), inc.instant("knowledgeAt"),
        inc.bool("urgent"), inc.string("platform")));
    JsonFields det = root.object("detection", DETECTION);
    Report.Detection.Method method = det.enumValue("method", Report.Detection.Method.class);
    boolean humanReviewed = det.bool("humanReviewed");
    List<Report.IndicatorMatch> matches = det.array("matches", true, Report.MAX_MATCHES, (n, p) -> {
      JsonFields m = JsonFields.of(n, p, MATCH);
      return Check.within(p, () -> new Report.IndicatorMatch(m.string("feed"), m.string("indicator"),
          m.string("signalType"), m.integer("distance")));
    });
    Report.Detection detection = Check.within("detection", () -> new Report.Detection(method, humanReviewed, matches));
    List<Subject> subjects = root.array("subjects", true, Report.MAX_SUBJECTS, ReportJson::readSubject);
    List<Report.Evidence> evidence = root.array("evidence", true, Report.MAX_EVIDENCE, (n, p) -> {
      JsonFields e = JsonFields.of(n, p, EVIDENCE);
      JsonFields d = e.object("digests", DIGESTS);
      Report.Digests digests = Check.within(p + ".digests", () -> new Report.Digests(d.string("sha256"),
          d.optString("md5"), d.optString("pdq"), d.optInt("pdqQuality")));
      return Check.within(p, () -> new Report.Evidence(e.string("evidenceId"), digests, e.bool("humanViewed"),
          e.enumValue("mode", Report.EvidenceMode.class)));
    });
    JsonFields jur = root.object("jurisdiction", JURISDICTION);
    Report.Jurisdiction jurisdiction = Check.within("jurisdiction", () -> new Report.Jurisdiction(
        jur.strings("providerCountries", true, 300), jur.strings("subjectCountries", true, 300),
        jur.has("alreadyFiled") ? jur.strings("alreadyFiled", true, Report.Jurisdiction.MAX_ALREADY_FILED)
            : List.of()));
    boolean notifySubject = root.bool("notifySubject");
    RoutePlan routes = root.has("routes") ? readRoutes(root.object("routes", ROUTES)) : null;
    return new Report(schemaVersion, incident, detection, subjects, evidence, jurisdiction, notifySubject, routes);
  }

  private static Subject readSubject(JsonNode node, String path) {
    JsonFields s = JsonFields.of(node, path, SUBJECT);
    Subject.SubjectRole role = s.enumValue("role", Subject.SubjectRole.class);
    List<Subject.IpEvent> events = s.array("ipEvents", true, Subject.MAX_IP_EVENTS, (n, p) -> {
      JsonFields e = JsonFields.of(n, p, IP_EVENT);
      return Check.within(p, () -> new Subject.IpEvent(e.string("ip"), e.enumValue("event", Subject.IpEventType.class),
          e.instant("at")));
    });
    return Check.within(path, () -> role == Subject.SubjectRole.VICTIM
        ? new Subject.Victim(s.optString("platformUserId"), s.optString("screenName"), events)
        : new Subject.Involved(role, s.optString("platformUserId"), s.optString("screenName"), events));
  }

  private static RoutePlan readRoutes(JsonFields r) {
    List<RoutePlan.Filing> filings = r.array("filings", true, 1000, (n, p) -> {
      JsonFields f = JsonFields.of(n, p, FILING);
      return Check.within(p, () -> new RoutePlan.Filing(f.string("destination"),
          f.enumValue("status", RoutingDecision.Status.class), f.enumValue("obligation", Route.Obligation.class),
          f.optInstant("deadline"), f.optString("coveredBy")));
    });
    RoutePlan.Preservation preservation = null;
    if (r.has("preservation")) {
      JsonFields p = r.object("preservation", PRESERVATION);
      preservation = Check.within(r.path("preservation"),
          () -> new RoutePlan.Preservation(p.instant("until"), p.string("basis")));
    }
    return new RoutePlan(r.instant("reportedAt"), filings, preservation, r.bool("noTippingOff"));
  }

  // --- Writing ------------------------------------------------------------------------------

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] generate(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = JsonFields.JSON.getFactory().createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return out.toByteArray();
  }

  private static void writeReport(JsonGenerator g, Report report, boolean stored) throws IOException {
    g.writeStartObject();
    g.writeStringField("schemaVersion", report.schemaVersion());
    Report.Incident incident = report.incident();
    g.writeObjectFieldStart("incident");
    g.writeStringField("category", incident.category().name());
    instant(g, "occurredAt", incident.occurredAt());
    instant(g, "knowledgeAt", incident.knowledgeAt());
    g.writeBooleanField("urgent", incident.urgent());
    g.writeStringField("platform", incident.platform());
    g.writeEndObject();
    Report.Detection detection = report.detection();
    g.writeObjectFieldStart("detection");
    g.writeStringField("method", detection.method().name());
    g.writeBooleanField("humanReviewed", detection.humanReviewed());
    g.writeArrayFieldStart("matches");
    for (Report.IndicatorMatch m : detection.matches()) {
      g.writeStartObject();
      g.writeStringField("feed", m.feed());
      g.writeStringField("indicator", m.indicator());
      g.writeStringField("signalType", m.signalType());
      g.writeNumberField("distance", m.distance());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeArrayFieldStart("subjects");
    for (Subject s : report.subjects()) {
      g.writeStartObject();
      g.writeStringField("role", s.role().name());
      optional(g, "platformUserId", s.platformUserId());
      optional(g, "screenName", s.screenName());
      g.writeArrayFieldStart("ipEvents");
      for (Subject.IpEvent e : s.ipEvents()) {
        g.writeStartObject();
        g.writeStringField("ip", e.ip());
        g.writeStringField("event", e.event().name());
        instant(g, "at", e.at());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("evidence");
    for (Report.Evidence e : report.evidence()) {
      g.writeStartObject();
      g.writeStringField("evidenceId", e.evidenceId());
      g.writeFieldName("digests");
      writeDigests(g, e.digests());
      g.writeBooleanField("humanViewed", e.humanViewed());
      g.writeStringField("mode", e.mode().name());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("jurisdiction");
    strings(g, "providerCountries", report.jurisdiction().providerCountries());
    strings(g, "subjectCountries", report.jurisdiction().subjectCountries());
    if (!report.jurisdiction().alreadyFiled().isEmpty()) {
      strings(g, "alreadyFiled", report.jurisdiction().alreadyFiled());
    }
    g.writeEndObject();
    g.writeBooleanField("notifySubject", report.notifySubject());
    RoutePlan routes = report.routes();
    if (stored && routes != null) {
      g.writeObjectFieldStart("routes");
      instant(g, "reportedAt", routes.reportedAt());
      g.writeArrayFieldStart("filings");
      for (RoutePlan.Filing f : routes.filings()) {
        g.writeStartObject();
        g.writeStringField("destination", f.destination());
        g.writeStringField("status", f.status().name());
        g.writeStringField("obligation", f.obligation().name());
        if (f.deadline() != null) {
          instant(g, "deadline", f.deadline());
        }
        optional(g, "coveredBy", f.coveredBy());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (routes.preservation() != null) {
        g.writeObjectFieldStart("preservation");
        instant(g, "until", routes.preservation().until());
        g.writeStringField("basis", routes.preservation().basis());
        g.writeEndObject();
      }
      g.writeBooleanField("noTippingOff", routes.noTippingOff());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeDigests(JsonGenerator g, Report.Digests d) throws IOException {
    g.writeStartObject();
    g.writeStringField("sha256", d.sha256());
    optional(g, "md5", d.md5());
    optional(g, "pdq", d.pdq());
    if (d.pdqQuality() != null) {
      g.writeNumberField("pdqQuality", d.pdqQuality());
    }
    g.writeEndObject();
  }

  private static void instant(JsonGenerator g, String name, Instant instant) throws IOException {
    g.writeStringField(name, instant.toString());
  }

  private static void optional(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
