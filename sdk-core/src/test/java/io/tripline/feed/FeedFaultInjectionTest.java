package io.tripline.feed;

import io.tripline.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.Match;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.image.FileDigests;
import io.tripline.index.IndicatorIndex;
import io.tripline.index.SnapshotFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults injected end to end: a local clearinghouse serving signed pages, or misbehaving, pulled by
 * {@link ClearinghouseFeed} under a {@link FeedSync} with a manual scheduler and clock, judged
 * through {@link Tripline#inspect}, {@link FeedSync#status()} and the snapshot file on disk.
 */
class FeedFaultInjectionTest {

  private static final String FEED = "confirmed-hashes";
  private static final String PATH = "/v1/feeds/" + FEED + "/changes";
  private static final KeyPair KEYS = keyPair();
  /** A key the SDK does not pin: what a forger holds. */
  private static final KeyPair ROGUE_KEYS = keyPair();

  /** Uploads by name; each indicator's md5 signal is the digest of one of them. */
  private static final Map<String, byte[]> FILES = files("A", "B", "C", "D", "E", "F");
  /** Every indicator id any test mentions, to check absences as well as presences. */
  private static final List<String> IDS = List.of("a", "b", "c", "d", "e", "x", "y", "z");

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @TempDir
  Path dir;

  private final FakeClearinghouse clearinghouse = new FakeClearinghouse();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final FeedSyncTest.ManualScheduler scheduler = new FeedSyncTest.ManualScheduler();
  private final Tripline tripline = Tripline.builder().build();
  private RecordingFeed feed;
  private FeedSync sync;

  @BeforeEach
  void startSync() {
    server.setDispatcher(clearinghouse);
    feed = new RecordingFeed(ClearinghouseFeed.builder()
        .baseUrl(server.url("/").toString())
        .feedId(FEED)
        .credential("tl_test_credential-0123456789")
        .publicKeys(Map.of("k1", KEYS.getPublic()))
        .connectTimeout(Duration.ofMillis(500))
        .readTimeout(Duration.ofMillis(100))
        .callTimeout(Duration.ofSeconds(2))
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .retries(2, Duration.ofSeconds(2))
        .build());
    sync = FeedSync.builder(tripline).feed(feed, Duration.ofMinutes(5)).scheduler(scheduler).clock(clock)
        .snapshot(snapshot()).build();
    sync.start();
  }

  @AfterEach
  void closeSync() {
    sync.close();
  }

  // --- 1. slow bodies -----------------------------------------------------------------------

  @Test
  void aBodyTricklingSlowerThanTheReadTimeoutFailsTheRunRetryablyKeepsServingAndLandsOnTheNextRun()
      throws Exception {
    clearinghouse.page(null, page("c-1", false, upsert("a", "A")));
    run();
    Instant firstSync = clock.instant();
    IndicatorIndex good = tripline.index();
    byte[] goodFile = Files.readAllBytes(snapshot());

    // 8 bytes every 250 ms: some 10 s for the page, a read blocking 250 ms against a 100 ms timeout.
    String slow = page("c-2", false, upsert("b", "B"), delete("a"));
    clearinghouse.page("c-1", () -> signed(slow).throttleBody(8, 250, TimeUnit.MILLISECONDS).build());
    clearinghouse.requests.clear();
    long start = System.nanoTime();
    run();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Both attempts ended by the 100 ms read timeout: ended by the 2 s call timeout, they would take 4 s.
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(clearinghouse.cursors()).hasSize(2).containsOnly("c-1");
    assertThat(feed.failures).hasSize(1);
    assertThat(feed.failures.get(0).retryable()).isTrue();
    FeedSync.Status failed = status();
    assertThat(failed.consecutiveFailures()).isEqualTo(1);
    assertThat(failed.lastError()).contains(FEED).contains("unreachable").containsIgnoringCase("timeout");
    assertThat(failed.lastSuccess()).isEqualTo(firstSync);
    assertThat(failed.age()).isEqualTo(Duration.ofMinutes(5));
    assertThat(failed.lastApplied()).isEqualTo(1);
    assertThat(tripline.index()).isSameAs(good);
    assertServes(Map.of("a", "A"));
    assertThat(Files.readAllBytes(snapshot())).isEqualTo(goodFile);
    assertThat(SnapshotFile.previousOf(snapshot())).as("only one snapshot was ever written").doesNotExist();

    clearinghouse.page("c-1", () -> signed(slow).build());
    clearinghouse.requests.clear();
    run();

    assertThat(clearinghouse.cursors()).containsExactly("c-1");
    assertServes(Map.of("b", "B"));
    FeedSync.Status recovered = status();
    assertThat(recovered.consecutiveFailures()).isZero();
    assertThat(recovered.lastSuccess()).isEqualTo(clock.instant());
    assertThat(recovered.lastApplied()).isEqualTo(2);
    assertSnapshotOnDisk(Map.of("b", "B"), "c-2");
  }

  // --- 2. duplicate and out-of-order changes ------------------------------------------------

  @Test
  void duplicateAndOutOfOrderChangesAcrossPagesEndAsTheirInOrderReplayAndRedeliveryIsIdempotent() {
    List<Change> page1 = List.of(
        Change.upsert("a", "A"),
        Change.upsert("a", "A"),   // the same upsert twice in one page
        Change.delete("x"),        // before x was ever upserted: nothing to delete yet
        Change.upsert("b", "B"),
        Change.upsert("c", "C"));
    List<Change> page2 = List.of(
        Change.upsert("a", "A"),   // the same upsert again, one page later
        Change.upsert("x", "D"),   // x arrives after its delete
        Change.delete("b"),
        Change.upsert("y", "E"),
        Change.upsert("y", "F"),   // one id, two signals in one page: the last wins
        Change.delete("z"));       // never known at all
    List<Change> page3 = List.of(
        Change.upsert("b", "B"),   // upsert, delete, upsert across three pages
        Change.upsert("c", "D"));  // c moves from C to D, which x holds too
    String body1 = page("c-1", false, json(page1));
    String body2 = page("c-2", true, json(page2));
    String body3 = page("c-3", false, json(page3));
    Map<String, String> expected = replay(page1, page2, page3);
    assertThat(expected).as("the in-order replay").isEqualTo(Map.of(
        "a", "A", "b", "B", "c", "D", "x", "D", "y", "F"));

    clearinghouse.page(null, body1);
    run();

    assertThat(status().lastError()).isNull();
    assertThat(status().lastApplied()).isEqualTo(5);
    assertServes(replay(page1));
    assertThat(replay(page1)).isEqualTo(Map.of("a", "A", "b", "B", "c", "C"));

    clearinghouse.page("c-1", body2);
    clearinghouse.page("c-2", body3);
    run();

    assertThat(status().consecutiveFailures()).isZero();
    assertThat(status().lastApplied()).isEqualTo(page2.size() + page3.size());
    assertServes(expected);
    assertSnapshotOnDisk(expected, "c-3");

    // The clearinghouse repeats its last page to the cursor that page gave.
    clearinghouse.page("c-3", body3);
    IndicatorIndex before = tripline.index();
    run();

    assertThat(status().consecutiveFailures()).isZero();
    assertThat(status().lastApplied()).isEqualTo(page3.size());
    assertThat(tripline.index().size()).isEqualTo(before.size());
    assertServes(expected);
    assertSnapshotOnDisk(expected, "c-3");

    // Its cursor rolled back: it answers c-3 with pages 2 and 3 again, all of them applied before.
    clearinghouse.page("c-3", body2);
    clearinghouse.requests.clear();
    run();

    assertThat(clearinghouse.cursors()).containsExactly("c-3", "c-2");
    assertThat(status().consecutiveFailures()).isZero();
    assertThat(status().lastApplied()).isEqualTo(page2.size() + page3.size());
    assertServes(expected);
    assertSnapshotOnDisk(expected, "c-3");
  }

  @Test
  void aRestartFromASnapshotWhoseCursorLagsItsIndexReappliesThePagesToTheSameResult() {
    List<Change> page1 = List.of(Change.upsert("a", "A"), Change.upsert("b", "B"));
    List<Change> page2 = List.of(Change.delete("a"), Change.upsert("b", "C"), Change.upsert("a", "D"));
    clearinghouse.page(null, page("c-1", false, json(page1)));
    clearinghouse.page("c-1", page("c-2", false, json(page2)));
    run();
    run();
    Map<String, String> expected = replay(page1, page2);
    assertServes(expected);

    // The newest index on disk, saved with the older cursor: the pages after it come again.
    SnapshotFile.write(SnapshotFile.read(snapshot()).index(), Map.of("cursor." + FEED, "c-1"), snapshot());
    sync.close();
    Tripline restarted = Tripline.builder().build();
    FeedSyncTest.ManualScheduler otherScheduler = new FeedSyncTest.ManualScheduler();
    clearinghouse.requests.clear();
    try (FeedSync again = FeedSync.builder(restarted).feed(feed, Duration.ofMinutes(5)).scheduler(otherScheduler)
        .clock(clock).snapshot(snapshot()).build()) {
      again.start();
      assertServes(restarted, expected);
      otherScheduler.runAll();

      assertThat(clearinghouse.cursors()).containsExactly("c-1");
      assertThat(again.status().get(0).consecutiveFailures()).isZero();
      assertThat(again.status().get(0).lastApplied()).isEqualTo(page2.size());
      assertServes(restarted, expected);
      assertSnapshotOnDisk(expected, "c-2");
    }
  }

  // --- 3. a flapping feed -------------------------------------------------------------------

  @Test
  void aFeedFlappingBetweenUpAndDownServesTheLastGoodStateThroughEveryFaultAndEveryChangeAfterIt()
      throws Exception {
    Flapping flapping = new Flapping();

    flapping.good(null, "c-1", Map.of("a", "A", "b", "B"), upsert("a", "A"), upsert("b", "B"));
    flapping.bad(() -> new MockResponse.Builder().code(500).build(), true);
    flapping.good("c-1", "c-2", Map.of("b", "B", "c", "C"), upsert("c", "C"), delete("a"));
    flapping.bad(FeedFaultInjectionTest::disconnect, true);
    flapping.bad(() -> truncated(page("c-3", false, delete("b"), delete("c"))), true);
    flapping.bad(() -> cutShort(page("c-3", false, delete("b"), delete("c"))), false);
    flapping.bad(() -> new MockResponse.Builder().code(503).build(), true);
    // Down for the first attempt of the run only: the retry within the run brings the page.
    clearinghouse.failNext(1, FeedFaultInjectionTest::disconnect);
    flapping.good("c-2", "c-3", Map.of("a", "D", "b", "B"), upsert("a", "D"), delete("c"));
    flapping.bad(() -> truncated(page("c-4", false, upsert("e", "E"))), true);
    flapping.good("c-3", "c-4", Map.of("a", "D", "b", "B", "e", "E"), upsert("e", "E"));

    assertThat(feed.failures).extracting(FeedException::retryable)
        .containsExactly(true, true, true, false, true, true);
  }

  @Test
  void anOutageInTheMiddleOfAResyncKeepsServingWhatTheResyncHasNotRedeliveredYet() {
    clearinghouse.page(null, page("c-1", false, upsert("a", "A"), upsert("b", "B")));
    run();

    // The cursor expired: a full resync of two pages, and the clearinghouse goes down after the first.
    clearinghouse.page("c-1", () -> new MockResponse.Builder().code(410).build());
    clearinghouse.page(null, page("r-1", true, upsert("a", "A")));
    clearinghouse.page("r-1", () -> new MockResponse.Builder().code(503).build());
    clearinghouse.requests.clear();
    run();

    assertThat(clearinghouse.cursors()).containsExactly("c-1", null, "r-1", "r-1");
    assertThat(status().consecutiveFailures()).isEqualTo(1);
    // Half a resync is a truncated feed: b may well be on its second page, so b still blocks.
    assertServes(Map.of("a", "A", "b", "B"));
    assertIndexHolds(SnapshotFile.read(snapshot()).index(), Map.of("a", "A", "b", "B"));

    // Back up: the second page ends the resync, without b, which only now is known withdrawn.
    clearinghouse.page("r-1", page("r-2", false, upsert("c", "C")));
    clearinghouse.requests.clear();
    run();

    assertThat(status().consecutiveFailures()).isZero();
    assertServes(Map.of("a", "A", "c", "C"));
    assertSnapshotOnDisk(Map.of("a", "A", "c", "C"), "r-2");
  }

  /** Runs of the flapping test: each checks what is served, the status and the file on disk. */
  private final class Flapping {
    private Map<String, String> lastGood = Map.of();
    private @Nullable String lastCursor;
    private @Nullable Instant lastSuccess;
    private int failures;
    private int applied;

    /** A run that brings the page of {@code changes} from cursor {@code after} to {@code next}. */
    void good(@Nullable String after, String next, Map<String, String> expected, String... changes) {
      clearinghouse.page(after, page(next, false, changes));
      clearinghouse.requests.clear();
      run();
      assertThat(clearinghouse.cursors()).as("cursors asked").isNotEmpty().containsOnly(after);
      lastGood = expected;
      lastCursor = next;
      lastSuccess = clock.instant();
      failures = 0;
      applied = changes.length;
      check();
    }

    /** A run where every request of the run gets {@code fault}. */
    void bad(Supplier<MockResponse> fault, boolean retryable) throws IOException {
      clearinghouse.down(fault);
      clearinghouse.requests.clear();
      int failuresSeen = feed.failures.size();
      byte[] file = Files.readAllBytes(snapshot());
      IndicatorIndex serving = tripline.index();
      run();
      clearinghouse.up();
      assertThat(clearinghouse.cursors()).as("cursors asked").isNotEmpty().containsOnly(lastCursor);
      assertThat(feed.failures).hasSize(failuresSeen + 1);
      assertThat(feed.failures.get(failuresSeen).retryable()).isEqualTo(retryable);
      assertThat(tripline.index()).isSameAs(serving);
      assertThat(Files.readAllBytes(snapshot())).isEqualTo(file);
      failures++;
      assertThat(status().lastError()).isNotNull().contains(FEED);
      check();
    }

    private void check() {
      assertServes(lastGood);
      FeedSync.Status status = status();
      assertThat(status.consecutiveFailures()).isEqualTo(failures);
      assertThat(status.lastSuccess()).isEqualTo(lastSuccess);
      assertThat(status.lastApplied()).isEqualTo(applied);
      assertSnapshotOnDisk(lastGood, lastCursor);
      assertThat(SnapshotFile.read(snapshot()).metadata()).containsEntry("synced." + FEED, String.valueOf(lastSuccess));
    }
  }

  // --- 4. forged pages ----------------------------------------------------------------------

  /** How a page is forged. */
  enum Forgery {
    /** Signed with a key the SDK does not pin, under that key's id. */
    UNKNOWN_KEY_ID,
    /** Signed with a key the SDK does not pin, under the pinned key's id. */
    WRONG_KEY_UNDER_A_PINNED_ID,
    /** The genuine signature of another body: changes spliced into a signed page. */
    BODY_CHANGED_AFTER_SIGNING
  }

  @ParameterizedTest
  @EnumSource(Forgery.class)
  void aForgedPageMidSequenceAppliesNothingOfItAndItsCursorIsAskedAgain(Forgery forgery) {
    clearinghouse.page(null, page("c-1", false, upsert("a", "A")));
    run();
    // Page c-2 is genuine; the one after it is forged, with valid-looking changes.
    clearinghouse.page("c-1", page("c-2", true, upsert("d", "D")));
    String genuine = page("c-3", false, upsert("e", "E"));
    String forged = page("c-3", false, upsert("b", "B"), upsert("c", "C"), delete("a"), upsert("d", "F"));
    clearinghouse.page("c-2", () -> forge(forgery, genuine, forged));
    clearinghouse.requests.clear();
    run();

    assertThat(clearinghouse.cursors()).containsExactly("c-1", "c-2");
    assertThat(feed.failures).hasSize(1);
    assertThat(feed.failures.get(0).retryable()).isFalse();
    FeedSync.Status refused = status();
    assertThat(refused.consecutiveFailures()).isEqualTo(1);
    assertThat(refused.lastError()).contains(FEED).contains("refused");
    assertThat(refused.lastSuccess()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    Map<String, String> beforeForgery = Map.of("a", "A", "d", "D");
    assertServes(beforeForgery);
    assertSnapshotOnDisk(beforeForgery, "c-2");

    clearinghouse.requests.clear();
    run();

    assertThat(clearinghouse.cursors()).as("the cursor did not move past the forged page").containsExactly("c-2");
    assertThat(status().consecutiveFailures()).isEqualTo(2);
    assertServes(beforeForgery);
    assertSnapshotOnDisk(beforeForgery, "c-2");

    clearinghouse.page("c-2", genuine);
    clearinghouse.requests.clear();
    run();

    assertThat(clearinghouse.cursors()).containsExactly("c-2");
    assertThat(status().consecutiveFailures()).isZero();
    assertThat(status().lastApplied()).isEqualTo(1);
    Map<String, String> after = Map.of("a", "A", "d", "D", "e", "E");
    assertServes(after);
    assertSnapshotOnDisk(after, "c-3");
  }

  private static MockResponse forge(Forgery forgery, String genuine, String forged) {
    byte[] forgedBytes = forged.getBytes(StandardCharsets.UTF_8);
    String header = switch (forgery) {
      case UNKNOWN_KEY_ID -> "keyid=k2, ed25519=" + sign(forgedBytes, ROGUE_KEYS.getPrivate());
      case WRONG_KEY_UNDER_A_PINNED_ID -> "keyid=k1, ed25519=" + sign(forgedBytes, ROGUE_KEYS.getPrivate());
      case BODY_CHANGED_AFTER_SIGNING ->
          "keyid=k1, ed25519=" + sign(genuine.getBytes(StandardCharsets.UTF_8), KEYS.getPrivate());
    };
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .setHeader(SignatureVerifier.HEADER, header).body(forged).build();
  }

  // --- the fake clearinghouse ---------------------------------------------------------------

  /**
   * Serves pages by the cursor asked for ({@code after}), or a fault to every request while down.
   * Answers by state rather than a queue, so connection retries inside OkHttp cannot shift which
   * request gets which answer.
   */
  private static final class FakeClearinghouse extends Dispatcher {
    private static final String FULL_SYNC = "";
    private final Map<String, Supplier<MockResponse>> pages = new ConcurrentHashMap<>();
    private volatile @Nullable Supplier<MockResponse> outage;
    private final AtomicInteger outageLeft = new AtomicInteger();
    /** The {@code after} of every request received ({@link #FULL_SYNC} for none). */
    final List<String> requests = new CopyOnWriteArrayList<>();

    void page(@Nullable String after, String body) {
      page(after, () -> signed(body).build());
    }

    void page(@Nullable String after, Supplier<MockResponse> response) {
      pages.put(after == null ? FULL_SYNC : after, response);
    }

    /** Every request gets {@code fault} until {@link #up()}. */
    void down(Supplier<MockResponse> fault) {
      outage = fault;
      outageLeft.set(Integer.MAX_VALUE);
    }

    /** The next {@code n} requests get {@code fault}. */
    void failNext(int n, Supplier<MockResponse> fault) {
      outage = fault;
      outageLeft.set(n);
    }

    void up() {
      outageLeft.set(0);
    }

    /** The cursors asked for, {@code null} for a full sync. */
    List<@Nullable String> cursors() {
      List<@Nullable String> out = new ArrayList<>();
      requests.forEach(r -> out.add(r.equals(FULL_SYNC) ? null : r));
      return out;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (!PATH.equals(request.getUrl().encodedPath())) {
        return new MockResponse.Builder().code(404).build();
      }
      String after = request.getUrl().queryParameter("after");
      requests.add(after == null ? FULL_SYNC : after);
      Supplier<MockResponse> fault = outage;
      if (fault != null && outageLeft.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
        return fault.get();
      }
      Supplier<MockResponse> page = pages.get(after == null ? FULL_SYNC : after);
      // An unknown cursor is a 404, which the feed refuses: a test serving the wrong page fails.
      return page != null ? page.get() : new MockResponse.Builder().code(404).build();
    }
  }

  private static MockResponse.Builder signed(String body) {
    return new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json")
        .setHeader(SignatureVerifier.HEADER,
            "keyid=k1, ed25519=" + sign(body.getBytes(StandardCharsets.UTF_8), KEYS.getPrivate()))
        .body(body);
  }

  /** The connection closed once the request is read, before any response. */
  private static MockResponse disconnect() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
  }

  /** A signed page whose connection drops before the length its header announced. */
  private static MockResponse truncated(String body) {
    return signed(body).setHeader("Content-Length", body.length() + 100)
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  /** A complete response holding only the first part of a signed page. */
  private static MockResponse cutShort(String body) {
    String signature = signed(body).build().getHeaders().get(SignatureVerifier.HEADER);
    return new MockResponse.Builder().code(200).setHeader(SignatureVerifier.HEADER, signature)
        .body(body.substring(0, body.length() / 2)).build();
  }

  // --- pages and changes --------------------------------------------------------------------

  private static String page(String next, boolean more, String... changes) {
    return "{\"feed\":\"" + FEED + "\",\"changes\":[" + String.join(",", changes) + "],\"next\":\"" + next
        + "\",\"more\":" + more + "}";
  }

  private static String upsert(String id, String file) {
    return "{\"op\":\"upsert\",\"id\":\"" + id + "\",\"signal\":{\"type\":\"md5\",\"value\":\"" + md5(file)
        + "\"},\"labels\":[\"csam\"],\"severity\":\"high\",\"addedAt\":\"2026-11-28T10:00:00Z\",\"expiresAt\":null}";
  }

  private static String delete(String id) {
    return "{\"op\":\"delete\",\"id\":\"" + id + "\",\"reason\":\"withdrawn\"}";
  }

  /** One change of a page, for pages built from a list and replayed as the expected state. */
  private record Change(String id, @Nullable String file) {
    static Change upsert(String id, String file) {
      return new Change(id, file);
    }

    static Change delete(String id) {
      return new Change(id, null);
    }
  }

  private static String[] json(List<Change> changes) {
    return changes.stream().map(c -> c.file() != null ? upsert(c.id(), c.file()) : delete(c.id()))
        .toArray(String[]::new);
  }

  /** What applying the pages' changes one by one, in order, leaves: indicator id to file. */
  @SafeVarargs
  private static Map<String, String> replay(List<Change>... pages) {
    Map<String, String> state = new LinkedHashMap<>();
    for (List<Change> page : pages) {
      for (Change change : page) {
        if (change.file() != null) {
          state.put(change.id(), change.file());
        } else {
          state.remove(change.id());
        }
      }
    }
    return state;
  }

  // --- assertions ---------------------------------------------------------------------------

  private void run() {
    clock.advance(Duration.ofMinutes(5));
    scheduler.runAll();
  }

  private FeedSync.Status status() {
    return sync.status().get(0);
  }

  private Path snapshot() {
    return dir.resolve("indicators.snap");
  }

  private void assertServes(Map<String, String> expected) {
    assertServes(tripline, expected);
  }

  /**
   * {@code tripline} holds exactly the indicators {@code expected} names (id to file), and an
   * upload of each file matches exactly the indicators whose signal it is.
   */
  private static void assertServes(Tripline tripline, Map<String, String> expected) {
    assertIndexHolds(tripline.index(), expected);
    for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
      Verdict verdict = tripline.inspect(
          Submission.builder().file("upload", file.getKey() + ".txt", "text/plain", file.getValue()).build());
      List<String> ids = idsOf(expected, file.getKey());
      assertThat(verdict.matches()).as("matches of file %s", file.getKey())
          .extracting(Match::indicatorId).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(verdict).as("verdict on file %s", file.getKey())
          .isInstanceOf(ids.isEmpty() ? Verdict.Allow.class : Verdict.Block.class);
    }
  }

  private static void assertIndexHolds(IndicatorIndex index, Map<String, String> expected) {
    assertThat(index.size()).as("indicators held").isEqualTo(expected.size());
    for (String id : IDS) {
      Optional<Indicator> found = index.find(FEED, id);
      if (expected.containsKey(id)) {
        assertThat(found).as("indicator %s", id).map(Indicator::value).contains(md5(expected.get(id)));
      } else {
        assertThat(found).as("indicator %s", id).isEmpty();
      }
    }
    for (String file : FILES.keySet()) {
      assertThat(index.exact("md5", md5(file))).as("indicators of file %s", file)
          .extracting(Indicator::id).containsExactlyInAnyOrderElementsOf(idsOf(expected, file));
    }
  }

  /** The snapshot file reads back whole, as {@code expected} at {@code cursor}, and nothing half written is left. */
  private void assertSnapshotOnDisk(Map<String, String> expected, @Nullable String cursor) {
    SnapshotFile.Snapshot onDisk = SnapshotFile.read(snapshot());
    assertIndexHolds(onDisk.index(), expected);
    assertThat(onDisk.metadata().get("cursor." + FEED)).isEqualTo(cursor);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.equals("indicators.snap") || name.equals("indicators.snap.previous"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> idsOf(Map<String, String> state, String file) {
    return state.entrySet().stream().filter(e -> e.getValue().equals(file)).map(Map.Entry::getKey).toList();
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static Map<String, byte[]> files(String... names) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, ("upload " + name + ", not an image").getBytes(StandardCharsets.US_ASCII));
    }
    return out;
  }

  private static String md5(String file) {
    return FileDigests.of(FILES.get(file)).md5();
  }

  private static KeyPair keyPair() {
    return Ed25519TestKeys.keyPair();
  }

  private static String sign(byte[] body, PrivateKey key) {
    return Ed25519TestKeys.sign(body, key);
  }

  /** Passes pulls through, keeping every {@link FeedException}, to tell refusals from outages. */
  private static final class RecordingFeed implements Feed {
    private final Feed delegate;
    final List<FeedException> failures = new CopyOnWriteArrayList<>();

    RecordingFeed(Feed delegate) {
      this.delegate = delegate;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public FeedPage pull(@Nullable String cursor) {
      try {
        return delegate.pull(cursor);
      } catch (FeedException e) {
        failures.add(e);
        throw e;
      }
    }
  }
}
