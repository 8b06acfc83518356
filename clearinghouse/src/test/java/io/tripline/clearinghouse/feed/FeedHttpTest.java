package io.tripline.clearinghouse.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.FileEvidence;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.feed.ClearinghouseFeed;
import io.tripline.feed.FeedSync;
import io.tripline.feed.SignatureVerifier;
import io.tripline.report.Report;
import io.tripline.review.ClearinghouseOpinionClient;
import io.tripline.review.Opinion;
import io.tripline.rules.ReportCategory;
import io.tripline.spi.ImageHash;
import io.tripline.testkit.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feed servlets over real HTTP, pulled by the SDK's own client: what a platform's
 * {@link Tripline} learns from the clearinghouse, and what it never learns.
 */
class FeedHttpTest {

  @RegisterExtension
  final FeedServer server = new FeedServer();

  private static final String FEED = "confirmed-hashes";
  private static final byte[] IMAGE = TestImages.png(TestImages.scene(31, 480, 360));
  private static final byte[] OTHER = TestImages.png(TestImages.scene(32, 480, 360));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  // --- helpers ---

  private ClearinghouseFeed feed(int pageLimit) {
    return ClearinghouseFeed.builder()
        .baseUrl(server.baseUrl)
        .feedId(FEED)
        .credential("token-z")
        .publicKeys(Map.of(server.signer.keyId(), ClearinghouseFeed.ed25519PublicKey(server.signer.publicKeyBase64())))
        .pageLimit(pageLimit)
        .retries(1, Duration.ofSeconds(5))
        .build();
  }

  private FeedSync sync(Tripline tripline, ClearinghouseFeed feed) {
    FeedSync sync = FeedSync.builder(tripline).feed(feed, Duration.ofHours(1)).scheduler(scheduler).build();
    sync.start();
    return sync;
  }

  private static void syncNow(FeedSync sync) {
    sync.syncNow();
    assertThat(sync.status()).singleElement().satisfies(s -> assertThat(s.lastError()).isNull());
  }

  private static Verdict inspect(Tripline tripline, byte[] image) {
    return tripline.inspect(Submission.builder().file("image", "upload.png", "image/png", image).build());
  }

  /** The digests a platform's report carries, as the SDK computed them for the upload. */
  private static Report.Digests digestsOf(byte[] image) {
    Tripline tripline = Tripline.builder().build();
    FileEvidence file = inspect(tripline, image).files().get(0);
    ImageHash pdq = file.hashes().stream().filter(h -> h.signalType().equals("pdq")).findFirst().orElseThrow();
    return new Report.Digests(file.sha256(), file.md5(), pdq.toHex(), pdq.quality());
  }

  private HttpResponse<byte[]> get(String path, String token, String ifNoneMatch) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.baseUrl + path)).GET();
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    if (ifNoneMatch != null) {
      r.header("If-None-Match", ifNoneMatch);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> postOpinion(String token, String contentType, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.baseUrl + "/v1/opinions"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    r.header("Content-Type", contentType);
    return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static String verify(HttpResponse<byte[]> response, FeedSigner signer) {
    SignatureVerifier verifier = new SignatureVerifier(Map.of(signer.keyId(), signer.publicKey()));
    return verifier.verify(response.headers().firstValue(SignatureVerifier.HEADER).orElse(null), response.body(),
        IllegalStateException::new);
  }

  private Report.Digests publishImage(String reportId, String platform) {
    Report.Digests d = digestsOf(IMAGE);
    assertThat(server.publisher.publish(reportId, platform,
        TestReports.reviewed(platform, ReportCategory.CSAM, d)).shared()).isTrue();
    return d;
  }

  // --- sync and block ---

  @Test
  void aPublishedReportsHashesReachAnotherPlatformWhichThenBlocksTheSameImage() {
    Tripline tripline = Tripline.builder().build();
    assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Allow.class);
    try (FeedSync sync = sync(tripline, feed(1000))) {
      syncNow(sync);
      publishImage("r_a", "platform-a");
      syncNow(sync);

      Verdict verdict = inspect(tripline, IMAGE);
      assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, b -> assertThat(b.status()).isEqualTo(422));
      assertThat(verdict.matches()).extracting(m -> m.signalType()).contains("pdq", "md5", "sha256");
      assertThat(verdict.matches()).allSatisfy(m -> {
        assertThat(m.feed()).isEqualTo(FEED);
        assertThat(m.labels()).containsExactly("csam");
      });
      assertThat(inspect(tripline, OTHER)).isInstanceOf(Verdict.Allow.class);
    }
  }

  @Test
  void aWithdrawalRemovesTheIndicatorsAfterTheNextSync() {
    Tripline tripline = Tripline.builder().build();
    publishImage("r_a", "platform-a");
    try (FeedSync sync = sync(tripline, feed(1000))) {
      syncNow(sync);
      assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Block.class);

      assertThat(server.publisher.withdraw("r_a", "retracted")).hasSize(3);
      syncNow(sync);
      assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Allow.class);
    }
  }

  @Test
  void pagesAreFollowedWhileMoreIsTrue() throws Exception {
    publishImage("r_a", "platform-a");
    server.publisher.publish("r_b", "platform-b",
        TestReports.reviewed("platform-b", ReportCategory.CSAM, digestsOf(OTHER)));
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed(2))) {
      syncNow(sync);
    }
    assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Block.class);
    assertThat(inspect(tripline, OTHER)).isInstanceOf(Verdict.Block.class);
    assertThat(server.exchanges).filteredOn(e -> e.contains("/changes") && e.contains("limit=2"))
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(e -> assertThat(e).endsWith("-> 200"));

    JsonNode first = json(get("/v1/feeds/" + FEED + "/changes?limit=4", "token-z", null));
    assertThat(first.get("changes")).hasSize(4);
    assertThat(first.get("more").asBoolean()).isTrue();
    JsonNode rest = json(get("/v1/feeds/" + FEED + "/changes?limit=4&after=" + first.get("next").asText(),
        "token-z", null));
    assertThat(rest.get("changes")).hasSize(2);
    assertThat(rest.get("more").asBoolean()).isFalse();
  }

  @Test
  void nothingNewAnswers304ToTheSdksConditionalPull() throws Exception {
    publishImage("r_a", "platform-a");
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed(1000))) {
      syncNow(sync); // full sync
      syncNow(sync); // from the cursor: 200, nothing new, with an ETag
      syncNow(sync); // the same cursor again, conditional: 304
    }
    assertThat(server.exchanges).filteredOn(e -> e.contains("/changes")).last().asString().endsWith("-> 304");
    assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Block.class);

    HttpResponse<byte[]> page = get("/v1/feeds/" + FEED + "/changes", "token-z", null);
    String etag = page.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(get("/v1/feeds/" + FEED + "/changes", "token-z", etag).statusCode()).isEqualTo(304);
    server.publisher.withdraw("r_a", "retracted");
    assertThat(get("/v1/feeds/" + FEED + "/changes", "token-z", etag).statusCode()).isEqualTo(200);
  }

  @Test
  void aResetFeedAnswers410AndTheSdkResyncsInFull() {
    publishImage("r_a", "platform-a");
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed(1000))) {
      syncNow(sync);
      assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Block.class);

      server.store.reset(FEED);
      server.publisher.withdraw("r_a", "retracted");
      syncNow(sync);
    }
    assertThat(server.exchanges).filteredOn(e -> e.contains("/changes")).anySatisfy(e -> assertThat(e).endsWith("-> 410"));
    assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Allow.class);
  }

  @Test
  void aCursorBehindTheRetentionHorizonAnswers410() throws Exception {
    publishImage("r_a", "platform-a");
    String early = json(get("/v1/feeds/" + FEED + "/changes", "token-z", null)).get("next").asText();
    server.publisher.withdraw("r_a", "retracted");
    server.clock.advance(Duration.ofDays(60));
    server.store.prune(server.clock.instant().minus(Duration.ofDays(30)));

    HttpResponse<byte[]> gone = get("/v1/feeds/" + FEED + "/changes?after=" + early, "token-z", null);
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(json(gone).get("type").asText()).isEqualTo(FeedApi.PROBLEM_BASE + "cursor-gone");
    assertThat(get("/v1/feeds/" + FEED + "/changes?after=c-1-x", "token-z", null).statusCode()).isEqualTo(410);
  }

  // --- the protocol's shape ---

  @Test
  void pagesAndTheListingAreSignedOverTheirExactBytes() throws Exception {
    publishImage("r_a", "platform-a");
    HttpResponse<byte[]> page = get("/v1/feeds/" + FEED + "/changes?limit=10", "token-z", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(verify(page, server.signer)).isEqualTo("ch-test-1");
    assertThat(verify(get("/v1/feeds", "token-z", null), server.signer)).isEqualTo("ch-test-1");

    FeedSigner stranger = FeedSigner.generate("ch-test-1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify(page, stranger))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
  }

  @Test
  void theChangesPageIsExactlyTheProtocolsJson() throws Exception {
    Report.Digests d = publishImage("r_a", "platform-a");
    server.publisher.withdraw("r_a", "retracted");
    JsonNode page = json(get("/v1/feeds/" + FEED + "/changes", "token-z", null));

    assertThat(page.fieldNames()).toIterable().containsExactly("feed", "changes", "next", "more");
    assertThat(page.get("feed").asText()).isEqualTo(FEED);
    JsonNode upsert = page.get("changes").get(0);
    assertThat(upsert.fieldNames()).toIterable()
        .containsExactly("op", "id", "signal", "labels", "severity", "addedAt", "expiresAt");
    assertThat(upsert.get("op").asText()).isEqualTo("upsert");
    assertThat(upsert.get("id").asText()).isEqualTo(FeedPublisher.indicatorId("sha256", d.sha256()));
    assertThat(upsert.get("signal").get("type").asText()).isEqualTo("sha256");
    assertThat(upsert.get("signal").get("value").asText()).isEqualTo(d.sha256());
    assertThat(upsert.get("severity").asText()).isEqualTo("high");
    assertThat(upsert.get("addedAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(upsert.get("expiresAt").isNull()).isTrue();
    JsonNode delete = page.get("changes").get(5);
    assertThat(delete.fieldNames()).toIterable().containsExactly("op", "id", "reason");
    assertThat(delete.get("reason").asText()).isEqualTo("withdrawn");
    assertThat(page.get("next").asText()).isEqualTo("c-1-6");
    assertThat(page.get("more").asBoolean()).isFalse();

    JsonNode listing = json(get("/v1/feeds", "token-z", null));
    assertThat(listing.get("feeds")).singleElement().satisfies(f -> {
      assertThat(f.get("id").asText()).isEqualTo(FEED);
      assertThat(f.get("signalTypes")).extracting(JsonNode::asText).containsExactly("pdq", "md5", "sha256");
    });
    assertThat(feed(10).listFeeds()).singleElement()
        .satisfies(f -> assertThat(f.labels()).contains("csam"));
  }

  @Test
  void noSubjectVictimPlatformOrReportDataIsEverInAPage() throws Exception {
    publishImage("r_secret_report_77", "platform-secret");
    server.publisher.publish("r_other_report_78", "platform-secret",
        TestReports.reviewed("platform-secret", ReportCategory.CHILD_SEX_TRAFFICKING, digestsOf(OTHER)));
    server.publisher.withdraw("r_other_report_78", "user " + TestReports.USER_ID + " was misidentified");
    String page = new String(get("/v1/feeds/" + FEED + "/changes", "token-z", null).body(), StandardCharsets.UTF_8);
    String listing = new String(get("/v1/feeds", "token-z", null).body(), StandardCharsets.UTF_8);

    assertThat(page).contains("\"op\":\"upsert\"", "\"op\":\"delete\"");
    for (String secret : List.of(TestReports.USER_ID, TestReports.SCREEN_NAME, TestReports.USER_IP,
        TestReports.VICTIM_ID, TestReports.VICTIM_NAME, TestReports.VICTIM_IP, "platform-secret", "r_secret_report_77",
        "r_other_report_78", "misidentified")) {
      assertThat(page).doesNotContain(secret);
      assertThat(listing).doesNotContain(secret);
    }
  }

  @Test
  void unauthenticatedUnknownAndMalformedRequestsAreProblems() throws Exception {
    HttpResponse<byte[]> anonymous = get("/v1/feeds", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(anonymous).get("type").asText()).isEqualTo(FeedApi.PROBLEM_BASE + "unauthenticated");
    assertThat(get("/v1/feeds/" + FEED + "/changes", null, null).statusCode()).isEqualTo(401);

    HttpResponse<byte[]> unknown = get("/v1/feeds/no-such-feed/changes", "token-z", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(get("/v1/feeds/" + FEED + "/other", "token-z", null).statusCode()).isEqualTo(404);

    for (String limit : List.of("0", "10001", "-1", "ten", "")) {
      HttpResponse<byte[]> bad = get("/v1/feeds/" + FEED + "/changes?limit=" + limit, "token-z", null);
      assertThat(bad.statusCode()).as("limit=%s", limit).isEqualTo(400);
      assertThat(json(bad).get("field").asText()).isEqualTo("limit");
    }
    assertThat(get("/v1/feeds/" + FEED + "/changes?limit=1", "token-z", null).statusCode()).isEqualTo(200);
    assertThat(get("/v1/feeds/" + FEED + "/changes?limit=10000", "token-z", null).statusCode()).isEqualTo(200);
    assertThat(get("/v1/feeds/" + FEED + "/changes?after=", "token-z", null).statusCode()).isEqualTo(400);
  }

  // --- opinions ---

  private ClearinghouseOpinionClient opinions(String token) {
    return ClearinghouseOpinionClient.builder().baseUrl(server.baseUrl).credential(token).build();
  }

  @Test
  void threeFalsePositivesFromDistinctPlatformsWithdrawAfterTheNextSyncTwoDoNot() {
    Report.Digests d = publishImage("r_a", "platform-a");
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed(1000))) {
      syncNow(sync);
      List<String> ids = List.of(FeedPublisher.indicatorId("pdq", d.pdq()), FeedPublisher.indicatorId("md5", d.md5()),
          FeedPublisher.indicatorId("sha256", d.sha256()));
      for (String token : List.of("token-b", "token-c")) {
        for (String id : ids) {
          opinions(token).send("op-" + token + id, new Opinion(FEED, id, Opinion.Kind.FALSE_POSITIVE, "stock photo"));
        }
      }
      // The same platform again, under another key: still one vote.
      for (String id : ids) {
        opinions("token-c").send("op-again-" + id, new Opinion(FEED, id, Opinion.Kind.FALSE_POSITIVE, null));
      }
      syncNow(sync);
      assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Block.class);

      for (String id : ids) {
        opinions("token-d").send("op-d-" + id, new Opinion(FEED, id, Opinion.Kind.FALSE_POSITIVE, null));
      }
      syncNow(sync);
      assertThat(inspect(tripline, IMAGE)).isInstanceOf(Verdict.Allow.class);
    }
    assertThat(server.exchanges).filteredOn(e -> e.startsWith("POST /v1/opinions"))
        .hasSize(12).allSatisfy(e -> assertThat(e).endsWith("-> 202"));
  }

  @Test
  void opinionsAreReadStrictly() throws Exception {
    Report.Digests d = publishImage("r_a", "platform-a");
    String id = FeedPublisher.indicatorId("pdq", d.pdq());
    String good = "{\"feed\":\"" + FEED + "\",\"indicator\":\"" + id + "\",\"opinion\":\"TRUE_POSITIVE\"}";

    assertThat(postOpinion("token-b", "application/json", good).statusCode()).isEqualTo(202);
    assertThat(postOpinion(null, "application/json", good).statusCode()).isEqualTo(401);
    assertThat(postOpinion("token-b", "text/plain", good).statusCode()).isEqualTo(415);

    record Bad(String body, int status, String field) {}
    for (Bad bad : List.of(
        new Bad("{\"feed\":", 400, null),
        new Bad("[1,2]", 400, null),
        new Bad(good + " {}", 400, null),
        new Bad("{\"feed\":\"a\",\"feed\":\"b\",\"indicator\":\"x\",\"opinion\":\"TRUE_POSITIVE\"}", 400, null),
        new Bad(good.replace("}", ",\"platform\":\"platform-z\"}"), 422, "platform"),
        new Bad(good.replace("TRUE_POSITIVE", "MAYBE"), 422, "opinion"),
        new Bad(good.replace("\"opinion\":\"TRUE_POSITIVE\"", "\"opinion\":1"), 422, "opinion"),
        new Bad(good.replace(id, "ind-unknown"), 422, "indicator"),
        new Bad(good.replace("\"" + FEED + "\"", "\"no-feed\""), 422, "feed"),
        new Bad(good.replace("}", ",\"note\":\"" + "x".repeat(501) + "\"}"), 422, "note"),
        new Bad("{\"indicator\":\"" + id + "\",\"opinion\":\"TRUE_POSITIVE\"}", 422, "feed"))) {
      HttpResponse<byte[]> response = postOpinion("token-b", "application/json", bad.body());
      assertThat(response.statusCode()).as(bad.body()).isEqualTo(bad.status());
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      JsonNode problem = json(response);
      assertThat(problem.get("status").asInt()).isEqualTo(bad.status());
      if (bad.field() != null) {
        assertThat(problem.get("field").asText()).as(bad.body()).isEqualTo(bad.field());
      }
    }
  }
}
