package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.index.IndicatorIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClearinghouseFeedTest {

  private static final String FEED = "confirmed-hashes";
  private static final String CREDENTIAL = "tl_live_s3cr3t-credential-0123456789";
  private static final String MD5_A = "9e107d9d372bb6826bd81d3542a419d6";
  private static final String MD5_B = "e4d909c290d0fb1ca068ffaddf22cbd0";
  private static final String MD5_OLD = "d41d8cd98f00b204e9800998ecf8427e";
  private static final KeyPair KEYS = keyPair();
  private static final KeyPair OTHER_KEYS = keyPair();

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  private static KeyPair keyPair() {
    return Ed25519TestKeys.keyPair();
  }

  private static String sign(byte[] body, PrivateKey key) {
    return Ed25519TestKeys.sign(body, key);
  }

  private ClearinghouseFeed.Builder builder() {
    return ClearinghouseFeed.builder()
        .baseUrl(server.url("/").toString())
        .feedId(FEED)
        .credential(CREDENTIAL)
        .publicKeys(Map.of("k1", KEYS.getPublic()))
        .pageLimit(500)
        .readTimeout(Duration.ofMillis(300))
        .callTimeout(Duration.ofSeconds(3))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .retries(3, Duration.ofSeconds(10))
        .retryObserver(delays::add);
  }

  private ClearinghouseFeed feed() {
    return builder().build();
  }

  private static String signatureHeader(String body) {
    return "keyid=k1, ed25519=" + sign(body.getBytes(StandardCharsets.UTF_8), KEYS.getPrivate());
  }

  private static MockResponse.Builder signed(String body) {
    return new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json")
        .setHeader(SignatureVerifier.HEADER, signatureHeader(body))
        .body(body);
  }

  private static String page(String feed, String next, boolean more, String... changes) {
    return "{\"feed\":\"" + feed + "\",\"changes\":[" + String.join(",", changes) + "],\"next\":\"" + next
        + "\",\"more\":" + more + "}";
  }

  private static String upsert(String id, String md5) {
    return "{\"op\":\"upsert\",\"id\":\"" + id + "\",\"signal\":{\"type\":\"md5\",\"value\":\"" + md5
        + "\"},\"labels\":[\"csam\"],\"severity\":\"high\",\"addedAt\":\"2026-11-28T10:00:00Z\",\"expiresAt\":null}";
  }

  private static String delete(String id) {
    return "{\"op\":\"delete\",\"id\":\"" + id + "\",\"reason\":\"withdrawn\"}";
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request;
  }

  @Test
  void aSignedPageIsVerifiedParsedAndApplies() throws Exception {
    server.enqueue(signed(page(FEED, "c-000482", false,
        upsert("ind-a", MD5_A), upsert("ind-b", MD5_B), delete("ind-old"))).build());

    FeedPage page = feed().pull(null);

    assertThat(page.feed()).isEqualTo(FEED);
    assertThat(page.cursor()).isEqualTo("c-000482");
    assertThat(page.more()).isFalse();
    assertThat(page.replacesAll()).isTrue();
    assertThat(page.skipped()).isZero();
    assertThat(page.changes().size()).isEqualTo(3);

    IndicatorIndex before = IndicatorIndex.builder()
        .add(Indicator.of("ind-old", FEED, "md5", MD5_OLD, Severity.LOW))
        .build();
    IndicatorIndex after = before.withChanges(page.changes());
    assertThat(after.find(FEED, "ind-old")).isEmpty();
    assertThat(after.exact("md5", MD5_OLD)).isEmpty();
    assertThat(after.find(FEED, "ind-a")).contains(new Indicator("ind-a", FEED, "md5", MD5_A, List.of("csam"),
        Severity.HIGH, Instant.parse("2026-11-28T10:00:00Z"), null));
    assertThat(after.exact("md5", MD5_B)).extracting(Indicator::id).containsExactly("ind-b");

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/feeds/confirmed-hashes/changes");
    assertThat(request.getUrl().queryParameter("after")).isNull();
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("500");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + CREDENTIAL);
  }

  @Test
  void theCursorIsSentAsAfterAndMoreIsPassedOn() throws Exception {
    server.enqueue(signed(page(FEED, "c-2", true, upsert("ind-a", MD5_A))).build());

    FeedPage page = feed().pull("c-1");

    assertThat(page.more()).isTrue();
    assertThat(page.replacesAll()).isFalse();
    assertThat(page.cursor()).isEqualTo("c-2");
    assertThat(take().getUrl().queryParameter("after")).isEqualTo("c-1");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRepeatedCursorIsPulledConditionallyAnd304IsAnEmptyPage() throws Exception {
    server.enqueue(signed(page(FEED, "c-1", false)).setHeader("ETag", "\"v7\"").build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    ClearinghouseFeed feed = feed();

    assertThat(feed.pull("c-1").cursor()).isEqualTo("c-1");
    FeedPage page = feed.pull("c-1");

    assertThat(take().getHeaders().get("If-None-Match")).isNull();
    assertThat(take().getHeaders().get("If-None-Match")).isEqualTo("\"v7\"");
    assertThat(page.changes().size()).isZero();
    assertThat(page.cursor()).isEqualTo("c-1");
    assertThat(page.replacesAll()).isFalse();
    assertThat(page.more()).isFalse();
  }

  @Test
  void aFullSyncIsNeverConditional() throws Exception {
    server.enqueue(signed(page(FEED, "c-1", false)).setHeader("ETag", "\"v1\"").build());
    server.enqueue(signed(page(FEED, "c-1", false)).setHeader("ETag", "\"v1\"").build());
    ClearinghouseFeed feed = feed();
    feed.pull(null);
    feed.pull(null);
    take();
    assertThat(take().getHeaders().get("If-None-Match")).isNull();
  }

  @Test
  void anExpiredCursorResyncsFromScratch() throws Exception {
    server.enqueue(new MockResponse.Builder().code(410).build());
    server.enqueue(signed(page(FEED, "c-9", false, upsert("ind-a", MD5_A))).build());

    FeedPage page = feed().pull("c-stale");

    assertThat(page.replacesAll()).isTrue();
    assertThat(page.cursor()).isEqualTo("c-9");
    assertThat(page.changes().size()).isEqualTo(1);
    assertThat(take().getUrl().queryParameter("after")).isEqualTo("c-stale");
    assertThat(take().getUrl().queryParameter("after")).isNull();
  }

  @Test
  void a410ToAFullSyncIsRefused() {
    server.enqueue(new MockResponse.Builder().code(410).build());
    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull(null));
    assertThat(e.retryable()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "garbage",
      "keyid=k1",
      "ed25519=AAAA",
      "keyid=k1, ed25519=!!!not-base64!!!",
      "keyid=k1, ed25519=AAAA",
      "keyid=k1, keyid=k1, ed25519=AAAA",
      "keyid=unknown, ed25519=SIGNATURE",
      "keyid=k1, ed25519=OTHER_KEY"})
  void aMissingMalformedOrWrongSignatureIsRefusedWithoutRetry(String header) {
    String body = page(FEED, "c-2", false, upsert("ind-a", MD5_A));
    String value = header
        .replace("OTHER_KEY", sign(body.getBytes(StandardCharsets.UTF_8), OTHER_KEYS.getPrivate()))
        .replace("SIGNATURE", sign(body.getBytes(StandardCharsets.UTF_8), KEYS.getPrivate()));
    MockResponse.Builder response = new MockResponse.Builder().code(200).body(body);
    if (!value.isEmpty()) {
      response.setHeader(SignatureVerifier.HEADER, value);
    }
    server.enqueue(response.build());

    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains(FEED).contains("refused");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aBodyChangedAfterSigningIsRefused() {
    String body = page(FEED, "c-2", false, upsert("ind-a", MD5_A));
    String tampered = body.replace(MD5_A, MD5_B);
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader(SignatureVerifier.HEADER, signatureHeader(body)).body(tampered).build());

    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("signature does not match");
  }

  @Test
  void aBodyCutShortWithAConsistentLengthFailsTheSignature() {
    String body = page(FEED, "c-2", false, upsert("ind-a", MD5_A), upsert("ind-b", MD5_B));
    String cut = body.substring(0, body.length() - 40);
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader(SignatureVerifier.HEADER, signatureHeader(body)).body(cut).build());

    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void aBodyShorterThanItsContentLengthIsRetriedThenRetryable() {
    String body = page(FEED, "c-2", false, upsert("ind-a", MD5_A));
    for (int i = 0; i < 3; i++) {
      server.enqueue(signed(body)
          .setHeader("Content-Length", body.length() + 100)
          .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
          .build());
    }

    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));

    assertThat(e.retryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(delays).hasSize(2);
  }

  @Test
  void aMalformedEntryIsSkippedAndCounted() {
    server.enqueue(signed(page(FEED, "c-2", false,
        upsert("ind-a", MD5_A),
        "{\"op\":\"frobnicate\",\"id\":\"x\"}",
        "{\"op\":\"upsert\",\"id\":\"no-signal\"}",
        "42",
        delete("ind-old"))).build());

    FeedPage page = feed().pull("c-1");

    assertThat(page.skipped()).isEqualTo(3);
    assertThat(page.changes().size()).isEqualTo(2);
    IndicatorIndex index = IndicatorIndex.empty().withChanges(page.changes());
    assertThat(index.find(FEED, "ind-a")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{not json",
      "[]",
      "{\"feed\":\"confirmed-hashes\",\"next\":\"c\",\"more\":false}",
      "{\"feed\":\"confirmed-hashes\",\"changes\":{},\"next\":\"c\",\"more\":false}",
      "{\"feed\":\"confirmed-hashes\",\"changes\":[],\"next\":\"c\",\"more\":\"yes\"}",
      "{\"feed\":\"confirmed-hashes\",\"changes\":[],\"more\":true}",
      "{\"feed\":\"confirmed-hashes\",\"changes\":[],\"next\":\"c\",\"more\":false} {}",
      "{\"feed\":\"confirmed-hashes\",\"feed\":\"confirmed-hashes\",\"changes\":[],\"next\":\"c\"}"})
  void anUnparseablePageIsRefusedWhole(String body) {
    server.enqueue(signed(body).build());
    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aPageOfAnotherFeedIsRefused() {
    server.enqueue(signed(page("other-feed", "c-2", false, upsert("ind-a", MD5_A))).build());
    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("another feed");
  }

  @Test
  void aServerErrorIsRetriedAndThenSucceeds() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(signed(page(FEED, "c-2", false, upsert("ind-a", MD5_A))).build());

    FeedPage page = feed().pull("c-1");

    assertThat(page.changes().size()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(delays).hasSize(1);
    assertThat(delays.get(0)).isBetween(Duration.ofMillis(8), Duration.ofMillis(50));
  }

  @Test
  void retryAfterIsHonoured() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
    server.enqueue(signed(page(FEED, "c-2", false)).build());
    long start = System.nanoTime();

    FeedPage page = builder().backoff(Duration.ofMillis(10), Duration.ofSeconds(2)).build().pull("c-1");

    assertThat(page.cursor()).isEqualTo("c-2");
    assertThat(delays).containsExactly(Duration.ofSeconds(1), Duration.ZERO);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void aRetryAfterLongerThanTheMaxBackoffEndsThePullAsRetryable() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "3600").build());
    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(delays).isEmpty();
  }

  @Test
  void aPersistentServerErrorEndsRetryableAfterTheBoundedAttempts() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(500).build());
    }
    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 500").contains("3 attempts");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(delays).hasSize(2);
  }

  @Test
  void aSlowBodyTimesOutIsRetriedThenRetryable() {
    String body = page(FEED, "c-2", false);
    for (int i = 0; i < 3; i++) {
      server.enqueue(signed(body).bodyDelay(2, TimeUnit.SECONDS).build());
    }
    long start = System.nanoTime();
    FeedException e = catchThrowableOfType(FeedException.class,
        () -> builder().readTimeout(Duration.ofMillis(150)).build().pull("c-1"));
    assertThat(e.retryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aRefusedCredentialIsNotRetriedAndNotRepeated(int status) {
    server.enqueue(new MockResponse.Builder().code(status).body("{\"type\":\"about:blank\"}").build());
    FeedException e = catchThrowableOfType(FeedException.class, () -> feed().pull("c-1"));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains(String.valueOf(status)).doesNotContain(CREDENTIAL);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theCredentialIsNeverLoggedNorShown() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(signed(page(FEED, "c-2", false, upsert("ind-a", MD5_A), "{\"op\":\"bad\"}")).build());
    server.enqueue(new MockResponse.Builder().code(401).build());
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ClearinghouseFeed feed = feed();
    String message;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      feed.pull("c-1");
      message = catchThrowableOfType(FeedException.class, () -> feed.pull("c-2")).getMessage();
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains(FEED).doesNotContain(CREDENTIAL).doesNotContain(MD5_A);
    assertThat(message).doesNotContain(CREDENTIAL);
    assertThat(feed.toString()).contains(FEED).doesNotContain(CREDENTIAL);
  }

  @Test
  void aPageLargerThanTheLimitIsRefused() {
    String body = page(FEED, "c-2", false, upsert("ind-a", MD5_A), upsert("ind-b", MD5_B));
    server.enqueue(signed(body).build());
    FeedException e = catchThrowableOfType(FeedException.class,
        () -> builder().maxPageBytes(100).build().pull("c-1"));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("larger than 100 bytes");
  }

  @Test
  void aChunkedPageLargerThanTheLimitIsRefusedWhileReading() {
    String body = page(FEED, "c-2", false, upsert("ind-a", MD5_A), upsert("ind-b", MD5_B));
    server.enqueue(new MockResponse.Builder().code(200)
        .setHeader(SignatureVerifier.HEADER, signatureHeader(body))
        .chunkedBody(body, 16).build());
    FeedException e = catchThrowableOfType(FeedException.class,
        () -> builder().maxPageBytes(100).build().pull("c-1"));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("larger than 100 bytes");
  }

  @Test
  void listsFeeds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("""
        {"feeds":[{"id":"confirmed-hashes","title":"Confirmed hashes","signalTypes":["pdq","md5"],"labels":["csam"]},
                  {"title":"no id"},
                  {"id":"terms","title":"Terms"}]}
        """).build());

    List<ClearinghouseFeed.FeedDescription> feeds = feed().listFeeds();

    assertThat(feeds).containsExactly(
        new ClearinghouseFeed.FeedDescription("confirmed-hashes", "Confirmed hashes", List.of("pdq", "md5"),
            List.of("csam")),
        new ClearinghouseFeed.FeedDescription("terms", "Terms", List.of(), List.of()));
    RecordedRequest request = take();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/feeds");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + CREDENTIAL);
  }

  @Test
  void aBaseUrlWithAPathIsKept() throws Exception {
    server.enqueue(signed(page(FEED, "c-2", false)).build());
    builder().baseUrl(server.url("/clearinghouse/").toString()).build().pull(null);
    assertThat(take().getUrl().encodedPath()).isEqualTo("/clearinghouse/v1/feeds/confirmed-hashes/changes");
  }

  @Test
  void builderMisuseFailsFast() {
    assertThatThrownBy(() -> ClearinghouseFeed.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseFeed.builder().baseUrl("https://user:" + CREDENTIAL + "@x.example"))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(CREDENTIAL);
    assertThatThrownBy(() -> ClearinghouseFeed.builder().feedId("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseFeed.builder().publicKeys(Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseFeed.builder().pageLimit(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().feedId(FEED).build().pull(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClearinghouseFeed.builder().baseUrl("https://x.example").feedId(FEED)
        .publicKeys(Map.of("k1", KEYS.getPublic())).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("credential");
  }
}
