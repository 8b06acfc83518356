package io.tripline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.PlatformContext;
import io.tripline.Severity;
import io.tripline.Tripline;
import io.tripline.review.ReviewFilter;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewQueue;
import io.tripline.review.ReviewState;
import io.tripline.review.ReviewSummary;
import io.tripline.rules.RulePack;
import io.tripline.testkit.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flagged upload is queued for review before it is answered; if it cannot be, it is refused. */
class TriplineFilterReviewTest {
  private static final String LEAD = "ask for rosebud specials";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private static Tripline tripline() {
    return Tripline.builder()
        .rulePacks(RulePack.fromClasspath("default"))
        .indicators(List.of(Indicator.of("ind-t1", "local-terms", "term", "rosebud specials", Severity.MEDIUM,
            "trafficking")))
        .build();
  }

  private HttpResponse<String> post(URI base, String title) throws Exception {
    MultipartBody body = new MultipartBody().field("title", title);
    return http.send(HttpRequest.newBuilder(base.resolve("/upload")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", body.contentType()).POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static TriplineFilter filter(Tripline tripline, ReviewQueue queue) {
    return TriplineFilter.builder(tripline)
        .reviewQueue(queue)
        .submissionCustomizer((request, submission) ->
            submission.context(new PlatformContext("example-classifieds", "US")))
        .build();
  }

  @Test
  void aFlaggedUploadIsQueuedBeforeItIsAnsweredAndTheItemIdIsPassedOn() throws Exception {
    try (ReviewQueue queue = ReviewQueue.builder().sqlite(dir.resolve("review.db")).build();
        JettyContainer container = new JettyContainer()) {
      URI base = container.start(filter(tripline(), queue), dir);

      HttpResponse<String> flagged = post(base, LEAD);

      assertThat(flagged.statusCode()).isEqualTo(200);
      assertThat(flagged.body()).contains("verdict=Flag");
      List<ReviewSummary> open = queue.list(ReviewFilter.open());
      assertThat(open).hasSize(1);
      String id = open.get(0).id();
      assertThat(flagged.body()).contains("review=" + id);
      ReviewItem item = queue.get(id);
      assertThat(item.state()).isEqualTo(ReviewState.PENDING);
      assertThat(item.excerpts()).singleElement().satisfies(e -> assertThat(e.text()).contains("rosebud specials"));

      // A clean upload queues nothing and carries no item id.
      HttpResponse<String> clean = post(base, "a garden bench");
      assertThat(clean.body()).contains("verdict=Allow", "review=null");
      assertThat(queue.list(ReviewFilter.open())).hasSize(1);
    }
  }

  @Test
  void aFlaggedUploadThatCannotBeQueuedIsRefusedWith503() throws Exception {
    ReviewQueue queue = ReviewQueue.builder().sqlite(dir.resolve("review.db")).build();
    queue.close(); // the store is gone: nothing can be queued
    try (JettyContainer container = new JettyContainer()) {
      URI base = container.start(filter(tripline(), queue), dir);

      HttpResponse<String> refused = post(base, LEAD);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).doesNotContain("verdict=").doesNotContain("rosebud");
      // A clean upload does not need the queue.
      assertThat(post(base, "a garden bench").statusCode()).isEqualTo(200);
    }
  }
}
