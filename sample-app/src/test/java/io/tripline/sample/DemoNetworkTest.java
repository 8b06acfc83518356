package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.clearinghouse.Scope;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.outbox.OutboxState;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewQueue;
import io.tripline.review.ReviewState;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The loop over real HTTP: a reviewer on platform A, in a real browser on A's review pages,
 * reveals the flagged demo ad's image, confirms it and reports it; A's outbox delivers the report to the clearinghouse, which publishes the image's digests;
 * platform B syncs and then blocks the same image and a re-encoded, resized copy. A's retraction
 * lets B accept the image again after its next sync.
 */
class DemoNetworkTest {
  @RegisterExtension
  static final Browser browser = new Browser();

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void whatAReportsBBlocksAndARetractionReleases() throws Exception {
    byte[] image = Files.readAllBytes(Path.of("demo", "clean.jpg"));
    byte[] copy = TestImages.jpeg(resized(TestImages.decode(image), 500, 375), 0.75f);
    try (DemoNetwork network = DemoNetwork.start(data, 0, 0, 0, ReviewLoginTest.USERS)) {
      SampleApp a = network.platformA();
      SampleApp b = network.platformB();
      assertThat(post(b, "Garden view", image)).isEqualTo(201);

      // The reviewer on A signs in, opens the flagged demo ad, reveals its image and reports it.
      String itemPath = reportThroughTheReviewPages(a);
      ReviewQueue queue = a.reviewQueue();
      ReviewItem item = queue.get(itemPath.substring(itemPath.lastIndexOf('/') + 1));
      assertThat(item.state()).isEqualTo(ReviewState.DECIDED);
      assertThat(item.reportIds()).hasSize(1);
      String reportId = item.reportIds().get(0);
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

  /**
   * The reviewer's walk in a real browser on A's review pages: sign in, open the one flagged item,
   * reveal the blurred image, record a REPORT decision with a reason. Returns the item's path.
   */
  private static String reportThroughTheReviewPages(SampleApp a) {
    WebDriver driver = browser.driver();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    driver.get(a.uri().resolve("/review/").toString());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.name("j_username")));
    driver.findElement(By.name("j_username")).sendKeys(DemoUsers.REVIEWER);
    driver.findElement(By.name("j_password")).sendKeys(ReviewLoginTest.USERS.reviewerPassword());
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    wait.until(ExpectedConditions.titleContains("Review queue"));

    List<WebElement> rows = driver.findElements(By.cssSelector("table.queue tbody tr"));
    assertThat(rows).hasSize(1);
    WebElement link = rows.get(0).findElement(By.cssSelector("a[href*='/review/items/']"));
    String itemPath = URI.create(link.getAttribute("href")).getPath();
    link.click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decision")));
    driver.findElement(By.xpath("//button[normalize-space()='Reveal images']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.preview:not(.protected) img")));

    driver.findElement(By.cssSelector("input[name=kind][value=REPORT]")).click();
    new Select(driver.findElement(By.id("reasonCode"))).selectByValue("CONFIRMED_ON_CONTENT");
    driver.findElement(By.id("note")).sendKeys("Seen and confirmed.");
    driver.findElement(By.xpath("//button[normalize-space()='Record decision']")).click();
    wait.until(ExpectedConditions.titleContains("Review queue"));
    assertThat(driver.findElements(By.cssSelector("a[href='" + itemPath + "']"))).isEmpty();
    browser.screenshot("network-a-queue-after-report");
    return itemPath;
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
