package io.tripline.report.ncmec;

import io.tripline.testkit.MutableClock;
import static io.tripline.report.ncmec.NcmecFixtures.FILE_A;
import static io.tripline.report.ncmec.NcmecFixtures.file;
import static io.tripline.report.ncmec.NcmecFixtures.report;
import static io.tripline.report.ncmec.NcmecFixtures.twoFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.report.ncmec.NcmecFixtures.Crash;
import io.tripline.report.ncmec.NcmecFixtures.Store;
import io.tripline.rules.ReportCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NcmecClientTest {

  private static final String TEST_USER = "esp-test";
  private static final String TEST_PASSWORD = "t3st-Pa55word-0123";
  private static final String PROD_USER = "esp-prod";
  private static final String PROD_PASSWORD = "pr0d-Pa55word-4567";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T09:00:00Z"));
  private final FakeNcmec fake = new FakeNcmec(clock)
      .credentials("test", TEST_USER, TEST_PASSWORD)
      .credentials("prod", PROD_USER, PROD_PASSWORD);

  @StartStop
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void setUp() {
    server.setDispatcher(fake);
  }

  private NcmecClient.Builder builder() {
    return NcmecClient.builder()
        .environment(NcmecEnvironment.TEST)
        .credentials(NcmecEnvironment.TEST, TEST_USER, TEST_PASSWORD.toCharArray())
        .credentials(NcmecEnvironment.PRODUCTION, PROD_USER, PROD_PASSWORD.toCharArray())
        .baseUrl(NcmecEnvironment.TEST, server.url("/test/ispws/").toString())
        .baseUrl(NcmecEnvironment.PRODUCTION, server.url("/prod/ispws").toString())
        .clock(clock)
        .readTimeout(Duration.ofSeconds(5))
        .retries(3, 3)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(4));
  }

  private NcmecClient client() {
    return builder().build();
  }

  // --- Happy path ---------------------------------------------------------------------------

  @Test
  void happyPathFilesTheReportWithEveryFileAndKeepsEveryRequestId() {
    Store store = new Store();
    NcmecReceipt receipt = client().send(twoFiles(), store);

    assertThat(fake.calls()).containsExactly("submit", "upload", "fileinfo", "upload", "fileinfo", "finish");
    assertThat(fake.violations()).isEmpty();
    assertThat(fake.finished()).hasSize(1);
    FakeNcmec.Report filed = fake.finished().get(0);
    assertThat(receipt.reportId()).isEqualTo(filed.id);
    assertThat(receipt.fileIds()).containsExactlyElementsOf(filed.files.keySet());
    assertThat(filed.files.values()).allSatisfy(f -> assertThat(f.detailsXml).isNotNull());
    assertThat(filed.files.values().stream().map(f -> f.content).toList())
        .containsExactly(FILE_A, NcmecFixtures.FILE_B);
    assertThat(filed.files.values().stream().map(f -> f.name).toList()).containsExactly("a.bin", "b.bin");
    // What arrived validates against the schema (the fake also refuses XML that does not).
    NcmecXml.validate(filed.xml, "report");
    filed.files.values().forEach(f -> NcmecXml.validate(f.detailsXml, "fileDetails"));
    assertThat(filed.xml).contains("Child Pornography (possession, manufacture, and distribution)");

    assertThat(store.events).containsExactly("reportOpened", "uploadStarting:0", "fileUploaded:0",
        "fileDetailsSent:0", "uploadStarting:1", "fileUploaded:1", "fileDetailsSent:1", "finished");
    assertThat(store.state.finished()).isTrue();
    assertThat(receipt.calls()).extracting(NcmecCall::endpoint)
        .containsExactly("submit", "upload", "fileinfo", "upload", "fileinfo", "finish");
    assertThat(receipt.calls()).extracting(NcmecCall::requestId).doesNotContainNull().doesNotHaveDuplicates();
    assertThat(receipt.calls()).allSatisfy(c -> assertThat(c.responseCode()).isZero());
    assertThat(store.calls).isEqualTo(receipt.calls());
  }

  @Test
  void productionUsesItsOwnBaseAndCredentials() {
    NcmecClient prod = builder().environment(NcmecEnvironment.PRODUCTION).build();
    NcmecReceipt receipt = prod.send(report(ReportCategory.ONLINE_ENTICEMENT), new Store());
    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(r.environment).isEqualTo("prod");
      assertThat(r.id).isEqualTo(receipt.reportId());
    });
  }

  @Test
  void documentedBaseUrlsAreTheDefaults() {
    assertThat(NcmecEnvironment.TEST.baseUrl()).isEqualTo("https://exttest.cybertip.org/ispws");
    assertThat(NcmecEnvironment.PRODUCTION.baseUrl()).isEqualTo("https://report.cybertip.org/ispws");
  }

  // --- Refusals before the network ----------------------------------------------------------

  @Test
  void xmlThatFailsTheSchemaIsRefusedBeforeAnyNetworkCall() {
    NcmecReport bad = new NcmecReport(ReportCategory.CSAM, Instant.EPOCH,
        NcmecReporter.of(new NcmecContact("A", "B", null, "5550100", "1")), null, null,
        List.of(file("a.bin", FILE_A)), null);
    assertThatThrownBy(() -> client().send(bad, new Store()))
        .isInstanceOf(NcmecSchemaException.class)
        .hasMessageContaining("countryCallingCode");
    assertThat(fake.calls()).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void adultTraffickingIsRefusedAndNeverReachesTheClient() {
    assertThatThrownBy(() -> report(ReportCategory.ADULT_TRAFFICKING, file("a.bin", FILE_A)))
        .isInstanceOf(NcmecNotRoutedException.class)
        .satisfies(e -> assertThat(((NcmecNotRoutedException) e).category()).isEqualTo(ReportCategory.ADULT_TRAFFICKING));
    assertThat(server.getRequestCount()).isZero();
  }

  // --- Credentials --------------------------------------------------------------------------

  @Test
  void wrongCredentialsStopWithATypedExceptionThatDoesNotCarryThePassword() {
    NcmecClient wrong = builder().credentials(NcmecEnvironment.TEST, TEST_USER, "wrong-password".toCharArray()).build();
    Store store = new Store();
    NcmecAuthException e = catchThrowableOfType(NcmecAuthException.class, () -> wrong.send(twoFiles(), store));
    assertThat(e.retryable()).isFalse();
    assertThat(e.requestId()).startsWith("req-");
    assertThat(e.getMessage()).doesNotContain("wrong-password").doesNotContain(TEST_PASSWORD);
    assertThat(fake.calls()).containsExactly("submit");
    assertThat(store.events).isEmpty();
    assertThat(wrong.toString()).doesNotContain("wrong-password").doesNotContain(TEST_USER);
  }

  @Test
  void productionCredentialsDoNotOpenTheTestService() {
    NcmecClient crossed = builder()
        .credentials(NcmecEnvironment.TEST, PROD_USER, PROD_PASSWORD.toCharArray())
        .build();
    assertThatThrownBy(() -> crossed.send(twoFiles(), new Store())).isInstanceOf(NcmecAuthException.class);
    assertThat(fake.reports()).isEmpty();
  }

  @Test
  void anEnvironmentWithoutCredentialsDoesNotBuild() {
    assertThatThrownBy(() -> NcmecClient.builder().environment(NcmecEnvironment.PRODUCTION)
        .credentials(NcmecEnvironment.TEST, TEST_USER, TEST_PASSWORD.toCharArray()).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("PRODUCTION");
  }

  // --- Response codes -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"submit", "upload", "fileinfo", "finish"})
  void serverErrorsAreRetried(String endpoint) {
    fake.script(endpoint, 1000, 1500);
    NcmecReceipt receipt = client().send(twoFiles(), new Store());
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
    assertThat(fake.count("submit")).isEqualTo(endpoint.equals("submit") ? 3 : 1);
    assertThat(receipt.calls()).filteredOn(c -> c.responseCode() >= 1000).hasSize(2)
        .allSatisfy(c -> assertThat(c.requestId()).isNotNull());
  }

  @Test
  void httpOutagesAreRetried() {
    fake.scriptHttp("upload", 503, 502);
    client().send(twoFiles(), new Store());
    assertThat(fake.finished()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fileinfo", "finish"})
  void serverErrorsBeyondTheAttemptsFailRetryablyAndTheSendResumes(String endpoint) {
    fake.script(endpoint, 1000, 1000, 1000);
    Store store = new Store();
    NcmecException e = catchThrowableOfType(NcmecException.class, () -> client().send(twoFiles(), store));
    assertThat(e.retryable()).isTrue();
    assertThat(e.responseCode()).isEqualTo(1000);
    assertThat(e.requestId()).isNotNull();
    assertThat(store.state.reportId()).isNotNull();

    NcmecReceipt receipt = client().send(twoFiles(), store.state, store);
    assertThat(fake.count("submit")).isOne();
    assertThat(fake.count("upload")).isEqualTo(2);
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
  }

  @Test
  void anUploadFailingBeyondTheAttemptsIsNotTrustedOnResume() {
    // A server error does not say whether the bytes were kept; the resumed send does not risk a
    // second copy in the same report.
    fake.script("upload", 1000, 1000, 1000);
    Store store = new Store();
    assertThatThrownBy(() -> client().send(twoFiles(), store)).isInstanceOf(NcmecException.class);
    assertThat(store.state.uploading()).containsExactly(0);

    NcmecReceipt receipt = client().send(twoFiles(), store.state, store);
    assertThat(fake.count("submit")).isEqualTo(2);
    assertThat(fake.reports().get(0).retracted).isTrue();
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
  }

  @ParameterizedTest
  @ValueSource(ints = {2001, 2100, 3000, 3999})
  void authCodesStopWithATypedException(int code) {
    fake.script("fileinfo", code);
    Store store = new Store();
    NcmecAuthException e = catchThrowableOfType(NcmecAuthException.class, () -> client().send(twoFiles(), store));
    assertThat(e.responseCode()).isEqualTo(code);
    assertThat(fake.calls()).containsExactly("submit", "upload", "fileinfo");
    assertThat(fake.finished()).isEmpty();
  }

  @Test
  void validationErrorRetractsThenFailsPermanentlyWithTheMessage() {
    fake.script("fileinfo", 4105);
    Store store = new Store();
    NcmecRejectedException e = catchThrowableOfType(NcmecRejectedException.class,
        () -> client().send(twoFiles(), store));
    assertThat(e.responseCode()).isEqualTo(4105);
    assertThat(e.getMessage()).contains("scripted 4105");
    assertThat(e.retryable()).isFalse();
    assertThat(fake.calls()).containsExactly("submit", "upload", "fileinfo", "retract");
    assertThat(fake.reports()).singleElement().satisfies(r -> assertThat(r.retracted).isTrue());
    assertThat(store.events).last().asString().startsWith("abandoned:retracted");
    assertThat(store.state).isEqualTo(NcmecSendState.fresh());
  }

  @Test
  void validationErrorOnSubmitHasNothingToRetract() {
    fake.script("submit", 4000);
    assertThatThrownBy(() -> client().send(twoFiles(), new Store())).isInstanceOf(NcmecRejectedException.class);
    assertThat(fake.calls()).containsExactly("submit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"upload", "fileinfo", "finish"})
  void reportGoneStartsAgain(String endpoint) {
    fake.script(endpoint, 5001);
    Store store = new Store();
    NcmecReceipt receipt = client().send(twoFiles(), store);
    assertThat(fake.count("submit")).isEqualTo(2);
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
    assertThat(store.events).anyMatch(ev -> ev.startsWith("abandoned:" + endpoint + " answered 5001"));
  }

  @Test
  void fileGoneUploadsThatFileAgain() {
    fake.loseNextFile();
    NcmecReceipt receipt = client().send(twoFiles(), new Store());
    assertThat(fake.count("submit")).isOne();
    assertThat(fake.count("upload")).isEqualTo(3);
    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(r.id).isEqualTo(receipt.reportId());
      assertThat(r.files.keySet()).containsExactlyElementsOf(receipt.fileIds());
    });
    assertThat(fake.violations()).isEmpty();
  }

  @Test
  void aScripted5002OnFinishStartsTheReportAgain() {
    fake.script("finish", 5002);
    NcmecReceipt receipt = client().send(twoFiles(), new Store());
    assertThat(fake.count("submit")).isEqualTo(2);
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
  }

  @ParameterizedTest
  @ValueSource(ints = {504})
  void anUploadWithoutAnAnswerRetractsTheReportAndStartsAgain(int status) {
    fake.scriptHttp("upload", status);
    Store store = new Store();
    NcmecReceipt receipt = client().send(twoFiles(), store);
    assertThat(fake.reports()).hasSize(2);
    assertThat(fake.reports().get(0).retracted).isTrue();
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
    assertThat(store.events).anyMatch(e -> e.startsWith("abandoned:retracted: an upload got no answer"));
  }

  @Test
  void anUploadCutOffMidwayRetractsTheReportAndStartsAgain() {
    NcmecClient client = builder().readTimeout(Duration.ofMillis(200)).build();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      private boolean stalled;

      @Override
      public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
        if (!stalled && request.getUrl().encodedPath().endsWith("/upload")) {
          stalled = true;
          fake.dispatch(request); // stored at NCMEC, but the answer never comes
          return new mockwebserver3.MockResponse.Builder().headersDelay(2, java.util.concurrent.TimeUnit.SECONDS)
              .build();
        }
        return fake.dispatch(request);
      }
    });
    NcmecReceipt receipt = client.send(twoFiles(), new Store());
    assertThat(fake.reports().get(0).retracted).isTrue();
    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(r.id).isEqualTo(receipt.reportId());
      assertThat(r.files).hasSize(2);
    });
  }

  @Test
  void alreadyRetractedIsAPermanentFailure() {
    fake.script("finish", 5101);
    NcmecException e = catchThrowableOfType(NcmecException.class, () -> client().send(twoFiles(), new Store()));
    assertThat(e.responseCode()).isEqualTo(5101);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void alreadyFinishedOnARetriedFinishIsSuccess() {
    fake.script("finish", 5102);
    Store store = new Store();
    NcmecReceipt receipt = client().send(twoFiles(), store);
    assertThat(store.state.finished()).isTrue();
    assertThat(receipt.calls()).last().satisfies(c -> assertThat(c.responseCode()).isEqualTo(5102));
  }

  @Test
  void retractingARetractedReportIsFine() {
    Store store = new Store().crash("fileUploaded:0", true);
    NcmecClient client = client();
    assertThatThrownBy(() -> client.send(twoFiles(), store)).isInstanceOf(Crash.class);
    long reportId = store.state.reportId();
    client.retract(reportId);
    client.retract(reportId); // 5101
    assertThat(fake.reports()).singleElement().satisfies(r -> assertThat(r.retracted).isTrue());
  }

  @Test
  void unknownCodeIsAPermanentFailure() {
    fake.script("submit", 6000);
    NcmecException e = catchThrowableOfType(NcmecException.class, () -> client().send(twoFiles(), new Store()));
    assertThat(e.retryable()).isFalse();
    assertThat(e.responseCode()).isEqualTo(6000);
  }

  @Test
  void aDamagedUploadIsUploadedAgain() {
    fake.damageNextUploads(1);
    Store store = new Store();
    NcmecReceipt receipt = client().send(twoFiles(), store);
    assertThat(fake.count("upload")).isEqualTo(3);
    FakeNcmec.Report filed = fake.finished().get(0);
    assertThat(receipt.fileIds()).hasSize(2)
        .allSatisfy(id -> assertThat(filed.files.get(id).damaged).isFalse());
    assertThat(store.events).filteredOn(ev -> ev.startsWith("fileUploaded")).hasSize(2);
  }

  @Test
  void uploadsDamagedEveryTimeFailRetryably() {
    fake.damageNextUploads(3);
    NcmecException e = catchThrowableOfType(NcmecException.class, () -> client().send(twoFiles(), new Store()));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("MD5 mismatch");
    assertThat(fake.finished()).isEmpty();
  }

  // --- Crash and resume ---------------------------------------------------------------------

  @ParameterizedTest(name = "crash at {0}, persisted: {1}")
  @CsvSource({
      "reportOpened, false", "reportOpened, true",
      "uploadStarting:0, false", "uploadStarting:0, true",
      "fileUploaded:0, false", "fileUploaded:0, true",
      "fileDetailsSent:0, false", "fileDetailsSent:0, true",
      "fileUploaded:1, true", "fileDetailsSent:1, true",
      "finished, false", "finished, true"})
  void aCrashedSendResumesFromWhatWasPersistedAndFilesOnce(String at, boolean persisted) {
    NcmecClient client = client();
    Store store = new Store().crash(at, persisted);
    assertThatThrownBy(() -> client.send(twoFiles(), store)).isInstanceOf(Crash.class);
    NcmecSendState persistedState = store.state;
    clock.advance(Duration.ofMinutes(10));

    NcmecReceipt receipt = client.send(twoFiles(), persistedState, store);

    assertThat(fake.finished()).singleElement().satisfies(r -> {
      assertThat(r.id).isEqualTo(receipt.reportId());
      assertThat(r.files.values()).filteredOn(f -> f.detailsXml != null).hasSize(2);
    });
    assertThat(fake.violations()).isEmpty();
    assertThat(store.state.finished()).isTrue();
    if (persistedState.reportId() != null && !persistedState.uploading().isEmpty()) {
      // An upload may have arrived unrecorded: that report is retracted, never finished.
      assertThat(fake.count("submit")).isEqualTo(2);
      assertThat(fake.reports()).filteredOn(r -> r.id == persistedState.reportId())
          .singleElement().satisfies(r -> assertThat(r.retracted).isTrue());
    } else if (persistedState.reportId() != null) {
      assertThat(fake.count("submit")).as("the persisted reportId is reused").isOne();
      assertThat(receipt.reportId()).isEqualTo(persistedState.reportId());
      persistedState.files().forEach((index, file) ->
          assertThat(receipt.fileIds().get(index)).as("persisted fileId reused").isEqualTo(file.fileId()));
      assertThat(fake.count("upload")).isEqualTo(2);
    } else {
      // The crash lost the reportId: a second report is opened; the first stays unfinished and expires.
      assertThat(fake.count("submit")).isEqualTo(2);
    }
  }

  @Test
  void finishingTwiceAnswers5102AndCountsAsSuccess() {
    NcmecClient client = client();
    Store store = new Store().crash("finished", false);
    assertThatThrownBy(() -> client.send(twoFiles(), store)).isInstanceOf(Crash.class);
    NcmecReceipt receipt = client.send(twoFiles(), store.state, store);
    assertThat(fake.calls()).endsWith("finish", "finish");
    assertThat(receipt.calls()).extracting(NcmecCall::endpoint, NcmecCall::responseCode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("finish", 5102));
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.finishCalls).isEqualTo(2));
  }

  @Test
  void aFinishedStateSendsNothing() {
    NcmecClient client = client();
    Store store = new Store();
    NcmecReceipt first = client.send(twoFiles(), store);
    int calls = fake.calls().size();
    NcmecReceipt again = client.send(twoFiles(), store.state, store);
    assertThat(fake.calls()).hasSize(calls);
    assertThat(again.reportId()).isEqualTo(first.reportId());
    assertThat(again.fileIds()).isEqualTo(first.fileIds());
  }

  // --- Expiry -------------------------------------------------------------------------------

  @Test
  void anUnfinishedReportIdleForAnHourIsStartedAgain() {
    NcmecClient client = client();
    Store store = new Store().crash("fileDetailsSent:0", true);
    assertThatThrownBy(() -> client.send(twoFiles(), store)).isInstanceOf(Crash.class);
    long stale = store.state.reportId();
    clock.advance(Duration.ofMinutes(61));

    NcmecReceipt receipt = client.send(twoFiles(), store.state, store);

    assertThat(receipt.reportId()).isNotEqualTo(stale);
    assertThat(store.events).anyMatch(e -> e.startsWith("abandoned:expired"));
    assertThat(fake.count("submit")).isEqualTo(2);
    assertThat(fake.deleted()).extracting(r -> r.id).containsExactly(stale);
    assertThat(fake.finished()).singleElement().satisfies(r -> assertThat(r.id).isEqualTo(receipt.reportId()));
    assertThat(fake.violations()).isEmpty();
  }

  @Test
  void anUnfinishedReportOpened24HoursAgoIsStartedAgainEvenIfRecentlyChanged() {
    Instant opened = clock.instant();
    clock.advance(Duration.ofHours(24));
    long reportIdNcmecDeleted = 42L;
    NcmecSendState old = NcmecSendState.opened(reportIdNcmecDeleted, opened)
        .withFileUploaded(0, "f-old", NcmecClient.md5(FILE_A), clock.instant().minusSeconds(60));
    Store store = new Store();
    NcmecReceipt receipt = client().send(twoFiles(), old, store);
    assertThat(receipt.reportId()).isNotEqualTo(reportIdNcmecDeleted);
    assertThat(fake.calls()).first().isEqualTo("submit");
    assertThat(fake.violations()).isEmpty();
  }

  @Test
  void aReportTheServerExpiredFirstIsStartedAgainOn5001() {
    NcmecClient client = client();
    Store store = new Store().crash("fileUploaded:1", true);
    assertThatThrownBy(() -> client.send(twoFiles(), store)).isInstanceOf(Crash.class);
    long stale = store.state.reportId();
    clock.advance(Duration.ofMinutes(61));
    // The state was persisted with an older clock reading, as if the sender's clock were behind.
    NcmecSendState skewed = NcmecSendState.opened(stale, clock.instant().minusSeconds(120));
    NcmecReceipt receipt = client.send(twoFiles(), skewed, store);
    assertThat(receipt.reportId()).isNotEqualTo(stale);
    assertThat(fake.deleted()).extracting(r -> r.id).containsExactly(stale);
    assertThat(store.events).anyMatch(e -> e.contains("5001"));
  }

  @Test
  void aResumeStateThatDoesNotFitTheReportIsRefused() {
    NcmecSendState state = NcmecSendState.opened(1, clock.instant()).withFileUploaded(5, "f", "0".repeat(32),
        clock.instant());
    assertThatThrownBy(() -> client().send(twoFiles(), state, new Store()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
