package io.tripline.report.ncmec;

import io.tripline.testkit.MutableClock;
import static io.tripline.report.ncmec.NcmecFixtures.twoFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.ncmec.NcmecFixtures.Crash;
import io.tripline.report.ncmec.NcmecFixtures.Store;
import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.JournalRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal records of {@link NcmecSink}: written per progress event, replayed to the send state. */
class NcmecJournalTest {

  private static final Instant T = Instant.parse("2026-11-28T09:00:00Z");

  private final MutableClock clock = new MutableClock(T);
  private final FakeNcmec fake = new FakeNcmec(clock).credentials("test", "esp-test", "t3st-Pa55word");

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() {
    server.setDispatcher(fake);
  }

  private NcmecClient client() {
    return NcmecClient.builder()
        .environment(NcmecEnvironment.TEST)
        .credentials(NcmecEnvironment.TEST, "esp-test", "t3st-Pa55word".toCharArray())
        .baseUrl(NcmecEnvironment.TEST, server.url("/test/ispws/").toString())
        .clock(clock)
        .readTimeout(Duration.ofSeconds(5))
        .retries(2, 2)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
  }

  /**
   * Hands every event to the fixtures' reference {@link Store} and to the journal's recorder, and
   * crashes right after the event {@code crashAt} was kept by both.
   */
  private static final class Tee implements NcmecProgress {
    final Store store = new Store();
    final DeliveryJournal journal = DeliveryJournal.inMemory();
    final NcmecJournal.Recorder recorder;
    @Nullable String crashAt;

    Tee(MutableClock clock) {
      recorder = new NcmecJournal.Recorder(journal, clock, null);
    }

    private void after(String event) {
      if (event.equals(crashAt)) {
        crashAt = null;
        throw new Crash(event);
      }
    }

    @Override
    public void reportOpened(long reportId, Instant at, @Nullable String requestId) {
      store.reportOpened(reportId, at, requestId);
      recorder.reportOpened(reportId, at, requestId);
      after("reportOpened");
    }

    @Override
    public void uploadStarting(long reportId, int fileIndex, Instant at) {
      store.uploadStarting(reportId, fileIndex, at);
      recorder.uploadStarting(reportId, fileIndex, at);
      after("uploadStarting:" + fileIndex);
    }

    @Override
    public void fileUploaded(long reportId, int fileIndex, String fileId, String md5, Instant at,
        @Nullable String requestId) {
      store.fileUploaded(reportId, fileIndex, fileId, md5, at, requestId);
      recorder.fileUploaded(reportId, fileIndex, fileId, md5, at, requestId);
      after("fileUploaded:" + fileIndex);
    }

    @Override
    public void fileDetailsSent(long reportId, int fileIndex, Instant at, @Nullable String requestId) {
      store.fileDetailsSent(reportId, fileIndex, at, requestId);
      recorder.fileDetailsSent(reportId, fileIndex, at, requestId);
      after("fileDetailsSent:" + fileIndex);
    }

    @Override
    public void finished(long reportId, Instant at, @Nullable String requestId) {
      store.finished(reportId, at, requestId);
      recorder.finished(reportId, at, requestId);
      after("finished");
    }

    @Override
    public void abandoned(long reportId, String reason) {
      store.abandoned(reportId, reason);
      recorder.abandoned(reportId, reason);
    }

    @Override
    public void called(NcmecCall call) {
      store.called(call);
      recorder.called(call);
    }

    NcmecJournal.Replay replay() {
      return NcmecJournal.replay(journal.records());
    }
  }

  // --- Format -------------------------------------------------------------------------------

  @Test
  void eachEventIsOneCompactJsonRecord() {
    assertThat(NcmecJournal.opened(70000001, T, "req-1"))
        .isEqualTo("{\"event\":\"opened\",\"reportId\":70000001,\"at\":\"2026-11-28T09:00:00Z\",\"requestId\":\"req-1\"}");
    assertThat(NcmecJournal.uploadStarting(70000001, 0, T))
        .isEqualTo("{\"event\":\"uploadStarting\",\"reportId\":70000001,\"fileIndex\":0,\"at\":\"2026-11-28T09:00:00Z\"}");
    assertThat(NcmecJournal.fileUploaded(70000001, 1, "f2", "0".repeat(32), T, null))
        .isEqualTo("{\"event\":\"fileUploaded\",\"reportId\":70000001,\"fileIndex\":1,\"fileId\":\"f2\",\"md5\":\""
            + "0".repeat(32) + "\",\"at\":\"2026-11-28T09:00:00Z\"}");
    assertThat(NcmecJournal.files(List.of("ev_2", "ev_3"), T))
        .isEqualTo("{\"event\":\"files\",\"evidence\":[\"ev_2\",\"ev_3\"],\"at\":\"2026-11-28T09:00:00Z\"}");
    assertThat(NcmecJournal.called(new NcmecCall("finish", 200, 5102, "req-\"9\"", T)))
        .isEqualTo("{\"event\":\"called\",\"endpoint\":\"finish\",\"httpStatus\":200,\"responseCode\":5102,"
            + "\"requestId\":\"req-\\\"9\\\"\",\"at\":\"2026-11-28T09:00:00Z\"}");
    assertThat(NcmecJournal.abandoned(7, "x".repeat(2000), T)).hasSizeLessThan(700);
  }

  @Test
  void anUploadStartedWithoutItsFileIdIsReplayedAsUploading() {
    NcmecJournal.Replay replay = NcmecJournal.replay(records(
        NcmecJournal.files(List.of("ev_2", "ev_3"), T),
        NcmecJournal.opened(70000001, T, "req-1"),
        NcmecJournal.uploadStarting(70000001, 0, T.plusSeconds(1)),
        NcmecJournal.fileUploaded(70000001, 0, "f1", "a".repeat(32), T.plusSeconds(2), "req-2"),
        NcmecJournal.fileDetailsSent(70000001, 0, T.plusSeconds(3), "req-3"),
        NcmecJournal.uploadStarting(70000001, 1, T.plusSeconds(4))));

    assertThat(replay.files()).containsExactly("ev_2", "ev_3");
    assertThat(replay.state()).isEqualTo(NcmecSendState.opened(70000001, T).withUploadStarting(0)
        .withFileUploaded(0, "f1", "a".repeat(32), T.plusSeconds(2)).withFileDetailsSent(0, T.plusSeconds(3))
        .withUploadStarting(1));
    assertThat(replay.state().uploading()).containsExactly(1);
    assertThat(replay.state().lastChangeAt()).isEqualTo(T.plusSeconds(3));
  }

  @Test
  void anAbandonedReportIsForgottenAndTheNextOneReplayed() {
    NcmecJournal.Replay abandoned = NcmecJournal.replay(records(
        NcmecJournal.opened(70000001, T, null),
        NcmecJournal.uploadStarting(70000001, 0, T),
        NcmecJournal.abandoned(70000001, "expired", T.plusSeconds(4000))));
    assertThat(abandoned.state()).isEqualTo(NcmecSendState.fresh());

    NcmecJournal.Replay next = NcmecJournal.replay(records(
        NcmecJournal.opened(70000001, T, null),
        NcmecJournal.abandoned(70000001, "expired", T.plusSeconds(4000)),
        NcmecJournal.opened(70000002, T.plusSeconds(4001), "req-9"),
        NcmecJournal.abandoned(70000001, "a repeat of an old one changes nothing", T.plusSeconds(4002)),
        NcmecJournal.finished(70000002, T.plusSeconds(4003), "req-10")));
    assertThat(next.state()).isEqualTo(NcmecSendState.opened(70000002, T.plusSeconds(4001))
        .withFinished(T.plusSeconds(4003)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[1,2]",
      "{\"event\":\"teleported\",\"at\":\"2026-11-28T09:00:00Z\"}",
      "{\"event\":\"opened\",\"reportId\":\"seven\",\"at\":\"2026-11-28T09:00:00Z\"}",
      "{\"event\":\"opened\",\"reportId\":7,\"at\":\"yesterday\"}",
      "{\"event\":\"fileUploaded\",\"reportId\":8,\"fileIndex\":0,\"fileId\":\"f\",\"md5\":\"m\",\"at\":\"2026-11-28T09:00:00Z\"}",
      "{\"event\":\"fileDetailsSent\",\"reportId\":7,\"fileIndex\":3,\"at\":\"2026-11-28T09:00:00Z\"}",
      "{\"event\":\"uploadStarting\",\"reportId\":7,\"fileIndex\":-1,\"at\":\"2026-11-28T09:00:00Z\"}",
      "{\"event\":\"finished\",\"reportId\":7,\"at\":\"2026-11-28T09:00:00Z\"}{}"})
  void aRecordThatIsNotUnderstoodOrContradictsTheOthersMakesTheJournalUnreadable(String bad) {
    List<JournalRecord> records = records(NcmecJournal.opened(7, T, null), bad);
    assertThatThrownBy(() -> NcmecJournal.replay(records))
        .isInstanceOf(NcmecJournal.Unreadable.class)
        .hasMessageStartingWith("record 1 ");
  }

  @Test
  void aReportOpenedAfterAFinishIsAContradiction() {
    List<JournalRecord> records = records(NcmecJournal.opened(7, T, null), NcmecJournal.finished(7, T, null),
        NcmecJournal.opened(8, T, null));
    assertThatThrownBy(() -> NcmecJournal.replay(records))
        .isInstanceOf(NcmecJournal.Unreadable.class)
        .hasMessageContaining("record 2 (opened)")
        .hasMessageContaining("after report 7 was finished");
  }

  // --- Round trip through real sends --------------------------------------------------------

  @Test
  void aFullSendReplaysToTheStateTheReferenceStoreKept() {
    Tee tee = new Tee(clock);
    NcmecReceipt receipt = client().send(twoFiles(), tee);

    NcmecJournal.Replay replay = tee.replay();
    assertThat(replay.state()).isEqualTo(tee.store.state);
    assertThat(replay.state().finished()).isTrue();
    assertThat(NcmecJournal.fileIds(replay.state())).isEqualTo(receipt.fileIds());
    assertThat(replay.calls()).isEqualTo(receipt.calls()).isEqualTo(tee.store.calls);
  }

  @ParameterizedTest(name = "crash after {0}")
  @ValueSource(strings = {"reportOpened", "uploadStarting:0", "fileUploaded:0", "fileDetailsSent:0",
      "uploadStarting:1", "fileUploaded:1", "fileDetailsSent:1", "finished"})
  void aCrashedSendReplaysToTheSameStateAndResumesFromIt(String at) {
    NcmecClient client = client();
    Tee tee = new Tee(clock);
    tee.crashAt = at;
    assertThatThrownBy(() -> client.send(twoFiles(), tee)).isInstanceOf(Crash.class);
    NcmecSendState replayed = tee.replay().state();
    assertThat(replayed).isEqualTo(tee.store.state);
    clock.advance(Duration.ofMinutes(10));

    client.send(twoFiles(), replayed, tee);

    assertThat(tee.replay().state()).isEqualTo(tee.store.state);
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(tee.store.state.reportId()));
    assertThat(fake.violations()).isEmpty();
    // Only an upload of unknown outcome costs a second report (the first is retracted).
    assertThat(fake.count("submit")).isEqualTo(at.startsWith("uploadStarting") ? 2 : 1);
  }

  @Test
  void theTimestampsSurviveSoAnIdleReportExpiresOnReplay() {
    NcmecClient client = client();
    Tee tee = new Tee(clock);
    tee.crashAt = "fileDetailsSent:0";
    assertThatThrownBy(() -> client.send(twoFiles(), tee)).isInstanceOf(Crash.class);
    long stale = tee.replay().state().reportId();
    clock.advance(Duration.ofMinutes(61));
    NcmecSendState replayed = tee.replay().state();
    assertThat(replayed.expiredAt(clock.instant())).isTrue();

    NcmecReceipt receipt = client.send(twoFiles(), replayed, tee);

    assertThat(receipt.reportId()).isNotEqualTo(stale);
    assertThat(tee.journal.records()).extracting(JournalRecord::record)
        .anyMatch(r -> r.startsWith("{\"event\":\"abandoned\",\"reportId\":" + stale + ",\"reason\":\"expired"));
    assertThat(tee.replay().state()).isEqualTo(tee.store.state);
    assertThat(tee.replay().state().reportId()).isEqualTo(receipt.reportId());
    assertThat(fake.finished()).hasSize(1);
    assertThat(Set.copyOf(fake.deleted().stream().map(r -> r.id).toList())).containsExactly(stale);
  }

  private static List<JournalRecord> records(String... records) {
    List<JournalRecord> out = new ArrayList<>();
    for (String r : records) {
      out.add(new JournalRecord(1, T, r));
    }
    return out;
  }
}
