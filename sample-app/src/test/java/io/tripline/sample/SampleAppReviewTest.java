package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.review.Decision;
import io.tripline.review.ReasonCode;
import io.tripline.review.ReviewFilter;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewQueue;
import io.tripline.review.ReviewSummary;
import io.tripline.testkit.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's review queue: a fresh data folder starts with the flagged demo ad waiting, a flagged
 * upload joins it tied to its ad, and a reviewer's decision acts on the ad (approve publishes,
 * remove takes it down), also after a restart.
 */
class SampleAppReviewTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final DemoUsers USERS = DemoUsers.fromEnvironment(Map.of());

  @TempDir Path data;

  private static HttpResponse<String> get(SampleApp app, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> postAd(SampleApp app, String title, String text) throws Exception {
    MultipartBody form = new MultipartBody().field("title", title).field("text", text)
        .file("image", "bike.jpg", "image/jpeg", Files.readAllBytes(Path.of("demo", "clean.jpg")));
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/ads"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", form.contentType()).header("Accept", "application/json")
        .POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFreshDemoStartsWithTheFlaggedDemoAdInTheQueue() throws Exception {
    try (SampleApp app = SampleApp.start(0, data, USERS)) {
      List<ReviewSummary> open = app.reviewQueue().list(ReviewFilter.open());
      assertThat(open).hasSize(1);
      ReviewItem item = app.reviewQueue().get(open.get(0).id());
      assertThat(item.files()).singleElement().satisfies(f -> assertThat(f.contentKept()).isTrue());
      assertThat(item.excerpts()).isNotEmpty();
      assertThat(get(app, "/").body()).contains("demo ad held for review").contains("pending review");
    }
    // A restart does not post it again.
    try (SampleApp app = SampleApp.start(0, data, USERS)) {
      assertThat(app.reviewQueue().list(ReviewFilter.open())).hasSize(1);
    }
  }

  @Test
  void decisionsActOnTheFlaggedAd() throws Exception {
    try (SampleApp app = SampleApp.start(0, data, USERS)) {
      ReviewQueue queue = app.reviewQueue();
      assertThat(postAd(app, "Bike to keep", "Keep me: ask about the amber teapot sunday offer.").statusCode()).isEqualTo(201);
      assertThat(postAd(app, "Bike to remove", "Remove me: the amber teapot sunday offer.").statusCode())
          .isEqualTo(201);
      List<ReviewSummary> open = queue.list(ReviewFilter.open());
      assertThat(open).hasSize(3);
      ReviewItem keep = itemOf(queue, open, "Keep me");
      ReviewItem remove = itemOf(queue, open, "Remove me");

      queue.decide(keep.id(), keep.version(), "reviewer", Decision.of(ReasonCode.Approve.NOT_A_MATCH));
      queue.decide(remove.id(), remove.version(), "reviewer", Decision.of(ReasonCode.Remove.SCAM_OR_SPAM));

      String home = get(app, "/").body();
      assertThat(home).contains("Bike to keep").doesNotContain("Bike to remove");
      String kept = home.substring(home.indexOf("Bike to keep"));
      assertThat(kept.substring(0, kept.indexOf("</article>"))).doesNotContain("pending review");
    }
    try (SampleApp app = SampleApp.start(0, data, USERS)) {
      assertThat(get(app, "/").body()).contains("Bike to keep").doesNotContain("Bike to remove");
      assertThat(app.reviewQueue().list(ReviewFilter.open())).hasSize(1);
    }
  }

  private static ReviewItem itemOf(ReviewQueue queue, List<ReviewSummary> open, String marker) {
    return open.stream().map(s -> queue.get(s.id()))
        .filter(i -> i.excerpts().stream().anyMatch(e -> e.text().contains(marker)))
        .findFirst().orElseThrow(() -> new AssertionError("no item for " + marker));
  }
}
