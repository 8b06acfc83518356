package io.tripline.feed;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.image.FileDigests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clearinghouse outage, end to end: signed pages from a local server, a snapshot on disk. */
class FeedSyncOutageTest {

  private static final String FEED = "confirmed-hashes";
  private static final byte[] FILE = "a file that is not an image".getBytes(StandardCharsets.US_ASCII);
  private static final String MD5 = FileDigests.of(FILE).md5();
  private static final KeyPair KEYS = keyPair();

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static MockResponse signed(String body) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(KEYS.getPrivate());
      signature.update(body.getBytes(StandardCharsets.UTF_8));
      String header = "keyid=k1, ed25519=" + Base64.getEncoder().encodeToString(signature.sign());
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
          .setHeader(SignatureVerifier.HEADER, header).body(body).build();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String page(String next, String... changes) {
    return "{\"feed\":\"" + FEED + "\",\"changes\":[" + String.join(",", changes) + "],\"next\":\"" + next
        + "\",\"more\":false}";
  }

  private static final String UPSERT = "{\"op\":\"upsert\",\"id\":\"ind-a\",\"signal\":{\"type\":\"md5\",\"value\":\""
      + MD5 + "\"},\"labels\":[\"csam\"],\"severity\":\"high\",\"addedAt\":\"2026-11-28T10:00:00Z\",\"expiresAt\":null}";
  private static final String DELETE = "{\"op\":\"delete\",\"id\":\"ind-a\",\"reason\":\"withdrawn\"}";

  private ClearinghouseFeed feed(String baseUrl) {
    return ClearinghouseFeed.builder()
        .baseUrl(baseUrl)
        .feedId(FEED)
        .credential("tl_test_credential-0123456789")
        .publicKeys(Map.of("k1", KEYS.getPublic()))
        .readTimeout(Duration.ofMillis(500))
        .callTimeout(Duration.ofSeconds(3))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .retries(2, Duration.ofSeconds(5))
        .build();
  }

  private FeedSync sync(Tripline tripline, Feed feed, FeedSyncTest.ManualScheduler scheduler) {
    return FeedSync.builder(tripline).feed(feed, Duration.ofMinutes(5)).scheduler(scheduler).clock(clock)
        .snapshot(dir.resolve("indicators.snap")).build();
  }

  private static Verdict inspect(Tripline tripline) {
    return tripline.inspect(Submission.builder().file("doc", "a.txt", "text/plain", FILE).build());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request;
  }

  @Test
  void theLastSnapshotKeepsBlockingThroughAnOutageAndARestartAndADeleteLandsAfterIt() throws Exception {
    FeedSyncTest.ManualScheduler scheduler = new FeedSyncTest.ManualScheduler();
    Tripline tripline = Tripline.builder().build();
    try (FeedSync sync = sync(tripline, feed(server.url("/").toString()), scheduler)) {
      server.enqueue(signed(page("c-1", UPSERT)));
      sync.start();
      scheduler.runAll();
      assertThat(inspect(tripline)).isInstanceOf(Verdict.Block.class);

      // Down: every attempt of two runs fails.
      for (int i = 0; i < 4; i++) {
        server.enqueue(new MockResponse.Builder().code(503).build());
      }
      scheduler.runAll();
      scheduler.runAll();
      assertThat(sync.status().get(0).consecutiveFailures()).isEqualTo(2);
      assertThat(inspect(tripline)).isInstanceOf(Verdict.Block.class);

      // A restart while the network is down serves the snapshot at once.
      FeedSyncTest.ManualScheduler otherScheduler = new FeedSyncTest.ManualScheduler();
      Tripline restarted = Tripline.builder().build();
      try (FeedSync again = sync(restarted, feed("http://127.0.0.1:1/"), otherScheduler)) {
        again.start();
        assertThat(inspect(restarted)).isInstanceOf(Verdict.Block.class);
        otherScheduler.runAll();
        assertThat(again.status().get(0).consecutiveFailures()).isEqualTo(1);
        assertThat(inspect(restarted)).isInstanceOf(Verdict.Block.class);
      }

      // Back, with the indicator withdrawn: one sync and the same submission is allowed.
      server.enqueue(signed(page("c-2", DELETE)));
      scheduler.runAll();
      assertThat(inspect(tripline)).isInstanceOf(Verdict.Allow.class);
      assertThat(sync.status().get(0).consecutiveFailures()).isZero();

      assertThat(take().getUrl().queryParameter("after")).isNull();
      for (int i = 0; i < 4; i++) {
        assertThat(take().getUrl().queryParameter("after")).isEqualTo("c-1");
      }
      assertThat(take().getUrl().queryParameter("after")).isEqualTo("c-1");
    }
  }
}
