package io.tripline.clearinghouse.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.Report;
import io.tripline.review.Opinion;
import io.tripline.rules.ReportCategory;
import io.tripline.testkit.MutableClock;
import io.tripline.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store and publisher on a real PostgreSQL (binaries from Maven Central, no Docker). Under
 * {@code CI=true} a server that cannot start fails the class; elsewhere the class is aborted.
 */
class FeedStorePostgresTest {
  private static final String FEED = "confirmed-hashes";
  @RegisterExtension static final PostgresServer postgres = new PostgresServer();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  private FeedStore store;
  private FeedPublisher publisher;

  @BeforeEach
  void freshSchema() throws Exception {
    DataSource db = postgres.database();
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("drop schema public cascade");
      s.execute("create schema public");
    }
    store = FeedStore.open(db, clock);
    publisher = FeedPublisher.builder(store).build();
  }

  @Test
  void publishPageWithdrawAndVoteOnPostgres() {
    Report.Digests shared = TestReports.digests('a');
    Report.Digests own = TestReports.digests('b');
    publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, shared, own));
    publisher.publish("r_b", "platform-b", TestReports.reviewed("platform-b", ReportCategory.CSAM, shared));
    assertThat(store.confirmations(FEED, FeedPublisher.indicatorId("sha256", shared.sha256()))).isEqualTo(2);

    ChangesPage first = store.changes(FEED, null, 4);
    assertThat(first.more()).isTrue();
    ChangesPage rest = store.changes(FEED, first.next(), 4);
    assertThat(rest.changes()).extracting(FeedChange::seq).containsExactly(5L, 6L);

    assertThat(publisher.withdraw("r_a", "retracted")).hasSize(3);
    String pdq = FeedPublisher.indicatorId("pdq", shared.pdq());
    for (String platform : List.of("platform-c", "platform-d", "platform-d")) {
      assertThat(publisher.opinion(platform, FEED, pdq, Opinion.Kind.FALSE_POSITIVE, null).withdrawn()).isFalse();
    }
    assertThat(publisher.opinion("platform-e", FEED, pdq, Opinion.Kind.FALSE_POSITIVE, null).withdrawn()).isTrue();
    List<FeedChange> tail = store.changes(FEED, rest.next(), 100).changes();
    assertThat(tail).hasSize(4).allSatisfy(c -> assertThat(c).isInstanceOf(FeedChange.Delete.class));

    clock.advance(Duration.ofDays(40));
    // The four deletes and the four upserts they superseded.
    assertThat(store.prune(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(8);
    assertThatThrownBy(() -> store.changes(FEED, first.next(), 10)).isInstanceOf(CursorGoneException.class);
    assertThat(store.changes(FEED, null, 100).changes()).hasSize(2);

    String end = store.changes(FEED, null, 100).next();
    store.reset(FEED);
    assertThatThrownBy(() -> store.changes(FEED, end, 10)).isInstanceOf(CursorGoneException.class);
    assertThat(FeedStore.open(postgres.database(), clock).feeds()).hasSize(1);
  }

  @Test
  void falsePositivesCastAtOnceAreAllCountedAndWithdrawOnce() throws Exception {
    Report.Digests d = TestReports.digests('c');
    publisher.publish("r_a", "platform-a", TestReports.reviewed("platform-a", ReportCategory.CSAM, d));
    String id = FeedPublisher.indicatorId("sha256", d.sha256());
    List<String> platforms = List.of("platform-b", "platform-c", "platform-d", "platform-e", "platform-f", "platform-g");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(platforms.size());
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try {
      List<java.util.concurrent.Future<FeedPublisher.OpinionOutcome>> votes = new java.util.ArrayList<>();
      for (String platform : platforms) {
        votes.add(pool.submit(() -> {
          go.await();
          return publisher.opinion(platform, FEED, id, Opinion.Kind.FALSE_POSITIVE, null);
        }));
      }
      go.countDown();
      int withdrawals = 0;
      List<Integer> counts = new java.util.ArrayList<>();
      for (var vote : votes) {
        FeedPublisher.OpinionOutcome outcome = vote.get();
        counts.add(outcome.falsePositives());
        withdrawals += outcome.withdrawn() ? 1 : 0;
      }
      assertThat(counts).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
      assertThat(withdrawals).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.changes(FEED, null, 100).changes()).filteredOn(c -> c instanceof FeedChange.Delete).hasSize(1);
  }
}
