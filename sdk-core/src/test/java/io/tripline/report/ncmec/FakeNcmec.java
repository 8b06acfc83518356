package io.tripline.report.ncmec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A fake of the NCMEC CyberTipline reporting API for tests: one server holds both environments
 * under {@code /test/ispws} and {@code /prod/ispws}, each with its own Basic credentials. It
 * enforces the sequence (no upload or fileinfo before submit, no finish before a fileinfo for
 * every intact upload), validates the report and fileDetails XML against the schema, answers the
 * documented response codes, and deletes unfinished reports by its own clock (24 h after opening,
 * 1 h after the last change). Codes or HTTP statuses can be scripted per endpoint.
 */
final class FakeNcmec extends Dispatcher {

  static final class Report {
    final long id;
    final String environment;
    final String xml;
    final Instant openedAt;
    Instant lastChange;
    final Map<String, File> files = new LinkedHashMap<>();
    boolean finished;
    boolean retracted;
    int finishCalls;

    Report(long id, String environment, String xml, Instant openedAt) {
      this.id = id;
      this.environment = environment;
      this.xml = xml;
      this.openedAt = openedAt;
      this.lastChange = openedAt;
    }
  }

  static final class File {
    final String id;
    final String name;
    final byte[] content;
    final boolean damaged;
    @Nullable String detailsXml;

    File(String id, String name, byte[] content, boolean damaged) {
      this.id = id;
      this.name = name;
      this.content = content;
      this.damaged = damaged;
    }
  }

  private static final Pattern REPORT_ID = Pattern.compile("<reportId>\\s*(\\d+)\\s*</reportId>");
  private static final Pattern FILE_ID = Pattern.compile("<fileId>\\s*([^<\\s]+)\\s*</fileId>");

  private final Clock clock;
  private final Map<String, String> authorization = new HashMap<>();
  private final Map<Long, Report> reports = new LinkedHashMap<>();
  private final Map<Long, Report> deleted = new LinkedHashMap<>();
  private final Map<String, Deque<Integer>> scriptedCodes = new HashMap<>();
  private final Map<String, Deque<Integer>> scriptedStatuses = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final AtomicLong nextReportId = new AtomicLong(70_000_001L);
  private final AtomicLong nextFileId = new AtomicLong(1);
  private final AtomicLong nextRequestId = new AtomicLong(1);
  private int damageNext;
  private boolean loseNextFile;

  FakeNcmec(Clock clock) {
    this.clock = clock;
  }

  FakeNcmec credentials(String environment, String username, String password) {
    authorization.put(environment, Credentials.basic(username, password, StandardCharsets.UTF_8));
    return this;
  }

  /** The next calls of {@code endpoint} answer these codes, without effect. */
  synchronized FakeNcmec script(String endpoint, Integer... codes) {
    scriptedCodes.computeIfAbsent(endpoint, k -> new ArrayDeque<>()).addAll(List.of(codes));
    return this;
  }

  /** The next calls of {@code endpoint} answer these HTTP statuses, without effect. */
  synchronized FakeNcmec scriptHttp(String endpoint, Integer... statuses) {
    scriptedStatuses.computeIfAbsent(endpoint, k -> new ArrayDeque<>()).addAll(List.of(statuses));
    return this;
  }

  /** The next {@code n} uploads arrive damaged: stored, with the MD5 of other bytes answered. */
  synchronized FakeNcmec damageNextUploads(int n) {
    damageNext = n;
    return this;
  }

  /** The next fileinfo finds its file deleted (5002), as if NCMEC had lost it. */
  synchronized FakeNcmec loseNextFile() {
    loseNextFile = true;
    return this;
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized List<Report> reports() {
    return List.copyOf(reports.values());
  }

  synchronized List<Report> deleted() {
    return List.copyOf(deleted.values());
  }

  synchronized List<Report> finished() {
    return reports.values().stream().filter(r -> r.finished).toList();
  }

  synchronized long count(String endpoint) {
    return calls.stream().filter(endpoint::equals).count();
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String requestId = "req-" + nextRequestId.getAndIncrement();
    List<String> segments = request.getUrl().pathSegments();
    if (segments.size() != 3 || !segments.get(1).equals("ispws") || !"POST".equals(request.getMethod())) {
      return new MockResponse.Builder().code(404).addHeader("Request-ID", requestId).build();
    }
    String environment = segments.get(0);
    String endpoint = segments.get(2);
    calls.add(endpoint);
    String expected = authorization.get(environment);
    if (expected == null || !expected.equals(request.getHeaders().get("Authorization"))) {
      return new MockResponse.Builder().code(401).addHeader("Request-ID", requestId)
          .body(response(2000, "Unauthorized", null, null, null)).build();
    }
    Deque<Integer> status = scriptedStatuses.get(endpoint);
    if (status != null && !status.isEmpty()) {
      return new MockResponse.Builder().code(status.poll()).addHeader("Request-ID", requestId).build();
    }
    Deque<Integer> codes = scriptedCodes.get(endpoint);
    if (codes != null && !codes.isEmpty()) {
      int code = codes.poll();
      return ok(requestId, response(code, "scripted " + code, null, null, null));
    }
    expire();
    ByteString body = request.getBody() == null ? ByteString.EMPTY : request.getBody();
    try {
      return ok(requestId, switch (endpoint) {
        case "submit" -> submit(environment, body.utf8());
        case "upload" -> upload(environment, request, body);
        case "fileinfo" -> fileinfo(environment, body.utf8());
        case "finish" -> finish(environment, form(body.utf8()));
        case "retract" -> retract(environment, form(body.utf8()));
        default -> response(4999, "no such endpoint " + endpoint, null, null, null);
      });
    } catch (IOException e) {
      return ok(requestId, response(4003, "unreadable request: " + e.getMessage(), null, null, null));
    }
  }

  private void expire() {
    Instant now = clock.instant();
    reports.values().removeIf(r -> {
      boolean gone = !r.finished && !r.retracted && (!now.isBefore(r.openedAt.plus(Duration.ofHours(24)))
          || !now.isBefore(r.lastChange.plus(Duration.ofHours(1))));
      if (gone) {
        deleted.put(r.id, r);
      }
      return gone;
    });
  }

  private String submit(String environment, String xml) {
    try {
      NcmecXml.validate(xml, "report");
    } catch (NcmecSchemaException e) {
      return response(4100, e.getMessage(), null, null, null);
    }
    long id = nextReportId.getAndIncrement();
    reports.put(id, new Report(id, environment, xml, clock.instant()));
    return response(0, "Success", id, null, null);
  }

  private String upload(String environment, RecordedRequest request, ByteString body) throws IOException {
    MediaType type = MediaType.parse(String.valueOf(request.getHeaders().get("Content-Type")));
    String boundary = type == null ? null : type.parameter("boundary");
    if (boundary == null) {
      return response(4001, "upload is not multipart", null, null, null);
    }
    String id = null;
    String name = null;
    byte[] content = null;
    try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
      MultipartReader.Part part;
      while ((part = reader.nextPart()) != null) {
        String disposition = String.valueOf(part.headers().get("Content-Disposition"));
        Matcher m = Pattern.compile("name=\"([^\"]*)\"").matcher(disposition);
        String field = m.find() ? m.group(1) : "";
        if (field.equals("id")) {
          id = part.body().readUtf8();
        } else if (field.equals("file")) {
          Matcher fn = Pattern.compile("filename=\"([^\"]*)\"").matcher(disposition);
          name = fn.find() ? fn.group(1) : "";
          content = part.body().readByteArray();
        }
      }
    }
    if (id == null || content == null) {
      return response(4001, "upload needs the parts id and file", null, null, null);
    }
    Report report = open(environment, Long.parseLong(id), "upload");
    if (report == null) {
      return response(5001, "report " + id + " not found", null, null, null);
    }
    if (report.finished) {
      return response(5102, "report already finished", report.id, null, null);
    }
    if (report.retracted) {
      return response(5101, "report already retracted", report.id, null, null);
    }
    String fileId = "f" + nextFileId.getAndIncrement();
    boolean damaged = damageNext > 0;
    if (damaged) {
      damageNext--;
    }
    report.files.put(fileId, new File(fileId, name, content, damaged));
    report.lastChange = clock.instant();
    String md5 = NcmecClient.md5(damaged ? "damaged in transit".getBytes(StandardCharsets.UTF_8) : content);
    return response(0, "Success", report.id, fileId, md5);
  }

  private String fileinfo(String environment, String xml) {
    try {
      NcmecXml.validate(xml, "fileDetails");
    } catch (NcmecSchemaException e) {
      return response(4100, e.getMessage(), null, null, null);
    }
    Matcher r = REPORT_ID.matcher(xml);
    Matcher f = FILE_ID.matcher(xml);
    if (!r.find() || !f.find()) {
      return response(4101, "fileDetails without reportId or fileId", null, null, null);
    }
    Report report = open(environment, Long.parseLong(r.group(1)), "fileinfo");
    if (report == null) {
      return response(5001, "report not found", null, null, null);
    }
    if (report.finished) {
      return response(5102, "report already finished", report.id, null, null);
    }
    if (report.retracted) {
      return response(5101, "report already retracted", report.id, null, null);
    }
    if (loseNextFile) {
      loseNextFile = false;
      report.files.remove(f.group(1));
    }
    File file = report.files.get(f.group(1));
    if (file == null) {
      return response(5002, "file " + f.group(1) + " not found", report.id, null, null);
    }
    file.detailsXml = xml;
    report.lastChange = clock.instant();
    return response(0, "Success", report.id, file.id, null);
  }

  private String finish(String environment, Map<String, String> form) {
    Report report = open(environment, Long.parseLong(form.getOrDefault("id", "-1")), "finish");
    if (report == null) {
      return response(5001, "report not found", null, null, null);
    }
    report.finishCalls++;
    if (report.retracted) {
      return response(5101, "report already retracted", report.id, null, null);
    }
    if (report.finished) {
      return response(5102, "report already finished", report.id, null, null);
    }
    for (File file : report.files.values()) {
      if (!file.damaged && file.detailsXml == null) {
        violations.add("finish of report " + report.id + " before fileinfo of " + file.id);
        return response(4200, "file " + file.id + " has no file details", report.id, null, null);
      }
    }
    report.finished = true;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><reportDoneResponse>"
        + "<responseCode>0</responseCode><reportId>" + report.id + "</reportId><files>");
    for (File file : report.files.values()) {
      xml.append("<fileId>").append(file.id).append("</fileId>");
    }
    return xml.append("</files></reportDoneResponse>").toString();
  }

  private String retract(String environment, Map<String, String> form) {
    Report report = open(environment, Long.parseLong(form.getOrDefault("id", "-1")), "retract");
    if (report == null) {
      return response(5001, "report not found", null, null, null);
    }
    if (report.finished) {
      return response(5102, "report already finished", report.id, null, null);
    }
    if (report.retracted) {
      return response(5101, "report already retracted", report.id, null, null);
    }
    report.retracted = true;
    return response(0, "Success", report.id, null, null);
  }

  /** The report, if it exists in this environment; a call on a report never opened is a violation. */
  private @Nullable Report open(String environment, long id, String endpoint) {
    Report report = reports.get(id);
    if (report == null && !deleted.containsKey(id)) {
      violations.add(endpoint + " of report " + id + " that was never submitted");
    }
    if (report != null && !report.environment.equals(environment)) {
      violations.add(endpoint + " of report " + id + " in another environment");
      return null;
    }
    return report;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static MockResponse ok(String requestId, String xml) {
    return new MockResponse.Builder().code(200).addHeader("Request-ID", requestId)
        .addHeader("Content-Type", "application/xml").body(xml).build();
  }

  static String response(int code, String description, @Nullable Long reportId, @Nullable String fileId,
      @Nullable String hash) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><reportResponse><responseCode>")
        .append(code).append("</responseCode><responseDescription>").append(escape(description))
        .append("</responseDescription>");
    if (reportId != null) {
      xml.append("<reportId>").append(reportId).append("</reportId>");
    }
    if (fileId != null) {
      xml.append("<fileId>").append(fileId).append("</fileId>");
    }
    if (hash != null) {
      xml.append("<hash>").append(hash).append("</hash>");
    }
    return xml.append("</reportResponse>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
