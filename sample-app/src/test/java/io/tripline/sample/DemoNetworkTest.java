package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.clearinghouse.Scope;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.outbox.OutboxState;
import io.tripline.review.Decision;
import io.tripline.review.DecisionKind;
import io.tripline.review.ReasonCode;
import io.tripline.review.ReviewFilter;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewQueue;
import io.tripline.testkit.MultipartBody;
import io.tripline.testkit.TestImages;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop over real HTTP: a reviewer on platform A confirms the flagged demo ad's image and reports
 * it; A's outbox delivers the report to the clearinghouse, which publishes the image's digests;
 * platform B syncs and then blocks the same image and a re-encoded, resized copy. A's retraction
 * lets B accept the image again after its next sync.
 */
class DemoNetworkTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void whatAReportsBBlocksAndARetractionReleases() throws Exception {
    byte[] image = Files.readAllBytes(Path.of("demo", "clean.jpg"));
    byte[] copy = TestImages.jpeg(resized(TestImages.decode(image), 500, 375), 0.75f);
    try (DemoNetwork network = DemoNetwork.start(data, 0, 0, 0, DemoUsers.fromEnvironment(Map.of()))) {
      SampleApp a = network.platformA();
      SampleApp b = network.platformB();
      assertThat(post(b, "Garden view", image)).isEqualTo(201);

      // The reviewer on A opens the flagged demo ad, looks at the image and reports it.
      ReviewQueue queue = a.reviewQueue();
      ReviewItem item = queue.get(queue.list(ReviewFilter.open()).get(0).id());
      item = queue.reveal(item.id(), "reviewer");
      item = queue.decide(item.id(), item.version(), "reviewer",
          new Decision(DecisionKind.REPORT, ReasonCode.Report.CONFIRMED_ON_CONTENT, "seen and confirmed", true));
      String reportId = queue.get(item.id()).reportIds().get(0);
      await(() -> a.outbox().find(reportId).map(r -> r.state() == OutboxState.DELIVERED).orElse(false));

      b.feedSync().syncNow();
      assertThat(post(b, "Garden view again", image)).isEqualTo(422);
      assertThat(post(b, "Garden view, smaller", copy)).isEqualTo(422);

      String secret = network.clearinghouse().accounts().createCredential(DemoNetwork.PLATFORM_A,
          EnumSet.of(Scope.REPORTS_WRITE)).secret();
      ClearinghouseReportClient.builder().baseUrl("http://127.0.0.1:" + network.clearinghouse().port() + "/")
          .credential(secret)
          .publicKeys(Map.of(network.clearinghouse().signingKey().keyId(),
              network.clearinghouse().signingKey().publicKey()))
          .build().retract(reportId, "reviewed again: not abuse");
      b.feedSync().syncNow();
      assertThat(post(b, "Garden view, third time", image)).isEqualTo(201);
    }
  }

  private static int post(SampleApp app, String title, byte[] image) throws Exception {
    MultipartBody form = new MultipartBody().field("title", title).field("text", "Photo of the garden")
        .file("image", "photo.jpg", "image/jpeg", image);
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/ads"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", form.contentType()).header("Accept", "application/json")
        .POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static BufferedImage resized(BufferedImage source, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(source.getScaledInstance(width, height, Image.SCALE_SMOOTH), 0, 0, null);
    return out;
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(end);
      Thread.sleep(50);
    }
  }
}
