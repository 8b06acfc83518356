package io.tripline.review;

import static io.tripline.review.ReviewFixtures.CLEARINGHOUSE_FEED;
import static io.tripline.review.ReviewFixtures.IMAGE;
import static io.tripline.review.ReviewFixtures.await;
import static io.tripline.review.ReviewFixtures.imageFlag;
import static io.tripline.review.ReviewFixtures.imageSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.report.ClearinghouseSink;
import io.tripline.report.ReportFiler;
import io.tripline.report.Reports;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import io.tripline.report.outbox.TestOutboxes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What decisions do: opinions to the clearinghouse, human-reviewed reports, the platform's listener. */
class ReviewEffectsTest {

  @RegisterExtension final ReviewFixtures fx = new ReviewFixtures();
  @RegisterExtension final TestOutboxes outboxes = new TestOutboxes();

  @StartStop
  private final MockWebServer clearinghouse = new MockWebServer();

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final ReviewListener listener = new ReviewListener() {
    @Override
    public void decided(ReviewEvent event) {
      heard.add("decided " + event.decision().kind() + " by " + event.reviewer());
    }

    @Override
    public void approved(ReviewEvent event) {
      heard.add("approved " + event.item().id());
    }

    @Override
    public void removed(ReviewEvent event) {
      heard.add("removed " + event.item().id());
    }

    @Override
    public void reported(ReviewEvent event) {
      heard.add("reported " + event.reportIds());
    }
  };

  @Test
  void anApprovalSendsFalsePositiveOpinionsForClearinghouseIndicatorsOnly() throws Exception {
    clearinghouse.enqueue(new MockResponse.Builder().code(503).build());
    clearinghouse.enqueue(new MockResponse.Builder().code(202).build());
    ClearinghouseOpinionClient client = ClearinghouseOpinionClient.builder()
        .baseUrl(clearinghouse.url("/").toString()).credential("tl_live_opinions-credential-0123").build();
    Outbox outbox = outboxes.open(TestOutboxes.fast(fx.db()).sink(OpinionSink.DESTINATION, new OpinionSink(client)));
    ReviewQueue queue = fx.open(fx.builder().opinions(outbox, Set.of(CLEARINGHOUSE_FEED)).listener(listener));

    String id = queue.submit(imageFlag(ReviewFixtures.START), imageSubmission());
    ReviewItem approved = queue.decide(id, queue.get(id).version(), "rev-anna",
        new Decision(DecisionKind.APPROVE, ReasonCode.Approve.NOT_A_MATCH, "a beach photo", false));
    assertThat(approved.state()).isEqualTo(ReviewState.DECIDED);

    // One opinion: ind-81f3 of the clearinghouse feed; the local feed's indicator gets none.
    String key = "op:" + id + ":0";
    assertThat(outbox.find("op:" + id + ":1")).isEmpty();
    await(() -> outbox.find(key).map(r -> r.state() == OutboxState.DELIVERED).orElse(false));
    OutboxRecord delivered = outbox.find(key).orElseThrow();
    assertThat(delivered.attempts()).isEqualTo(2);

    clearinghouse.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest request = clearinghouse.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/opinions");
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(key);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tl_live_opinions-credential-0123");
    JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(body.get("feed").asText()).isEqualTo(CLEARINGHOUSE_FEED);
    assertThat(body.get("indicator").asText()).isEqualTo("ind-81f3");
    assertThat(body.get("opinion").asText()).isEqualTo("FALSE_POSITIVE");
    assertThat(body.toString()).doesNotContain("beach");

    assertThat(heard).containsExactly("decided APPROVE by rev-anna", "approved " + id);
    assertThat(queue.audit(id)).extracting(AuditEntry::action)
        .containsExactly(AuditAction.SUBMIT, AuditAction.DECIDE, AuditAction.OPINIONS_SENT);
  }

  @Test
  void aReportDecisionFilesAHumanReviewedReportWithThePreservedContent() throws Exception {
    EvidenceStore evidence = fx.evidenceStore();
    Outbox outbox = outboxes.open(io.tripline.report.outbox.Outbox.builder().sqlite(fx.db()).clock(fx.clock));
    Reports reports = Reports.builder().policy(ReviewFixtures.US).providerCountries("US").clock(fx.clock).build();
    ReportFiler filer = ReportFiler.builder(reports, outbox).clock(fx.clock).evidence(evidence).build();
    ReviewQueue queue = fx.open(fx.builder().evidence(evidence).reporting(reports, filer).listener(listener));

    String id = queue.submit(imageFlag(ReviewFixtures.START), imageSubmission());
    ReviewItem item = queue.get(id);
    assertThat(item.files()).singleElement().satisfies(f -> {
      assertThat(f.contentKept()).isTrue();
      assertThat(f.sha256()).isEqualTo(ReviewFixtures.digest("SHA-256", IMAGE));
    });
    assertThat(queue.content(id, 0, "rev-anna", "preview")).isEqualTo(IMAGE);

    fx.clock.advance(Duration.ofMinutes(10));
    ReviewItem claimed = queue.claim(id, "rev-anna");
    queue.reveal(id, "rev-anna");
    ReviewItem reported = queue.decide(id, claimed.version(), "rev-anna",
        Decision.of(ReasonCode.Report.CONFIRMED_MATCH));

    assertThat(reported.reportIds()).hasSize(1);
    String reportId = reported.reportIds().get(0);
    OutboxRecord entry = outbox.find(reportId).orElseThrow();
    assertThat(entry.entry().destination()).isEqualTo(ClearinghouseSink.DESTINATION);
    JsonNode report = new ObjectMapper().readTree(entry.entry().payloadText());
    assertThat(report.at("/detection/humanReviewed").asBoolean()).isTrue();
    assertThat(report.at("/incident/category").asText()).isEqualTo("CHILD_SEX_TRAFFICKING");
    assertThat(report.at("/incident/knowledgeAt").asText()).isEqualTo(ReviewFixtures.START.plus(Duration.ofMinutes(10))
        .toString());
    assertThat(report.at("/evidence/0/humanViewed").asBoolean()).isTrue();
    assertThat(report.at("/evidence/0/mode").asText()).isEqualTo("CONTENT_PRESERVED");
    assertThat(report.at("/evidence/0/digests/sha256").asText()).isEqualTo(ReviewFixtures.digest("SHA-256", IMAGE));
    // Preserved for the report's period (a year under US law), not only for review.
    assertThat(evidence.describe(ReviewFixtures.digest("SHA-256", IMAGE)).orElseThrow()).satisfies(p -> {
      assertThat(p.reportIds()).contains(id, reportId);
      assertThat(p.until()).isAfter(ReviewFixtures.START.plus(Duration.ofDays(300)));
    });

    assertThat(heard).containsExactly("decided REPORT by rev-anna", "reported [" + reportId + "]");
    assertThat(queue.audit(id)).extracting(AuditEntry::action).containsExactly(AuditAction.SUBMIT,
        AuditAction.CLAIM, AuditAction.REVEAL, AuditAction.DECIDE, AuditAction.REPORT_FILED);
  }

  @Test
  void withoutAnEvidenceStoreItemsCarryDigestsOnly() {
    ReviewQueue queue = fx.queue();
    String id = queue.submit(imageFlag(ReviewFixtures.START), imageSubmission());
    assertThat(queue.get(id).files()).singleElement().satisfies(f -> assertThat(f.contentKept()).isFalse());
    assertThatThrownBy(() -> queue.content(id, 0, "rev-anna", "preview")).isInstanceOf(ReviewException.class)
        .hasMessageContaining("not kept");
  }

  @Test
  void anEffectThatFailedIsRunAgainByResumeEffects() {
    AtomicInteger calls = new AtomicInteger();
    ReviewListener flaky = new ReviewListener() {
      @Override
      public void removed(ReviewEvent event) {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("the ads service is down");
        }
      }
    };
    ReviewQueue queue = fx.open(fx.builder().listener(flaky));
    String id = queue.submit(imageFlag(ReviewFixtures.START), imageSubmission());
    ReviewItem decided = queue.decide(id, 1, "rev-anna", Decision.of(ReasonCode.Remove.POLICY_VIOLATION));
    // The decision stands although its effect failed.
    assertThat(decided.state()).isEqualTo(ReviewState.DECIDED);
    assertThat(calls).hasValue(1);

    assertThat(queue.resumeEffects()).isZero();
    assertThat(calls).hasValue(2);
    assertThat(queue.resumeEffects()).isZero();
    assertThat(calls).hasValue(2);
  }

  @Test
  void theContentIsKeptAtLeastTheGracePeriodAfterTheDecision() {
    EvidenceStore evidence = fx.evidenceStore();
    ReviewQueue queue = fx.open(fx.builder().evidence(evidence).contentHold(Duration.ofDays(2))
        .decidedGrace(Duration.ofDays(7)));
    String id = queue.submit(imageFlag(ReviewFixtures.START), imageSubmission());
    String sha = ReviewFixtures.digest("SHA-256", IMAGE);
    assertThat(evidence.describe(sha).orElseThrow().until()).isEqualTo(ReviewFixtures.START.plus(Duration.ofDays(2)));
    assertThat(evidence.describe(sha).orElseThrow().basis()).isEqualTo(ReviewQueue.EVIDENCE_BASIS);

    fx.clock.advance(Duration.ofDays(1));
    queue.decide(id, 1, "rev-anna", Decision.of(ReasonCode.Remove.POLICY_VIOLATION));
    Instant until = evidence.describe(sha).orElseThrow().until();
    assertThat(until).isEqualTo(ReviewFixtures.START.plus(Duration.ofDays(8)));
  }
}
