package io.tripline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.feed.SignatureVerifier;
import io.tripline.report.ClearinghouseReportException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClearinghouseReportClientTest {

  private static final String CREDENTIAL = "tl_live_r3port-s3cr3t-0123456789";
  private static final KeyPair KEYS = keyPair();
  private static final KeyPair OTHER_KEYS = keyPair();
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:05Z");
  private static final Report REPORT = ReportFixtures.example().build();
  private static final String ID = REPORT.id();

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String sign(String body, PrivateKey key) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(body.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String receipt(String reportId) {
    return "{\"reportId\":\"" + reportId + "\",\"receivedAt\":\"2026-11-28T10:00:04Z\",\"status\":\"RECEIVED\","
        + "\"routes\":[{\"destination\":\"NCMEC_CYBERTIPLINE\",\"obligation\":\"MANDATORY\",\"status\":\"PENDING\"}],"
        + "\"preservation\":{\"until\":\"2027-11-28T10:00:00Z\",\"basis\":\"US_18USC2258A_h\"}}";
  }

  private static MockResponse.Builder signed(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
        .setHeader(SignatureVerifier.HEADER, "keyid=k1, ed25519=" + sign(body, KEYS.getPrivate())).body(body);
  }

  private static MockResponse problem(int code, String json) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json").body(json)
        .build();
  }

  private ClearinghouseReportClient client() {
    return ClearinghouseReportClient.builder()
        .baseUrl(server.url("/").toString())
        .credential(CREDENTIAL)
        .publicKeys(Map.of("k1", KEYS.getPublic()))
        .readTimeout(Duration.ofMillis(300))
        .callTimeout(Duration.ofSeconds(3))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request;
  }

  private ClearinghouseReportException submitFails() {
    ClearinghouseReportException e = catchThrowableOfType(ClearinghouseReportException.class,
        () -> client().submit(REPORT));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain(CREDENTIAL).contains(ID);
    return e;
  }

  @Test
  void aFirstSubmissionSendsTheProtocolBodyUnderItsIdAndReturnsTheVerifiedReceipt() throws Exception {
    server.enqueue(signed(201, receipt(ID)).build());

    Receipt receipt = client().submit(REPORT);

    assertThat(receipt.reportId()).isEqualTo(ID);
    assertThat(receipt.receivedAt()).isEqualTo(Instant.parse("2026-11-28T10:00:04Z"));
    assertThat(receipt.status()).isEqualTo("RECEIVED");
    assertThat(receipt.routes()).containsExactly(new Receipt.RouteState("NCMEC_CYBERTIPLINE",
        io.tripline.rules.Route.Obligation.MANDATORY, Receipt.RouteStatus.PENDING, null, null));
    assertThat(receipt.preservation()).isEqualTo(new RoutePlan.Preservation(Instant.parse("2027-11-28T10:00:00Z"),
        "US_18USC2258A_h"));
    assertThat(receipt.keyId()).isEqualTo("k1");
    assertThat(receipt.body()).isEqualTo(receipt(ID));

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/reports");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + CREDENTIAL);
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(ID);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().utf8()).isEqualTo(new String(ReportJson.write(REPORT), StandardCharsets.UTF_8));
  }

  @Test
  void aReplayAnswersTheSameReceipt() {
    server.enqueue(signed(201, receipt(ID)).build());
    server.enqueue(signed(200, receipt(ID)).build());
    ClearinghouseReportClient client = client();
    assertThat(client.submit(REPORT)).isEqualTo(client.submit(REPORT));
  }

  @Test
  void aStoredBodyIsSentByteForByte() throws Exception {
    byte[] stored = ReportJson.write(REPORT);
    server.enqueue(signed(201, receipt(ID)).build());
    client().submit(ID, stored);
    assertThat(take().getBody().toByteArray()).isEqualTo(stored);
    assertThatThrownBy(() -> client().submit("r_not-an-id", stored)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnsignedReceiptIsRefused() {
    server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
        .body(receipt(ID)).build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("not signed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "signed by another key | other | signature does not match",
      "unknown key id | unknown-key | unknown key id",
      "malformed header | malformed | malformed",
      "tampered body | tampered | signature does not match",
  })
  void aWronglySignedReceiptIsNotAReceipt(String name, String how, String expected) {
    String body = receipt(ID);
    String header = switch (how) {
      case "other" -> "keyid=k1, ed25519=" + sign(body, OTHER_KEYS.getPrivate());
      case "unknown-key" -> "keyid=k9, ed25519=" + sign(body, KEYS.getPrivate());
      case "malformed" -> "ed25519";
      default -> "keyid=k1, ed25519=" + sign(body, KEYS.getPrivate());
    };
    String sent = how.equals("tampered") ? body.replace("MANDATORY", "VOLUNTARY") : body;
    server.enqueue(new MockResponse.Builder().code(201).setHeader(SignatureVerifier.HEADER, header).body(sent).build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).as(name).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).as(name).contains("receipt refused").contains(expected);
  }

  @Test
  void aSignedReceiptOfAnotherReportIsRefused() {
    String other = ReportFixtures.example().platform("another").build().id();
    server.enqueue(signed(200, receipt(other)).build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("another report");
  }

  @Test
  void aSignedBodyThatIsNoReceiptIsRefused() {
    server.enqueue(signed(201, "{\"reportId\":\"" + ID + "\",\"status\":\"RECEIVED\",\"routes\":[]}").build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("'receivedAt' is required");
  }

  @Test
  void aValidationProblemIsPermanentAndNamesTheField() {
    server.enqueue(problem(422, "{\"type\":\"https://tripline.example/problems/validation\",\"title\":\"Invalid"
        + " report\",\"status\":422,\"detail\":\"sha256 must be 64 hex digits\",\"field\":\"evidence[0].digests.sha256\"}"));
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(422);
    assertThat(e.problem().orElseThrow().field()).isEqualTo("evidence[0].digests.sha256");
    assertThat(e.getMessage()).contains("evidence[0].digests.sha256").contains("sha256 must be 64 hex digits");
  }

  @Test
  void aBadRequestIsAValidationError() {
    server.enqueue(problem(400, "{\"type\":\"https://tripline.example/problems/validation\",\"errors\":"
        + "[{\"field\":\"incident.category\"}]}"));
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.VALIDATION);
    assertThat(e.problem().orElseThrow().field()).isEqualTo("incident.category");
  }

  @Test
  void aKeyReusedWithAnotherBodyIsPermanent() {
    server.enqueue(problem(422, "{\"type\":\"https://tripline.example/problems/idempotency-key-reused\","
        + "\"title\":\"Idempotency-Key used with another body\",\"status\":422}"));
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.KEY_REUSED);
    assertThat(e.retryable()).isFalse();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"401, UNAUTHORIZED", "403, FORBIDDEN", "404, NOT_FOUND", "410, REJECTED", "413, REJECTED"})
  void authAndOtherClientErrorsArePermanent(int status, Kind kind) {
    server.enqueue(problem(status, "{\"type\":\"about:blank\",\"title\":\"no\",\"detail\":\"credential "
        + CREDENTIAL + " refused\"}"));
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.retryable()).isFalse();
    assertThat(e.problem().orElseThrow().detail()).isEqualTo("credential [credential] refused");
  }

  @Test
  void tooManyRequestsIsRetryableAfterWhatTheServerSays() {
    server.enqueue(problem(429, "{\"type\":\"about:blank\",\"title\":\"slow down\"}").newBuilder()
        .setHeader("Retry-After", "30").build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(server.getRequestCount()).as("no retry inside the client").isEqualTo(1);
  }

  @Test
  void aRetryAfterDateCountsFromTheClock() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Sat, 28 Nov 2026 10:01:05 GMT")
        .build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"500, UNAVAILABLE", "502, UNAVAILABLE", "503, UNAVAILABLE", "408, UNAVAILABLE", "409, IN_PROGRESS"})
  void serverErrorsAreRetryableAndNotRetriedHere(int status, Kind kind) {
    server.enqueue(new MockResponse.Builder().code(status).body("<html>oops</html>").build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.retryable()).isTrue();
    assertThat(e.problem()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aDroppedConnectionIsRetryable() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.NETWORK);
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isZero();
  }

  @Test
  void aTimeoutIsRetryable() {
    server.enqueue(signed(201, receipt(ID)).bodyDelay(2, TimeUnit.SECONDS).build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.NETWORK);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void aRedirectIsNotFollowedSoTheCredentialGoesNowhereElse() {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "https://elsewhere.example/")
        .build());
    ClearinghouseReportException e = submitFails();
    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void statusReadsTheRoutesStates() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(
        "{\"reportId\":\"" + ID + "\",\"status\":\"ROUTED\",\"routes\":[{\"destination\":\"NCMEC_CYBERTIPLINE\","
            + "\"status\":\"DELIVERED\",\"externalId\":\"12345678\",\"future\":1},{\"destination\":\"NCA\","
            + "\"status\":\"COVERED_BY\",\"coveredBy\":\"NCMEC_CYBERTIPLINE\"}]}").build());
    ReportStatus status = client().status(ID);
    assertThat(status.status()).isEqualTo("ROUTED");
    assertThat(status.routes()).containsExactly(
        new Receipt.RouteState("NCMEC_CYBERTIPLINE", null, Receipt.RouteStatus.DELIVERED, "12345678", null),
        new Receipt.RouteState("NCA", null, Receipt.RouteStatus.COVERED_BY, null, "NCMEC_CYBERTIPLINE"));
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/reports/" + ID);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + CREDENTIAL);
  }

  @Test
  void statusOfAnUnknownReportIsNotFound() {
    server.enqueue(problem(404, "{\"type\":\"about:blank\",\"title\":\"Not Found\"}"));
    ClearinghouseReportException e = catchThrowableOfType(ClearinghouseReportException.class,
        () -> client().status(ID));
    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void statusWithAnUnknownRouteStateIsRefused() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"reportId\":\"" + ID + "\",\"status\":\"ROUTED\","
        + "\"routes\":[{\"destination\":\"NCA\",\"status\":\"LOST\"}]}").build());
    ClearinghouseReportException e = catchThrowableOfType(ClearinghouseReportException.class,
        () -> client().status(ID));
    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("routes[0].status");
  }

  @Test
  void retractPostsTheReasonWithItsOwnKey() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).build());
    client().retract(ID, "false positive: \"adult\" content");
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/reports/" + ID + "/retract");
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(ID + "-retract");
    assertThat(request.getBody().utf8()).isEqualTo("{\"reason\":\"false positive: \\\"adult\\\" content\"}");
    assertThatThrownBy(() -> client().retract(ID, " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retractErrorsAreTyped() {
    server.enqueue(problem(403, "{\"type\":\"about:blank\",\"title\":\"Forbidden\"}"));
    ClearinghouseReportException e = catchThrowableOfType(ClearinghouseReportException.class,
        () -> client().retract(ID, "mistake"));
    assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
  }

  @Test
  void theCredentialIsNeverLoggedNorShown() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      server.enqueue(signed(201, receipt(ID)).build());
      server.enqueue(problem(401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\"}"));
      server.enqueue(new MockResponse.Builder().code(503).build());
      ClearinghouseReportClient client = client();
      client.submit(REPORT);
      assertThatThrownBy(() -> client.submit(REPORT)).isInstanceOf(ClearinghouseReportException.class);
      assertThatThrownBy(() -> client.submit(REPORT)).isInstanceOf(ClearinghouseReportException.class);
      assertThat(client.toString()).doesNotContain(CREDENTIAL);
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains(ID).doesNotContain(CREDENTIAL);
  }

  @Test
  void aStoredReceiptVerifiesAgainAndATamperedOneDoesNot() {
    server.enqueue(signed(201, receipt(ID)).build());
    Receipt receipt = client().submit(REPORT);
    SignatureVerifier verifier = new SignatureVerifier(Map.of("k1", KEYS.getPublic()));
    UnaryOperator<String> tamper = s -> s.replace("2027-11-28", "2026-12-01");
    assertThat(Receipt.verify(receipt.body().getBytes(StandardCharsets.UTF_8), receipt.signature(), verifier))
        .isEqualTo(receipt);
    assertThatThrownBy(() -> Receipt.verify(tamper.apply(receipt.body()).getBytes(StandardCharsets.UTF_8),
        receipt.signature(), verifier)).isInstanceOf(ClearinghouseReportException.class);
  }

  @Test
  void theBuilderRefusesMisuse() {
    assertThatThrownBy(() -> ClearinghouseReportClient.builder().baseUrl("ftp://x")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseReportClient.builder().baseUrl("https://u:p@x.example")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseReportClient.builder().publicKeys(Map.of())).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseReportClient.builder().baseUrl("https://x.example").credential("c").build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("publicKeys");
  }
}
