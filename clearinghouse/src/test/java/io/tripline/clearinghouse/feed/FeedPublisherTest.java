package io.tripline.clearinghouse.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.Report;
import io.tripline.review.Opinion;
import io.tripline.rules.ReportCategory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedPublisherTest {

  @RegisterExtension
  final FeedServer server = new FeedServer();

  private static final String FEED = "confirmed-hashes";

  private List<FeedChange> all() {
    return server.store.changes(FEED, null, 1000).changes();
  }

  @Test
  void aReviewedCsamReportBecomesOneIndicatorPerDigestWithItsLabelsAndHighSeverity() {
    Report.Digests d = TestReports.digests('a');
    FeedPublisher.Publication p = server.publisher.publish("r_1", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.CSAM, d));

    assertThat(p.shared()).isTrue();
    assertThat(p.indicators()).containsExactly(FeedPublisher.indicatorId("sha256", d.sha256()),
        FeedPublisher.indicatorId("md5", d.md5()), FeedPublisher.indicatorId("pdq", d.pdq()));
    assertThat(all()).hasSize(3).allSatisfy(c -> assertThat(c).isInstanceOfSatisfying(FeedChange.Upsert.class, u -> {
      assertThat(u.labels()).containsExactly("csam");
      assertThat(u.severity()).isEqualTo("high");
      assertThat(u.addedAt()).isEqualTo(FeedServer.START);
    }));
    assertThat(all()).extracting(c -> ((FeedChange.Upsert) c).signalType()).containsExactly("sha256", "md5", "pdq");
  }

  @Test
  void reportsNotHumanReviewedOrOfAnotherCategoryAreNotShared() {
    assertThat(server.publisher.publish("r_1", "platform-a",
        TestReports.build("platform-a", ReportCategory.CSAM, false, TestReports.digests('a'))).shared()).isFalse();
    assertThat(server.publisher.publish("r_2", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.NCII, TestReports.digests('b'))).shared()).isFalse();
    assertThat(server.publisher.publish("r_3", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.ONLINE_ENTICEMENT, TestReports.digests('c'))).shared())
        .isFalse();
    assertThat(all()).isEmpty();
  }

  @Test
  void aLowQualityPdqIsNotShared() {
    Report.Digests flat = new Report.Digests("d".repeat(64), null, "0".repeat(64), 10);
    FeedPublisher.Publication p = server.publisher.publish("r_1", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.CSAM, flat));
    assertThat(p.indicators()).containsExactly(FeedPublisher.indicatorId("sha256", flat.sha256()));
  }

  @Test
  void twoPlatformsConfirmingTheSameFileMakeOneIndicatorWithTwoConfirmations() {
    Report.Digests d = TestReports.digests('a');
    server.publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, d));
    server.publisher.publish("r_b", "platform-b", TestReports.reviewed("platform-b", ReportCategory.CSAM, d));
    server.publisher.publish("r_b", "platform-b", TestReports.reviewed("platform-b", ReportCategory.CSAM, d));

    assertThat(all()).hasSize(3);
    assertThat(server.store.confirmations(FEED, FeedPublisher.indicatorId("pdq", d.pdq()))).isEqualTo(2);
  }

  @Test
  void aRetractionWithdrawsOnlyTheIndicatorsNoOtherReportSupports() {
    Report.Digests shared = TestReports.digests('a');
    Report.Digests own = TestReports.digests('b');
    server.publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, shared, own));
    server.publisher.publish("r_b", "platform-b", TestReports.reviewed("platform-b", ReportCategory.CSAM, shared));

    List<String> withdrawn = server.publisher.withdraw("r_a", "retracted by the platform");

    assertThat(withdrawn).containsExactlyInAnyOrder(FeedPublisher.indicatorId("sha256", own.sha256()),
        FeedPublisher.indicatorId("md5", own.md5()), FeedPublisher.indicatorId("pdq", own.pdq()));
    assertThat(server.store.isPublished(FEED, FeedPublisher.indicatorId("sha256", shared.sha256()))).isTrue();
    // The platform's free-text reason stays server-side: it may name a person.
    List<FeedChange> log = all();
    assertThat(log.subList(6, 9)).allSatisfy(c -> assertThat(c).isInstanceOfSatisfying(FeedChange.Delete.class,
        del -> assertThat(del.reason()).isEqualTo("withdrawn")));
    assertThat(server.publisher.withdraw("r_a", "again")).isEmpty();
  }

  @Test
  void aRetractedIndicatorReportedAgainIsPublishedAgain() {
    Report.Digests d = TestReports.digests('a');
    server.publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, d));
    server.publisher.withdraw("r_a", "mistake");
    server.publisher.publish("r_b", "platform-b", TestReports.reviewed("platform-b", ReportCategory.CSAM, d));
    assertThat(server.store.isPublished(FEED, FeedPublisher.indicatorId("pdq", d.pdq()))).isTrue();
    assertThat(all()).hasSize(9);
  }

  @Test
  void threeFalsePositivesFromDistinctPlatformsWithdrawTwoDoNotAndRepeatsCountOnce() {
    Report.Digests d = TestReports.digests('a');
    server.publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, d));
    String pdq = FeedPublisher.indicatorId("pdq", d.pdq());
    Opinion.Kind fp = Opinion.Kind.FALSE_POSITIVE;

    assertThat(server.publisher.opinion("platform-b", FEED, pdq, fp, "a stock photo")).isEqualTo(
        new FeedPublisher.OpinionOutcome(1, false, false));
    assertThat(server.publisher.opinion("platform-b", FEED, pdq, fp, null).falsePositives()).isEqualTo(1);
    assertThat(server.publisher.opinion("platform-c", FEED, pdq, fp, null)).isEqualTo(
        new FeedPublisher.OpinionOutcome(2, false, false));
    assertThat(server.publisher.opinion("platform-c", FEED, pdq, fp, null).withdrawn()).isFalse();
    assertThat(server.store.isPublished(FEED, pdq)).isTrue();

    assertThat(server.publisher.opinion("platform-d", FEED, pdq, fp, null)).isEqualTo(
        new FeedPublisher.OpinionOutcome(3, true, false));
    assertThat(server.store.isPublished(FEED, pdq)).isFalse();
    assertThat(all()).last().isEqualTo(new FeedChange.Delete(4, pdq, "false-positive"));

    // Disputed stays disputed: a later report of the same file does not bring it back.
    server.publisher.publish("r_e", "platform-e", TestReports.reviewed("platform-e", ReportCategory.CSAM, d));
    assertThat(server.store.isPublished(FEED, pdq)).isFalse();
    assertThat(all()).hasSize(4);
  }

  @Test
  void aPlatformChangingItsMindToTruePositiveTakesBackItsVote() {
    Report.Digests d = TestReports.digests('a');
    server.publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, d));
    String id = FeedPublisher.indicatorId("sha256", d.sha256());
    server.publisher.opinion("platform-b", FEED, id, Opinion.Kind.FALSE_POSITIVE, null);
    server.publisher.opinion("platform-c", FEED, id, Opinion.Kind.FALSE_POSITIVE, null);
    server.publisher.opinion("platform-b", FEED, id, Opinion.Kind.TRUE_POSITIVE, null);
    assertThat(server.publisher.opinion("platform-d", FEED, id, Opinion.Kind.FALSE_POSITIVE, null))
        .isEqualTo(new FeedPublisher.OpinionOutcome(2, false, false));
  }

  @Test
  void opinionsOnUnknownFeedsOrIndicatorsAreRefused() {
    assertThatThrownBy(() -> server.publisher.opinion("platform-b", "nope", "ind-x", Opinion.Kind.FALSE_POSITIVE, null))
        .isInstanceOfSatisfying(UnknownFeedException.class, e -> assertThat(e.unknownIndicator()).isFalse());
    assertThatThrownBy(() -> server.publisher.opinion("platform-b", FEED, "ind-x", Opinion.Kind.FALSE_POSITIVE, null))
        .isInstanceOfSatisfying(UnknownFeedException.class, e -> assertThat(e.unknownIndicator()).isTrue());
  }

  // --- the store's log and cursors ---

  @Test
  void pagesFollowTheSequenceAndEndWithTheLastCursor() {
    server.publisher.publish("r_a", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.CSAM, TestReports.digests('a')));
    ChangesPage first = server.store.changes(FEED, null, 2);
    assertThat(first.changes()).extracting(FeedChange::seq).containsExactly(1L, 2L);
    assertThat(first.more()).isTrue();
    ChangesPage second = server.store.changes(FEED, first.next(), 2);
    assertThat(second.changes()).extracting(FeedChange::seq).containsExactly(3L);
    assertThat(second.more()).isFalse();
    ChangesPage empty = server.store.changes(FEED, second.next(), 2);
    assertThat(empty.changes()).isEmpty();
    assertThat(empty.next()).isEqualTo(second.next());
  }

  @Test
  void unknownResetFutureAndPrunedCursorsAreGone() {
    server.publisher.publish("r_a", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.CSAM, TestReports.digests('a')));
    String end = server.store.changes(FEED, null, 10).next();
    assertThatThrownBy(() -> server.store.changes(FEED, "garbage", 10)).isInstanceOf(CursorGoneException.class);
    assertThatThrownBy(() -> server.store.changes(FEED, "c-1-99", 10)).isInstanceOf(CursorGoneException.class);
    assertThatThrownBy(() -> server.store.changes("nope", null, 10)).isInstanceOf(UnknownFeedException.class);

    server.store.reset(FEED);
    assertThatThrownBy(() -> server.store.changes(FEED, end, 10)).isInstanceOf(CursorGoneException.class);
    assertThat(server.store.changes(FEED, null, 10).changes()).hasSize(3);
  }

  @Test
  void pruningKeepsWhatAFullSyncNeedsAndExpiresCursorsBehindIt() {
    Report.Digests a = TestReports.digests('a');
    Report.Digests b = TestReports.digests('b');
    server.publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, a));
    String early = server.store.changes(FEED, null, 10).next();
    server.publisher.publish("r_b", "platform-b", TestReports.reviewed("platform-b", ReportCategory.CSAM, b));
    server.publisher.withdraw("r_b", "retracted");
    String late = server.store.changes(FEED, null, 100).next();
    server.clock.advance(Duration.ofDays(40));

    assertThat(server.store.prune(server.clock.instant().minus(Duration.ofDays(30)))).isEqualTo(6);

    assertThatThrownBy(() -> server.store.changes(FEED, early, 10)).isInstanceOf(CursorGoneException.class);
    assertThat(server.store.changes(FEED, late, 10).changes()).isEmpty();
    assertThat(server.store.changes(FEED, null, 100).changes())
        .extracting(FeedChange::indicatorId)
        .containsExactly(FeedPublisher.indicatorId("sha256", a.sha256()), FeedPublisher.indicatorId("md5", a.md5()),
            FeedPublisher.indicatorId("pdq", a.pdq()));
  }

  @Test
  void reopeningTheStoreKeepsItsSchemaAndData() {
    server.publisher.publish("r_a", "platform-a",
        TestReports.reviewed("platform-a", ReportCategory.CSAM, TestReports.digests('a')));
    FeedStore again = FeedStore.open(server.storeDataSource(), server.clock);
    assertThat(again.changes(FEED, null, 10).changes()).hasSize(3);
    assertThat(again.feeds()).extracting(FeedDefinition::id).containsExactly(FEED);
  }
}
