package io.tripline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.SubmittedFile;
import io.tripline.Tripline;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.report.evidence.EvidenceKeys;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.evidence.PreservedEvidence;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filing: where a report's entries go (the clearinghouse, and the routes a platform files
 * itself), and what is preserved, before the outbox commit.
 */
class ReportFilerTest {
  private static final String MARKER = "FILER-CONTENT-MARKER-77a1";
  private static final byte[] FILE = (MARKER + " an image's bytes").getBytes(StandardCharsets.UTF_8);
  private static final String NCMEC = "NCMEC_CYBERTIPLINE";

  @TempDir Path dir;
  private Outbox outbox;
  private Tripline tripline;
  private final Uploader uploader = new Uploader("u_998", "203.0.113.9");
  private final Reports.Upload upload = new Reports.Upload(uploader, null, Instant.parse("2026-11-28T09:59:58Z"));

  @BeforeEach
  void setUp() {
    outbox = Outbox.builder().sqlite(dir.resolve("outbox.db")).build();
    tripline = Tripline.builder()
        .rulePacks(RulePack.fromClasspath("default"), RulePack.fromClasspath("us"))
        .indicators(List.of(Indicator.of("ind-7", "confirmed-hashes", "sha256", ReportFiler.sha256(FILE),
            Severity.HIGH, "csam")))
        .build();
  }

  @AfterEach
  void tearDown() {
    outbox.close();
  }

  private Verdict inspect(PlatformContext context) {
    Verdict verdict = tripline.inspect(Submission.builder().file("photo", "a.jpg", "image/jpeg", FILE)
        .uploader(uploader).context(context).build());
    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    return verdict;
  }

  private Reports reports(String provider) {
    return Reports.builder().policy(tripline.policy()).providerCountries(provider).build();
  }

  private EvidenceStore store() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    return EvidenceStore.builder().directory(dir.resolve("evidence"))
        .keys(EvidenceKeys.of("k1", Map.of("k1", Base64.getEncoder().encodeToString(key)))).build();
  }

  private Report report(Reports reports, Verdict verdict, PlatformContext context) {
    return reports.fromVerdict(verdict, upload, context, verdict.reports().get(0));
  }

  private static List<SubmittedFile> files() {
    return List.of(new SubmittedFile("photo", "a.jpg", "image/jpeg", FILE));
  }

  private Report entryReport(String key) {
    OutboxRecord record = outbox.find(key).orElseThrow();
    assertThat(record.entry().payloadText()).doesNotContain(MARKER);
    return ReportJson.read(record.entry().payload());
  }

  @Test
  void byDefaultOneEntryGoesToTheClearinghouseWithHashesOnly() {
    PlatformContext us = new PlatformContext("example-classifieds", "US");
    Verdict verdict = inspect(us);
    Reports reports = reports("US");
    ReportFiler.Filing filing = new ReportFiler(reports, outbox, Clock.systemUTC())
        .file(report(reports, verdict, us), ReportFiler.FileContents.NONE);

    assertThat(filing.outboxKeys()).containsExactly(filing.reportId());
    OutboxRecord record = outbox.find(filing.reportId()).orElseThrow();
    assertThat(record.entry().destination()).isEqualTo(ClearinghouseSink.DESTINATION);
    Report sent = entryReport(filing.reportId());
    assertThat(sent.evidence()).extracting(Report.Evidence::mode).containsExactly(Report.EvidenceMode.HASH_ONLY);
    assertThat(sent.jurisdiction().alreadyFiled()).isEmpty();
    assertThat(record.entry().payloadText()).doesNotContain("alreadyFiled");
    // The US route requires preservation, which a filer without a store cannot give: said plainly.
    assertThat(filing.preserved()).isEmpty();
    assertThat(filing.notPreserved()).containsExactly("ev_1");
  }

  @Test
  void contentIsPreservedEncryptedForTheRoutesPeriodAndTheReportSaysSo() {
    PlatformContext us = new PlatformContext("example-classifieds", "US");
    Verdict verdict = inspect(us);
    Reports reports = reports("US");
    EvidenceStore store = store();
    ReportFiler filer = ReportFiler.builder(reports, outbox).evidence(store).build();

    List<String> ids = filer.fileAutomatic(verdict, upload, us, files());

    assertThat(ids).hasSize(1);
    Report sent = entryReport(ids.get(0));
    assertThat(sent.evidence()).extracting(Report.Evidence::mode)
        .containsExactly(Report.EvidenceMode.CONTENT_PRESERVED);
    String sha = ReportFiler.sha256(FILE);
    PreservedEvidence kept = store.describe(sha).orElseThrow();
    // One year from the report (US, 18 USC 2258A(h)), the report being made when it is filed.
    assertThat(kept.until()).isBetween(verdict.decidedAt().plus(java.time.Duration.ofDays(365)),
            Instant.now().plus(java.time.Duration.ofDays(366)));
    assertThat(kept.basis()).isEqualTo("US_18USC2258A_h");
    assertThat(kept.reportIds()).containsExactly(ids.get(0));
    assertThat(store.read(sha, "auditor", "test")).isEqualTo(FILE);
  }

  @Test
  void aRouteTheRulesDoNotPreserveForStaysHashOnlyEvenWithAStore() {
    // A Canadian provider: the US route (and its preservation) does not apply.
    PlatformContext ca = new PlatformContext("example-classifieds", "CA");
    Verdict verdict = inspect(ca);
    Reports reports = reports("CA");
    EvidenceStore store = store();
    ReportFiler.Filing filing = ReportFiler.builder(reports, outbox).evidence(store).build()
        .file(report(reports, verdict, ca), sha -> sha.equals(ReportFiler.sha256(FILE))
            ? java.util.Optional.of(FILE) : java.util.Optional.empty());

    assertThat(filing.preserved()).isEmpty();
    assertThat(filing.notPreserved()).isEmpty();
    assertThat(entryReport(filing.reportId()).evidence()).extracting(Report.Evidence::mode)
        .containsExactly(Report.EvidenceMode.HASH_ONLY);
    assertThat(store.describe(ReportFiler.sha256(FILE))).isEmpty();
  }

  @Test
  void contentThatIsNotTheCitedFileIsNotPreservedAndTheReportIsFiledAnyway() {
    PlatformContext us = new PlatformContext("example-classifieds", "US");
    Verdict verdict = inspect(us);
    Reports reports = reports("US");
    EvidenceStore store = store();
    ReportFiler.Filing filing = ReportFiler.builder(reports, outbox).evidence(store).build()
        .file(report(reports, verdict, us), sha -> java.util.Optional.of("other bytes".getBytes(StandardCharsets.UTF_8)));

    assertThat(filing.notPreserved()).containsExactly("ev_1");
    assertThat(outbox.find(filing.reportId())).isPresent();
    assertThat(entryReport(filing.reportId()).evidence()).extracting(Report.Evidence::mode)
        .containsExactly(Report.EvidenceMode.HASH_ONLY);
    assertThat(store.describe(ReportFiler.sha256(FILE))).isEmpty();
  }

  @Test
  void aRouteFiledDirectlyGetsItsOwnEntryAndTheClearinghouseIsToldNotToFileItAgain() {
    PlatformContext us = new PlatformContext("example-classifieds", "US");
    Verdict verdict = inspect(us);
    Reports reports = reports("US");
    ReportFiler filer = ReportFiler.builder(reports, outbox).evidence(store()).fileDirectly(NCMEC, "ncmec").build();

    ReportFiler.Filing filing = filer.file(report(reports, verdict, us), ReportFiler.FileContents.NONE);

    String id = filing.reportId();
    assertThat(filing.outboxKeys()).containsExactly(id, id + ":ncmec");
    assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 2L);
    Report toClearinghouse = entryReport(id);
    assertThat(toClearinghouse.jurisdiction().alreadyFiled()).containsExactly(NCMEC);
    assertThat(toClearinghouse.routes()).isNull();
    OutboxRecord direct = outbox.find(id + ":ncmec").orElseThrow();
    assertThat(direct.entry().destination()).isEqualTo("ncmec");
    Report toNcmec = entryReport(id + ":ncmec");
    assertThat(toNcmec.id()).isEqualTo(id);
    assertThat(toNcmec.routes()).isNotNull();
    assertThat(toNcmec.routes().toFile()).extracting(RoutePlan.Filing::destination).contains(NCMEC);
  }

  @Test
  void aDirectRouteThePlanDoesNotFileAddsNothing() {
    PlatformContext ca = new PlatformContext("example-classifieds", "CA");
    Verdict verdict = inspect(ca);
    Reports reports = reports("CA");
    ReportFiler.Filing filing = ReportFiler.builder(reports, outbox).fileDirectly(NCMEC, "ncmec").build()
        .file(report(reports, verdict, ca), ReportFiler.FileContents.NONE);

    assertThat(filing.outboxKeys()).containsExactly(filing.reportId());
    assertThat(entryReport(filing.reportId()).jurisdiction().alreadyFiled()).isEmpty();
  }

  @Test
  void filingTheSameIncidentAgainStoresNothingNewButReachesADestinationAddedSince() {
    PlatformContext us = new PlatformContext("example-classifieds", "US");
    Verdict verdict = inspect(us);
    Reports reports = reports("US");
    ReportFiler viaHub = new ReportFiler(reports, outbox, Clock.systemUTC());
    List<String> first = viaHub.fileAutomatic(verdict, upload, us);
    byte[] firstBody = outbox.find(first.get(0)).orElseThrow().entry().payload();
    assertThat(viaHub.fileAutomatic(verdict, upload, us)).isEqualTo(first);
    assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 1L);

    // The platform starts filing NCMEC itself; the retried upload's report reaches NCMEC too, and
    // the clearinghouse's first version stands.
    ReportFiler direct = ReportFiler.builder(reports, outbox).fileDirectly(NCMEC, "ncmec").build();
    assertThat(direct.fileAutomatic(verdict, upload, us)).isEqualTo(first);
    assertThat(outbox.find(first.get(0) + ":ncmec")).isPresent();
    assertThat(outbox.find(first.get(0)).orElseThrow().entry().payload()).isEqualTo(firstBody);
  }

  @Test
  void directRoutesAreCheckedWhenConfigured() {
    Reports reports = reports("US");
    ReportFiler.Builder b = ReportFiler.builder(reports, outbox).fileDirectly(NCMEC, "ncmec");
    assertThatThrownBy(() -> b.fileDirectly(NCMEC, "ncmec2")).hasMessageContaining("already filed directly");
    assertThatThrownBy(() -> b.fileDirectly("ncmec", "ncmec")).hasMessageContaining("upper-case");
    assertThatThrownBy(() -> b.fileDirectly("AFP", "clearinghouse")).hasMessageContaining("not 'clearinghouse'");
    assertThatThrownBy(() -> b.fileDirectly("AFP", "Bad Name")).hasMessageContaining("lower-case");
  }
}
