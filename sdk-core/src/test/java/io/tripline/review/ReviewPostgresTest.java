package io.tripline.review;

import static io.tripline.review.ReviewFixtures.LOCAL_FEED;
import static io.tripline.review.ReviewFixtures.flag;
import static io.tripline.review.ReviewFixtures.phone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Priority;
import io.tripline.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue on PostgreSQL: the same code, several reviewers deciding at once, the audit log protected. */
class ReviewPostgresTest {

  @RegisterExtension static final PostgresServer postgres = new PostgresServer();
  @RegisterExtension final ReviewFixtures fx = new ReviewFixtures();

  @Test
  void ofReviewersDecidingAtOnceOnTwoInstancesExactlyOneWinsAndTheAuditLogCannotBeChanged() throws Exception {
    ReviewQueue first = fx.open(ReviewQueue.builder().dataSource(postgres.database()).clock(fx.clock));
    ReviewQueue second = fx.open(ReviewQueue.builder().dataSource(postgres.database()).clock(fx.clock));

    io.tripline.Submission ad = fx.ad();
    String id = first.submit(flag(Priority.HIGH, List.of(phone(LOCAL_FEED, "t1", "scam"))), ad);
    // The same upload retried on the other instance is the same item.
    assertThat(second.submit(flag(Priority.HIGH, List.of(phone(LOCAL_FEED, "t1", "scam"))), ad)).isEqualTo(id);
    ReviewItem claimed = second.claim(id, "rev-anna");
    fx.clock.advance(Duration.ofMinutes(16));
    long version = claimed.version();

    // The claim lapsed: anyone may decide, and of four at once exactly one wins.
    List<Throwable> all = ReviewQueueTest.decideConcurrently(first, id, version, 4);
    assertThat(all.stream().filter(o -> o == null)).hasSize(1);
    assertThat(all.stream().filter(o -> o != null)).allSatisfy(o ->
        assertThat(o).isInstanceOf(VersionConflictException.class));
    assertThatThrownBy(() -> second.decide(id, version, "rev-late", Decision.of(ReasonCode.Remove.POLICY_VIOLATION)))
        .isInstanceOf(VersionConflictException.class);
    assertThat(second.get(id).state()).isEqualTo(ReviewState.DECIDED);
    assertThat(second.audit(id)).filteredOn(e -> e.action() == AuditAction.DECIDE).hasSize(1);
    assertThat(first.list(ReviewFilter.open().withLabel("scam"))).isEmpty();
    assertThat(first.counts()).containsEntry(ReviewState.DECIDED, 1L);

    try (Connection c = postgres.database().getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("update tripline_review_audit set actor = 'someone-else'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("delete from tripline_review_audit"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("truncate tripline_review_audit"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
  }
}
