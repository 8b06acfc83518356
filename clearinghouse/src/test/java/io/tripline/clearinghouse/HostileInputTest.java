package io.tripline.clearinghouse;

import static io.tripline.clearinghouse.ReportIntakeTest.assertProblem;
import static io.tripline.clearinghouse.ReportIntakeTest.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every hostile request is refused with the right status and a problem+json body. */
class HostileInputTest {

  @TempDir Path dir;
  private Fixture ch;
  private String secret;
  private Report report;
  private String body;

  @BeforeEach
  void start() {
    ch = Fixture.start(dir);
    secret = ch.credential("example-classifieds", Scope.REPORTS_WRITE);
    report = Fixture.report("u_998");
    body = new String(ReportJson.write(report), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    ch.close();
  }

  @Test
  void aMissingCredentialIs401() throws Exception {
    HttpResponse<String> r = ch.post("/v1/reports", null, report.id(), body);
    assertProblem(r, 401, "unauthorized");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void anUnknownCredentialIs401AndIsNotEchoed() throws Exception {
    HttpResponse<String> r = ch.post("/v1/reports", "tl_not-a-real-credential-0123456789", report.id(), body);
    assertProblem(r, 401, "unauthorized");
    assertThat(r.body()).doesNotContain("tl_not-a-real-credential");
  }

  @Test
  void aCredentialWithoutReportsWriteIs403() throws Exception {
    String feedsOnly = ch.credential("example-classifieds", Scope.FEEDS_READ);
    assertProblem(ch.post("/v1/reports", feedsOnly, report.id(), body), 403, "forbidden");
  }

  @Test
  void aRevokedCredentialIs401() throws Exception {
    ch.server.accounts().addPlatform("other");
    Accounts.IssuedCredential c = ch.server.accounts().createCredential("other",
        java.util.Set.of(Scope.REPORTS_WRITE));
    assertThat(ch.post("/v1/reports", c.secret(), report.id(), body).statusCode()).isEqualTo(201);
    assertThat(ch.server.accounts().revokeCredential(c.id())).isTrue();
    assertProblem(ch.post("/v1/reports", c.secret(), report.id(), body), 401, "unauthorized");
    assertProblem(ch.send("GET", "/v1/reports/" + report.id(), c.secret()), 401, "unauthorized");
  }

  @Test
  void aMissingIdempotencyKeyIs400() throws Exception {
    HttpResponse<String> r = ch.post("/v1/reports", secret, null, body);
    assertProblem(r, 400, "idempotency-key-required");
    assertThat(field(r)).isEqualTo("Idempotency-Key");
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    assertProblem(ch.post("/v1/reports", secret, report.id(), "text/plain", body.getBytes(StandardCharsets.UTF_8)),
        415, "unsupported-media-type");
  }

  @Test
  void anOversizeBodyIs413() throws Exception {
    byte[] big = new byte[(int) ClearinghouseServer.DEFAULT_MAX_BODY_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    assertProblem(ch.post("/v1/reports", secret, report.id(), "application/json", big), 413, "body-too-large");
  }

  @Test
  void anOversizeChunkedBodyWithoutALengthIs413Too() throws Exception {
    byte[] big = new byte[(int) ClearinghouseServer.DEFAULT_MAX_BODY_BYTES * 2];
    Arrays.fill(big, (byte) ' ');
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ch.base + "/v1/reports"))
        .header("Authorization", "Bearer " + secret).header("Idempotency-Key", report.id())
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
        .build();
    HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request,
        HttpResponse.BodyHandlers.ofString());
    assertProblem(r, 413, "body-too-large");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertProblem(ch.post("/v1/reports", secret, report.id(), "{\"schemaVersion\":\"1\","), 400, "malformed-json");
  }

  @Test
  void aWrongTypeIs422NamingTheField() throws Exception {
    String wrong = body.replace("\"urgent\":false", "\"urgent\":\"no\"");
    assertThat(wrong).isNotEqualTo(body);
    HttpResponse<String> r = ch.post("/v1/reports", secret, report.id(), wrong);
    assertProblem(r, 422, "invalid-report");
    assertThat(field(r)).isEqualTo("incident.urgent");
  }

  @Test
  void aMissingFieldIs422NamingIt() throws Exception {
    String missing = body.replace("\"notifySubject\":false", "\"notifySubjectX\":false");
    HttpResponse<String> r = ch.post("/v1/reports", secret, report.id(), missing);
    assertProblem(r, 422, "invalid-report");
    assertThat(field(r)).isNotBlank();
  }

  @Test
  void aJsonArrayIs422() throws Exception {
    assertProblem(ch.post("/v1/reports", secret, report.id(), "[1,2]"), 422, "invalid-report");
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    assertProblem(ch.send("GET", "/nowhere", secret), 404, "not-found");
    assertProblem(ch.send("GET", "/v1/reports/" + report.id() + "/extra", secret), 404, "not-found");
    HttpResponse<String> r = ch.send("GET", "/v1/reports", secret);
    assertProblem(r, 405, "method-not-allowed");
    assertThat(r.headers().firstValue("Allow")).contains("POST");
    assertProblem(ch.send("DELETE", "/v1/reports/" + report.id(), secret), 405, "method-not-allowed");
    assertProblem(ch.send("GET", "/v1/reports/" + report.id() + "/retract", secret), 405, "method-not-allowed");
  }

  @Test
  void anotherPlatformsReportIdIs404LikeAnUnknownOne() throws Exception {
    assertThat(ch.post("/v1/reports", secret, report.id(), body).statusCode()).isEqualTo(201);
    String other = ch.credential("other-platform", Scope.REPORTS_WRITE);

    HttpResponse<String> theirs = ch.send("GET", "/v1/reports/" + report.id(), other);
    HttpResponse<String> unknown = ch.send("GET", "/v1/reports/r_00000000000000000000000000000000", other);
    assertProblem(theirs, 404, "not-found");
    assertProblem(unknown, 404, "not-found");
    assertThat(theirs.body().replace(report.id(), "ID"))
        .isEqualTo(unknown.body().replace("r_00000000000000000000000000000000", "ID"));
    assertProblem(ch.post("/v1/reports/" + report.id() + "/retract", other, null, "{\"reason\":\"mine now\"}"), 404,
        "not-found");
    // Still received, not retracted, for its own platform.
    assertThat(ch.send("GET", "/v1/reports/" + report.id(), secret).body()).contains("\"status\":\"RECEIVED\"");
  }

  @Test
  void theSameKeyFromAnotherPlatformIsItsOwnReport() throws Exception {
    assertThat(ch.post("/v1/reports", secret, report.id(), body).statusCode()).isEqualTo(201);
    String other = ch.credential("other-platform", Scope.REPORTS_WRITE);
    String otherBody = new String(ReportJson.write(Fixture.report("u_other")), StandardCharsets.UTF_8);
    // Another platform's key never collides with, nor replays, the first platform's receipt.
    HttpResponse<String> r = ch.post("/v1/reports", other, report.id(), otherBody);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).doesNotContain(report.id());
  }

  @Test
  void aRequestJettyRefusesItselfIsProblemJsonToo() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ch.server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET /v1/reports/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
          .contains("\"status\":400").doesNotContain("Exception").doesNotContain("<html");
    }
  }

  @Test
  void aDestinationThePlatformFilesItselfIsNotRoutedAgain() throws Exception {
    Report filed = Fixture.report("u_self").withAlreadyFiled(java.util.List.of("NCMEC_CYBERTIPLINE"));
    io.tripline.report.Receipt receipt = ch.client(secret).submit(filed);
    assertThat(receipt.routes()).filteredOn(r -> r.destination().equals("NCMEC_CYBERTIPLINE")).singleElement()
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(io.tripline.report.Receipt.RouteStatus.ALREADY_FILED);
          assertThat(r.coveredBy()).isNull();
        });
  }

  @Test
  void racingTwinsOnSqliteMakeOneReportAndOneReceipt() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> ch.post("/v1/reports", secret, report.id(), body)));
      }
      java.util.List<Integer> codes = new java.util.ArrayList<>();
      java.util.Set<String> bodies = new java.util.HashSet<>();
      for (var f : answers) {
        codes.add(f.get().statusCode());
        bodies.add(f.get().body());
      }
      assertThat(codes).containsOnly(200, 201).containsOnlyOnce(201);
      assertThat(bodies).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
