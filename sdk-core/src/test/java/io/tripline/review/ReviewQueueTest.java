package io.tripline.review;

import static io.tripline.review.ReviewFixtures.CLEARINGHOUSE_FEED;
import static io.tripline.review.ReviewFixtures.LOCAL_FEED;
import static io.tripline.review.ReviewFixtures.flag;
import static io.tripline.review.ReviewFixtures.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.Severity;
import io.tripline.Span;
import io.tripline.Submission;
import io.tripline.Verdict;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReviewQueueTest {

  @RegisterExtension final ReviewFixtures fx = new ReviewFixtures();

  @Test
  void listsByPriorityThenAgeWithFiltersPagingAndCounts() {
    ReviewQueue queue = fx.queue();
    String normalOld = queue.submit(flag(Priority.NORMAL, List.of(phone(LOCAL_FEED, "t1", "scam"))), fx.ad());
    fx.clock.advance(Duration.ofMinutes(1));
    String urgent = queue.submit(flag(Priority.URGENT, List.of(phone(CLEARINGHOUSE_FEED, "i1", "trafficking"))),
        fx.ad());
    fx.clock.advance(Duration.ofMinutes(1));
    String normalNew = queue.submit(flag(Priority.NORMAL, List.of(phone(LOCAL_FEED, "t2", "trafficking"))), fx.ad());
    fx.clock.advance(Duration.ofMinutes(1));
    String low = queue.submit(flag(Priority.LOW, List.of(new Match("w1", LOCAL_FEED, "term", 0, "title",
        new Span(0, 2), List.of("scam"), Severity.LOW))), fx.ad());

    assertThat(queue.list(ReviewFilter.open())).extracting(ReviewSummary::id)
        .containsExactly(urgent, normalOld, normalNew, low);
    assertThat(queue.list(ReviewFilter.open().withLabel("trafficking"))).extracting(ReviewSummary::id)
        .containsExactly(urgent, normalNew);
    assertThat(queue.list(ReviewFilter.open().withSignalType("term"))).extracting(ReviewSummary::id)
        .containsExactly(low);
    assertThat(queue.list(ReviewFilter.open().page(1, 2))).extracting(ReviewSummary::id)
        .containsExactly(normalOld, normalNew);
    assertThat(queue.list(ReviewFilter.open().page(4, 2))).isEmpty();

    // URGENT is due in 1 h, NORMAL in 24 h.
    fx.clock.advance(Duration.ofHours(2));
    assertThat(queue.list(ReviewFilter.open().withOverdueOnly(true))).extracting(ReviewSummary::id)
        .containsExactly(urgent);

    queue.claim(urgent, "rev-anna");
    queue.decide(low, queue.get(low).version(), "rev-ben", Decision.of(ReasonCode.Remove.SCAM_OR_SPAM));
    assertThat(queue.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        ReviewState.PENDING, 2L, ReviewState.CLAIMED, 1L, ReviewState.DECIDED, 1L));
    assertThat(queue.list(ReviewFilter.all().withStates(ReviewState.CLAIMED))).extracting(ReviewSummary::id)
        .containsExactly(urgent);
    assertThat(queue.list(ReviewFilter.all().withStates(ReviewState.DECIDED))).singleElement()
        .satisfies(s -> assertThat(s.decision()).isEqualTo(DecisionKind.REMOVE));
  }

  @Test
  void aRetriedUploadIsOneItemUntilDecided() {
    ReviewQueue queue = fx.queue();
    Submission ad = fx.ad();
    Verdict.Flag flag = flag(Priority.HIGH, List.of(phone(LOCAL_FEED, "t1", "scam")));
    String id = queue.submit(flag, ad);
    fx.clock.advance(Duration.ofSeconds(5));
    assertThat(queue.submit(flag, ad)).isEqualTo(id);
    assertThat(queue.list(ReviewFilter.all())).hasSize(1);

    queue.decide(id, queue.get(id).version(), "rev-anna", Decision.of(ReasonCode.Remove.POLICY_VIOLATION));
    // Posted again after the decision: a new item for a reviewer.
    assertThat(queue.submit(flag, ad)).isNotEqualTo(id);
  }

  @Test
  void anItemCarriesItsEvidenceWithExcerptsAroundTheMatchesAndThresholds() {
    ReviewQueue queue = fx.open(fx.builder().policy(ReviewFixtures.US).radius("pdq", 31));
    String filler = "x".repeat(1000);
    String body = filler + " call 555-0100 " + filler;
    int at = body.indexOf("555-0100");
    Submission ad = Submission.builder().text("body", body).text("title", "unmatched title")
        .uploader(ReviewFixtures.UPLOADER).context(ReviewFixtures.CONTEXT).build();
    Match phone = new Match("i1", CLEARINGHOUSE_FEED, "phone.sha256", 0, "body", new Span(at, at + 8),
        List.of("trafficking"), Severity.HIGH);
    Match image = new Match("i2", CLEARINGHOUSE_FEED, "pdq", 20, "photo", null, List.of("csam"), Severity.HIGH, 80,
        false);
    String id = queue.submit(flag(Priority.HIGH, List.of(phone, image)), ad);

    ReviewItem item = queue.get(id);
    assertThat(item.excerpts()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("body");
      assertThat(e.text()).hasSizeLessThanOrEqualTo(ReviewQueue.MAX_EXCERPT_CHARS);
      assertThat(e.spans()).singleElement().satisfies(s -> assertThat(s.of(e.text())).isEqualTo("555-0100"));
      assertThat(e.start() + e.spans().get(0).start()).isEqualTo(at);
      assertThat(e.cutBefore()).isTrue();
      assertThat(e.cutAfter()).isTrue();
    });
    assertThat(item.matches()).extracting(MatchEvidence::signalType, MatchEvidence::threshold)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("phone.sha256", 0),
            org.assertj.core.groups.Tuple.tuple("pdq", 31));
    assertThat(item.rule()).isEqualTo(ReviewFixtures.RULE);
    assertThat(item.uploader()).isEqualTo(new UploaderContext("u_998", "203.0.113.9",
        ReviewFixtures.UPLOADER.accountCreatedAt(), "US"));
    assertThat(item.files()).isEmpty();
    assertThat(item.audit()).extracting(AuditEntry::action).containsExactly(AuditAction.SUBMIT);
  }

  @Test
  void aClaimHoldsForItsLeaseAndAnExpiredLeaseIsFree() {
    ReviewQueue queue = fx.queue();
    String id = queue.submit(flag(Priority.HIGH, List.of(phone(LOCAL_FEED, "t1", "scam"))), fx.ad());
    ReviewItem claimed = queue.claim(id, "rev-anna");
    assertThat(claimed.state()).isEqualTo(ReviewState.CLAIMED);
    assertThat(claimed.claimExpiresAt()).isEqualTo(ReviewFixtures.START.plus(Duration.ofMinutes(15)));

    ClaimedByAnotherException refused = catchThrowableOfType(ClaimedByAnotherException.class,
        () -> queue.claim(id, "rev-ben"));
    assertThat(refused.holder()).isEqualTo("rev-anna");
    assertThat(refused.getMessage()).contains("rev-anna");
    assertThatThrownBy(() -> queue.decide(id, claimed.version(), "rev-ben",
        Decision.of(ReasonCode.Remove.POLICY_VIOLATION))).isInstanceOf(ClaimedByAnotherException.class);

    fx.clock.advance(Duration.ofMinutes(15));
    assertThat(queue.get(id).state()).isEqualTo(ReviewState.PENDING);
    assertThat(queue.get(id).claimedBy()).isNull();
    ReviewItem taken = queue.claim(id, "rev-ben");
    assertThat(taken.claimedBy()).isEqualTo("rev-ben");
    assertThatThrownBy(() -> queue.release(id, "rev-anna")).isInstanceOf(ReviewException.class);
    assertThat(queue.release(id, "rev-ben").state()).isEqualTo(ReviewState.PENDING);
    assertThat(queue.audit(id)).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AuditAction.SUBMIT, "tripline"),
        org.assertj.core.groups.Tuple.tuple(AuditAction.CLAIM, "rev-anna"),
        org.assertj.core.groups.Tuple.tuple(AuditAction.CLAIM, "rev-ben"),
        org.assertj.core.groups.Tuple.tuple(AuditAction.RELEASE, "rev-ben"));
  }

  @Test
  void ofTwoReviewersDecidingAtOnceExactlyOneWins() throws Exception {
    ReviewQueue queue = fx.queue();
    String id = queue.submit(flag(Priority.HIGH, List.of(phone(LOCAL_FEED, "t1", "scam"))), fx.ad());
    long version = queue.get(id).version();
    List<Throwable> outcomes = decideConcurrently(queue, id, version, 8);
    assertThat(outcomes.stream().filter(o -> o == null)).hasSize(1);
    assertThat(outcomes.stream().filter(o -> o != null))
        .hasSize(7).allSatisfy(o -> assertThat(o).isInstanceOf(VersionConflictException.class));
    assertThat(queue.audit(id)).filteredOn(e -> e.action() == AuditAction.DECIDE).hasSize(1);
    assertThat(queue.get(id).state()).isEqualTo(ReviewState.DECIDED);
  }

  /** {@code n} reviewers decide the item at once, each at {@code version}; null where one succeeded. */
  static List<Throwable> decideConcurrently(ReviewQueue queue, String id, long version, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Throwable>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String reviewer = "rev-" + i;
        Callable<Throwable> task = () -> {
          go.await();
          try {
            queue.decide(id, version, reviewer, Decision.of(ReasonCode.Remove.POLICY_VIOLATION));
            return null;
          } catch (ReviewException e) {
            return e;
          }
        };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<Throwable> outcomes = Collections.synchronizedList(new ArrayList<>());
      for (Future<Throwable> f : futures) {
        outcomes.add(f.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anEscalationGoesBackToTheQueueRaisedForASeniorReviewer() {
    ReviewQueue queue = fx.queue();
    String id = queue.submit(flag(Priority.NORMAL, List.of(phone(LOCAL_FEED, "t1", "scam"))), fx.ad());
    ReviewItem claimed = queue.claim(id, "rev-anna");
    ReviewItem escalated = queue.decide(id, claimed.version(), "rev-anna",
        new Decision(DecisionKind.ESCALATE, ReasonCode.Escalate.AGE_UNCLEAR, "cannot tell the age", false));
    assertThat(escalated.state()).isEqualTo(ReviewState.PENDING);
    assertThat(escalated.escalated()).isTrue();
    assertThat(escalated.priority()).isEqualTo(Priority.HIGH);
    assertThat(escalated.dueAt()).isEqualTo(ReviewFixtures.START.plus(Duration.ofHours(4)));
    assertThat(queue.list(ReviewFilter.open().withEscalated(true))).extracting(ReviewSummary::id).containsExactly(id);

    // A stale version (before the escalation) is refused.
    assertThatThrownBy(() -> queue.decide(id, claimed.version(), "rev-senior",
        Decision.of(ReasonCode.Remove.POLICY_VIOLATION))).isInstanceOf(VersionConflictException.class);
    ReviewItem decided = queue.decide(id, escalated.version(), "rev-senior",
        Decision.of(ReasonCode.Remove.POLICY_VIOLATION));
    assertThat(decided.state()).isEqualTo(ReviewState.DECIDED);
    assertThat(decided.decidedBy()).isEqualTo("rev-senior");
    assertThat(queue.audit(id)).filteredOn(e -> e.action() == AuditAction.DECIDE)
        .extracting(AuditEntry::decision, AuditEntry::stateAfter).containsExactly(
            org.assertj.core.groups.Tuple.tuple(DecisionKind.ESCALATE, ReviewState.PENDING),
            org.assertj.core.groups.Tuple.tuple(DecisionKind.REMOVE, ReviewState.DECIDED));
    assertThatThrownBy(() -> queue.decide(id, decided.version(), "rev-senior",
        Decision.of(ReasonCode.Remove.POLICY_VIOLATION))).isInstanceOf(ReviewException.class)
        .hasMessageContaining("already decided");
  }

  @Test
  void theAuditLogCannotBeChangedOrDeleted() throws SQLException {
    ReviewQueue queue = fx.queue();
    String id = queue.submit(flag(Priority.HIGH, List.of(phone(LOCAL_FEED, "t1", "scam"))), fx.ad());
    queue.decide(id, queue.get(id).version(), "rev-anna",
        new Decision(DecisionKind.REMOVE, ReasonCode.Remove.SCAM_OR_SPAM, "obvious scam", false));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fx.db()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("update tripline_review_audit set actor = 'someone-else'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("delete from tripline_review_audit"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
    assertThat(queue.auditLog(0, 100)).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AuditAction.SUBMIT, "tripline"),
        org.assertj.core.groups.Tuple.tuple(AuditAction.DECIDE, "rev-anna"));
    AuditEntry decide = queue.audit(id).get(1);
    assertThat(decide.stateBefore()).isEqualTo(ReviewState.PENDING);
    assertThat(decide.stateAfter()).isEqualTo(ReviewState.DECIDED);
    assertThat(decide.reasonCode()).isEqualTo("SCAM_OR_SPAM");
    assertThat(decide.note()).isEqualTo("obvious scam");
    assertThat(decide.toString()).doesNotContain("obvious scam");
  }

  @Test
  void badInputIsRefusedWithAClearError() {
    ReviewQueue queue = fx.open(fx.builder().maxMatches(3));
    List<Match> many = List.of(phone(LOCAL_FEED, "a", "x"), phone(LOCAL_FEED, "b", "x"), phone(LOCAL_FEED, "c", "x"),
        phone(LOCAL_FEED, "d", "x"));
    assertThatThrownBy(() -> queue.submit(flag(Priority.LOW, many), fx.ad()))
        .isInstanceOf(ReviewItemTooLargeException.class).hasMessageContaining("4 matches").hasMessageContaining("3");
    String id = queue.submit(flag(Priority.LOW, many.subList(0, 1)), fx.ad());

    assertThatThrownBy(() -> new Decision(DecisionKind.APPROVE, ReasonCode.Remove.SCAM_OR_SPAM, null, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCAM_OR_SPAM");
    assertThatThrownBy(() -> new Decision(DecisionKind.REMOVE, ReasonCode.Remove.SCAM_OR_SPAM, "x".repeat(2001),
        false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.claim(id, " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.claim("rv_missing", "rev-anna")).isInstanceOf(ReviewItemNotFoundException.class);
    assertThatThrownBy(() -> queue.decide(id, 1, "rev-anna", Decision.of(ReasonCode.Report.CONFIRMED_MATCH)))
        .isInstanceOf(ReviewException.class).hasMessageContaining("reporting");
    assertThatThrownBy(() -> queue.content(id, 0, "rev-anna", "preview")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReviewFilter.all().page(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReviewQueue.builder().sqlite(fx.db()).dataSource(new org.sqlite.SQLiteDataSource()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
    // Nothing was written by the refused calls.
    assertThat(queue.get(id).version()).isEqualTo(1);
    assertThat(queue.audit(id)).hasSize(1);
  }

  @Test
  void aClosedQueueRefusesEveryOperation() {
    ReviewQueue queue = fx.queue();
    queue.close();
    queue.close(); // twice is fine
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.list(ReviewFilter.open()))
        .isInstanceOf(IllegalStateException.class).hasMessage("the review queue is closed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.counts())
        .isInstanceOf(IllegalStateException.class);
  }
}
