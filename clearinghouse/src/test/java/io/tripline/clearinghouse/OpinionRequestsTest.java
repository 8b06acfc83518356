package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.clearinghouse.feed.FeedPublisher;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opinions through the server: a request's Idempotency-Key makes a retry count once, even when it
 * arrives after the platform's next vote; a key reused with another body is refused; the keys and
 * the feed's superseded changes are dropped by the housekeeping after their retention.
 */
class OpinionRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEED = "confirmed-hashes";
  private static final String INDICATOR = FeedPublisher.indicatorId("sha256", Fixture.SHA256);

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Fixture.KNOWN.plus(Duration.ofHours(1)));

  private static String opinion(String kind) {
    return "{\"feed\":\"" + FEED + "\",\"indicator\":\"" + INDICATOR + "\",\"opinion\":\"" + kind + "\"}";
  }

  private static void report(Fixture ch, String platform) throws Exception {
    Report report = Fixture.report("u_1");
    String secret = ch.credential(platform, Scope.REPORTS_WRITE);
    assertThat(ch.post("/v1/reports", secret, report.id(), "application/json", ReportJson.write(report)).statusCode())
        .isEqualTo(201);
  }

  /** Whether the feed's current state (a full sync from the start) still holds the indicator. */
  private static boolean published(Fixture ch, String reader) throws Exception {
    HttpResponse<String> page = ch.send("GET", "/v1/feeds/" + FEED + "/changes?limit=1000", reader);
    assertThat(page.statusCode()).isEqualTo(200);
    boolean present = false;
    for (JsonNode change : JSON.readTree(page.body()).get("changes")) {
      if (INDICATOR.equals(change.path("id").asText(change.path("indicator").asText()))) {
        present = !change.path("op").asText().equals("delete");
      }
    }
    return present;
  }

  @Test
  void aRetriedOpinionCountsOnceEvenAfterTheNextVote() throws Exception {
    try (Fixture ch = Fixture.start(dir, clock)) {
      report(ch, "platform-a");
      String reader = ch.credential("platform-r", Scope.FEEDS_READ);
      String b = ch.credential("platform-b", Scope.OPINIONS_WRITE);
      assertThat(published(ch, reader)).isTrue();

      assertThat(ch.post("/v1/opinions", b, "op-b-1", opinion("FALSE_POSITIVE")).statusCode()).isEqualTo(202);
      assertThat(ch.post("/v1/opinions", b, "op-b-2", opinion("TRUE_POSITIVE")).statusCode()).isEqualTo(202);
      // The first request's retry arrives late: answered as before, and B's vote stays TRUE_POSITIVE.
      assertThat(ch.post("/v1/opinions", b, "op-b-1", opinion("FALSE_POSITIVE")).statusCode()).isEqualTo(202);
      for (String other : new String[] {"platform-c", "platform-d"}) {
        String secret = ch.credential(other, Scope.OPINIONS_WRITE);
        assertThat(ch.post("/v1/opinions", secret, "op-1", opinion("FALSE_POSITIVE")).statusCode()).isEqualTo(202);
      }
      // Two false positives (C, D), not three: B's late retry did not count again.
      assertThat(published(ch, reader)).isTrue();

      String e = ch.credential("platform-e", Scope.OPINIONS_WRITE);
      assertThat(ch.post("/v1/opinions", e, "op-1", opinion("FALSE_POSITIVE")).statusCode()).isEqualTo(202);
      assertThat(published(ch, reader)).isFalse();
    }
  }

  @Test
  void aKeyReusedWithAnotherBodyIsRefusedAndAMalformedKeyIsABadRequest() throws Exception {
    try (Fixture ch = Fixture.start(dir, clock)) {
      report(ch, "platform-a");
      String b = ch.credential("platform-b", Scope.OPINIONS_WRITE);
      assertThat(ch.post("/v1/opinions", b, "op-b-1", opinion("FALSE_POSITIVE")).statusCode()).isEqualTo(202);

      HttpResponse<String> reused = ch.post("/v1/opinions", b, "op-b-1", opinion("TRUE_POSITIVE"));
      assertThat(reused.statusCode()).isEqualTo(422);
      assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(JSON.readTree(reused.body()).get("type").asText()).endsWith("/idempotency-key-reused");

      HttpResponse<String> malformed = ch.post("/v1/opinions", b, "not a key!", opinion("TRUE_POSITIVE"));
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(malformed.body()).get("field").asText()).isEqualTo("Idempotency-Key");

      // Keys are per platform: another platform's same key is its own request.
      String c = ch.credential("platform-c", Scope.OPINIONS_WRITE);
      assertThat(ch.post("/v1/opinions", c, "op-b-1", opinion("TRUE_POSITIVE")).statusCode()).isEqualTo(202);
    }
  }

  @Test
  void housekeepingForgetsOldKeysAndPrunesSupersededFeedChanges() throws Exception {
    try (Fixture ch = Fixture.start(dir, clock)) {
      report(ch, "platform-a");
      String reader = ch.credential("platform-r", Scope.FEEDS_READ);
      String b = ch.credential("platform-b", Scope.OPINIONS_WRITE);
      assertThat(ch.post("/v1/opinions", b, "op-b-1", opinion("FALSE_POSITIVE")).statusCode()).isEqualTo(202);
      HttpResponse<String> first = ch.send("GET", "/v1/feeds/" + FEED + "/changes?limit=1", reader);
      String oldCursor = JSON.readTree(first.body()).get("next").asText();

      clock.advance(Duration.ofDays(6));
      assertThat(ch.server.maintainNow()).isEqualTo(new Maintenance.Result(0, 0));
      assertThat(ch.post("/v1/opinions", b, "op-b-1", opinion("TRUE_POSITIVE")).statusCode()).isEqualTo(422);

      // Past the 7 days the key is forgotten: the same key is a new request.
      clock.advance(Duration.ofDays(2));
      String a = ch.credential("platform-a", Scope.REPORTS_WRITE);
      Report report = Fixture.report("u_1");
      assertThat(ch.post("/v1/reports/" + report.id() + "/retract", a, null, "{\"reason\":\"not abuse\"}")
          .statusCode()).isEqualTo(200);
      Maintenance.Result week = ch.server.maintainNow();
      assertThat(week.opinionKeysForgotten()).isEqualTo(1);
      assertThat(week.feedChangesPruned()).isZero();
      assertThat(ch.post("/v1/opinions", b, "op-b-1", opinion("TRUE_POSITIVE")).statusCode()).isEqualTo(202);
      assertThat(ch.send("GET", "/v1/feeds/" + FEED + "/changes?after=" + oldCursor, reader).statusCode())
          .isEqualTo(200);

      // Past the feed retention the two upserts the withdrawal superseded go, and the old cursor is
      // answered 410 (its client syncs in full); a day later the deletes themselves.
      clock.advance(ClearinghouseServer.DEFAULT_FEED_RETENTION);
      assertThat(ch.server.maintainNow().feedChangesPruned()).isEqualTo(2);
      HttpResponse<String> gone = ch.send("GET", "/v1/feeds/" + FEED + "/changes?after=" + oldCursor, reader);
      assertThat(gone.statusCode()).isEqualTo(410);
      assertThat(JSON.readTree(gone.body()).get("status").asInt()).isEqualTo(410);
      clock.advance(Duration.ofDays(1));
      assertThat(ch.server.maintainNow().feedChangesPruned()).isEqualTo(2);
      assertThat(published(ch, reader)).isFalse();
    }
  }
}
