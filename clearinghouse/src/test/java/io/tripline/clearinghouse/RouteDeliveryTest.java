package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.clearinghouse.routing.RouteDelivery;
import io.tripline.clearinghouse.routing.RouteKey;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.ncmec.NcmecClient;
import io.tripline.report.ncmec.NcmecContact;
import io.tripline.report.ncmec.NcmecEnvironment;
import io.tripline.report.ncmec.NcmecReporter;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.ReportCategory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route delivery end to end: reports posted over HTTP to a clearinghouse configured with NCMEC
 * credentials are filed with a stand-in NCMEC on loopback through the clearinghouse's own outbox;
 * the platform sees the outcome in {@code GET /v1/reports/{id}}.
 */
class RouteDeliveryTest {

  static final String PLATFORM = "example-classifieds";
  static final String NCMEC = "NCMEC_CYBERTIPLINE";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @StartStop
  private final MockWebServer ncmecServer = new MockWebServer();
  private final NcmecDouble ncmec = new NcmecDouble();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ClearinghouseServer> servers = new ArrayList<>();
  private ClearinghouseServer server;
  private String secret;

  @BeforeEach
  void setUp() {
    ncmecServer.setDispatcher(ncmec);
  }

  @AfterEach
  void closeAll() {
    servers.forEach(ClearinghouseServer::close);
  }

  // --- fixtures ---------------------------------------------------------------------------------

  static NcmecReporter reporter() {
    return NcmecReporter.of(NcmecContact.email("Casey", "Operator", "cybertip@clearinghouse.example"));
  }

  NcmecClient ncmecClient() {
    return NcmecClient.builder().environment(NcmecEnvironment.TEST)
        .credentials(NcmecEnvironment.TEST, NcmecDouble.USER, NcmecDouble.PASSWORD.toCharArray())
        .baseUrl(NcmecEnvironment.TEST, ncmecServer.url("/ispws/").toString())
        .readTimeout(Duration.ofSeconds(5)).retries(1, 1).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
  }

  /** A clearinghouse over {@code dir/data}, with fast polls and backoff; with NCMEC if asked. */
  ClearinghouseServer start(boolean withNcmec) {
    return start(withNcmec, r -> {});
  }

  /** As {@link #start(boolean)}, then {@code tuning} applied to route delivery. */
  ClearinghouseServer start(boolean withNcmec, Consumer<RouteDelivery.Builder> tuning) {
    ClearinghouseServer.Builder b = ClearinghouseServer.builder().dataDir(dir.resolve("data")).host("127.0.0.1")
        .port(0).routeTuning(r -> {
          r.poll(Duration.ofMillis(50)).sweepInterval(Duration.ofMillis(300))
              .retries(1000, Duration.ofMillis(50), Duration.ofMillis(200));
          tuning.accept(r);
        });
    if (withNcmec) {
      b.ncmec(ncmecClient(), reporter());
    }
    server = b.build().start();
    servers.add(server);
    server.accounts().addPlatform(PLATFORM);
    if (secret == null) {
      secret = server.accounts().createCredential(PLATFORM, java.util.Set.of(Scope.REPORTS_WRITE)).secret();
    }
    return server;
  }

  void stop() {
    server.close();
    servers.remove(server);
  }

  HttpResponse<String> post(Report report) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/v1/reports")).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + secret).header("Idempotency-Key", report.id())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ReportJson.write(report))).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> retract(String reportId) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/v1/reports/" + reportId + "/retract"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + secret)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"false positive\"}")).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The platform's view of one route of a report. */
  JsonNode route(String reportId, String destination) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/v1/reports/" + reportId))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + secret).GET().build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    for (JsonNode r : JSON.readTree(resp.body()).get("routes")) {
      if (r.get("destination").asText().equals(destination)) {
        return r;
      }
    }
    throw new AssertionError("no route to " + destination + " in " + resp.body());
  }

  String status(String reportId) throws Exception {
    return route(reportId, NCMEC).get("status").asText();
  }

  Optional<OutboxRecord> outboxRecord(String reportId) {
    return server.routes().outboxRecord(new RouteKey(PLATFORM, reportId, NCMEC));
  }

  /** A count query's answer, or an update's row count, on the clearinghouse's SQLite file. */
  long sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement()) {
      if (statement.startsWith("select")) {
        try (ResultSet rs = s.executeQuery(statement)) {
          rs.next();
          return rs.getLong(1);
        }
      }
      return s.executeUpdate(statement);
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  interface Check {
    boolean test() throws Exception;
  }

  static BooleanSupplier unchecked(Check c) {
    return () -> {
      try {
        return c.test();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  // --- tests ------------------------------------------------------------------------------------

  @Test
  void aUsCsamReportIsFiledWithNcmecAsHashesAndThePlatformSeesItDeliveredWithNcmecsId() throws Exception {
    start(true);
    Report report = Fixture.report("u_ncmec_1");
    assertThat(post(report).statusCode()).isEqualTo(201);

    await("the route DELIVERED", unchecked(() -> status(report.id()).equals("DELIVERED")));

    assertThat(ncmec.finished()).hasSize(1);
    NcmecDouble.Filed filed = ncmec.finished().get(0);
    assertThat(route(report.id(), NCMEC).get("externalId").asText()).isEqualTo(Long.toString(filed.id));
    // Hash-only: no upload, the digests travel in the report XML, filed as the operator's account.
    assertThat(ncmec.calls()).containsExactly("submit", "finish");
    assertThat(filed.xml).contains(Fixture.SHA256).contains(Fixture.MD5).contains("cybertip@clearinghouse.example")
        .contains("<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>");
    try (Store store = Store.sqlite(dir.resolve("data"), java.time.Clock.systemUTC())) {
      assertThat(store.routeEvents(PLATFORM, report.id(), NCMEC)).singleElement().satisfies(e -> {
        assertThat(e.actor()).isEqualTo("adapter:ncmec");
        assertThat(e.to()).hasToString("DELIVERED");
        assertThat(e.externalId()).isEqualTo(Long.toString(filed.id));
      });
    }
  }

  @Test
  void ncmecDownDuringTheFirstServersLifeThenARestartFilesTheReportExactlyOnce() throws Exception {
    ncmec.down = true;
    start(true);
    Report report = Fixture.report("u_ncmec_2");
    assertThat(post(report).statusCode()).isEqualTo(201);
    await("a failed attempt", unchecked(() -> status(report.id()).equals("FAILED_RETRYABLE")));
    assertThat(route(report.id(), NCMEC).has("externalId")).isFalse();
    stop();

    ncmec.down = false;
    start(true);
    await("the route DELIVERED", unchecked(() -> status(report.id()).equals("DELIVERED")));
    // Give a second filing every chance to happen.
    server.routes().sweep();
    Thread.sleep(300);

    assertThat(ncmec.reports()).hasSize(1);
    assertThat(ncmec.finished()).hasSize(1);
    assertThat(route(report.id(), NCMEC).get("externalId").asText()).isEqualTo(Long.toString(ncmec.reports().get(0).id));
    OutboxRecord record = outboxRecord(report.id()).orElseThrow();
    assertThat(record.state()).isEqualTo(OutboxState.DELIVERED);
    assertThat(record.attempts()).isGreaterThan(1);
  }

  @Test
  void aReportStoredBeforeItsHandOverIsHandedOverAfterARestartAndASecondHandOverIsOneEntry() throws Exception {
    // No NCMEC configured: stored, routed, never handed over (as if the process died right after intake).
    start(false);
    Report report = Fixture.report("u_ncmec_3");
    assertThat(post(report).statusCode()).isEqualTo(201);
    Thread.sleep(300);
    assertThat(status(report.id())).isEqualTo("PENDING");
    assertThat(ncmec.calls()).isEmpty();
    stop();

    ncmec.down = true;
    start(true, r -> r.sweepInterval(Duration.ofHours(1))); // the sweep at start, then only when asked
    await("the hand-over at start", unchecked(() -> sql("select count(*) from ch_route_delivery") == 1));
    assertThat(outboxRecord(report.id())).isPresent();
    // A crash between the outbox entry and the hand-over's record: the next sweep hands it over again.
    assertThat(sql("delete from ch_route_delivery")).isEqualTo(1);
    assertThat(server.routes().sweep()).isEqualTo(1);
    assertThat(sql("select count(*) from ch_route_delivery")).isEqualTo(1);
    ncmec.down = false;
    await("the route DELIVERED", unchecked(() -> status(report.id()).equals("DELIVERED")));
    Thread.sleep(300);

    assertThat(ncmec.reports()).hasSize(1);
    assertThat(ncmec.finished()).hasSize(1);
  }

  @Test
  void aReportRetractedBeforeDeliveryIsNeverFiled() throws Exception {
    ncmec.down = true;
    start(true);
    Report report = Fixture.report("u_ncmec_4");
    assertThat(post(report).statusCode()).isEqualTo(201);
    await("a failed attempt", unchecked(() -> status(report.id()).equals("FAILED_RETRYABLE")));

    assertThat(retract(report.id()).statusCode()).isEqualTo(200);
    ncmec.down = false;
    await("the outbox entry settled", () -> outboxRecord(report.id()).map(r -> r.state() == OutboxState.DEAD)
        .orElse(false));

    assertThat(ncmec.reports()).isEmpty();
    assertThat(status(report.id())).isEqualTo("RETRACTED");
    assertThat(outboxRecord(report.id()).orElseThrow().lastError()).contains("RETRACTED: not filed");
    try (Store store = Store.sqlite(dir.resolve("data"), java.time.Clock.systemUTC())) {
      assertThat(store.routeEvents(PLATFORM, report.id(), NCMEC)).extracting(e -> e.actor() + " " + e.to())
          .containsExactly("adapter:ncmec FAILED_RETRYABLE", "platform:" + PLATFORM + " RETRACTED");
    }
  }

  @Test
  void aRetractionWhileNcmecHoldsTheUnfinishedReportRetractsItThereAndNothingIsFiled() throws Exception {
    start(true);
    Report report = Fixture.report("u_ncmec_5");
    AtomicBoolean once = new AtomicBoolean();
    // The platform retracts while NCMEC is opening the report: after submit, before finish.
    ncmec.onSubmit = () -> {
      if (once.compareAndSet(false, true)) {
        try {
          assertThat(retract(report.id()).statusCode()).isEqualTo(200);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    };
    assertThat(post(report).statusCode()).isEqualTo(201);
    await("the outbox entry settled", () -> outboxRecord(report.id()).map(r -> r.state() == OutboxState.DEAD)
        .orElse(false));

    assertThat(ncmec.reports()).singleElement().satisfies(r -> {
      assertThat(r.retracted).isTrue();
      assertThat(r.finished).isFalse();
    });
    assertThat(ncmec.calls()).containsExactly("submit", "retract");
    assertThat(status(report.id())).isEqualTo("RETRACTED");
  }

  @Test
  void aCategoryNcmecDoesNotTakeAndARouteThePlatformFilesItselfNeverReachNcmec() throws Exception {
    start(true);
    Report adult = Fixture.report("u_ncmec_6").toBuilder().category(ReportCategory.ADULT_TRAFFICKING).build();
    Report filedByPlatform = Fixture.report("u_ncmec_7").withAlreadyFiled(List.of(NCMEC));
    Report csam = Fixture.report("u_ncmec_8");
    assertThat(post(adult).statusCode()).isEqualTo(201);
    assertThat(post(filedByPlatform).statusCode()).isEqualTo(201);
    assertThat(post(csam).statusCode()).isEqualTo(201);

    // The adapter is running: the one report it should file, it files.
    await("the CSAM route DELIVERED", unchecked(() -> status(csam.id()).equals("DELIVERED")));
    server.routes().sweep();
    Thread.sleep(300);

    assertThat(ncmec.reports()).hasSize(1);
    assertThat(ncmec.finished().get(0).xml).doesNotContain("u_ncmec_6").doesNotContain("u_ncmec_7");
    assertThat(route(adult.id(), "HUMAN_TRAFFICKING_TIP_LINE").get("status").asText()).isEqualTo("PENDING");
    assertThat(status(filedByPlatform.id())).isEqualTo("ALREADY_FILED");
    assertThat(outboxRecord(adult.id())).isEmpty();
    assertThat(outboxRecord(filedByPlatform.id())).isEmpty();
  }

  @Test
  void anAdapterOutOfRetriesLeavesTheRouteFailedPermanentAndAnOperatorsRetryFilesItOnce() throws Exception {
    ncmec.down = true;
    start(true, r -> r.retries(2, Duration.ofMillis(20), Duration.ofMillis(40)));
    Report report = Fixture.report("u_ncmec_9");
    assertThat(post(report).statusCode()).isEqualTo(201);

    await("the route FAILED_PERMANENT", unchecked(() -> status(report.id()).equals("FAILED_PERMANENT")));

    assertThat(outboxRecord(report.id()).orElseThrow().state()).isEqualTo(OutboxState.DEAD);
    assertThat(ncmec.reports()).isEmpty();
    try (Store store = Store.sqlite(dir.resolve("data"), java.time.Clock.systemUTC())) {
      assertThat(store.routeEvents(PLATFORM, report.id(), NCMEC)).extracting(e -> e.to().name())
          .containsExactly("FAILED_RETRYABLE", "FAILED_PERMANENT");
      assertThat(store.routes(null, NCMEC, PLATFORM, 10)).singleElement().satisfies(r -> {
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.lastError()).contains("HTTP 503");
      });
    }

    // NCMEC is back: an operator sends the route back to the adapter, which files it once.
    ncmec.down = false;
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new ClearinghouseMain());
    cli.setOut(new java.io.PrintWriter(out, true));
    assertThat(cli.execute("routes", "retry", PLATFORM, report.id(), NCMEC, "--note", "NCMEC is reachable again",
        "--operator", "alice", "--data", dir.resolve("data").toString())).as(out.toString()).isZero();
    await("the route DELIVERED", unchecked(() -> status(report.id()).equals("DELIVERED")));
    assertThat(ncmec.finished()).hasSize(1);
    assertThat(ncmec.reports()).hasSize(1);
    try (Store store = Store.sqlite(dir.resolve("data"), java.time.Clock.systemUTC())) {
      assertThat(store.routeEvents(PLATFORM, report.id(), NCMEC)).extracting(e -> e.actor() + " " + e.to())
          .containsExactly("adapter:ncmec FAILED_RETRYABLE", "adapter:ncmec FAILED_PERMANENT", "operator:alice PENDING",
              "adapter:ncmec DELIVERED");
    }
  }

  @Test
  void aRouteAnOperatorFiledByHandWhileItWasQueuedIsNotFiledAgain() throws Exception {
    ncmec.down = true;
    start(true);
    Report report = Fixture.report("u_ncmec_10");
    assertThat(post(report).statusCode()).isEqualTo(201);
    await("a failed attempt", unchecked(() -> status(report.id()).equals("FAILED_RETRYABLE")));

    picocli.CommandLine cli = new picocli.CommandLine(new ClearinghouseMain());
    assertThat(cli.execute("routes", "mark-delivered", PLATFORM, report.id(), NCMEC, "--external-id", "555000111",
        "--note", "filed on the web form", "--operator", "alice", "--data", dir.resolve("data").toString())).isZero();
    ncmec.down = false;
    await("the outbox entry settled", () -> outboxRecord(report.id())
        .map(r -> r.state() == OutboxState.DELIVERED).orElse(false));

    // Nothing filed; an attempt already under way when the operator acted may have opened a
    // report at NCMEC, which the adapter's check after the submit then retracted.
    assertThat(ncmec.finished()).isEmpty();
    assertThat(ncmec.reports()).allSatisfy(r -> assertThat(r.retracted).isTrue());
    JsonNode route = route(report.id(), NCMEC);
    assertThat(route.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(route.get("externalId").asText()).isEqualTo("555000111");
  }
}
