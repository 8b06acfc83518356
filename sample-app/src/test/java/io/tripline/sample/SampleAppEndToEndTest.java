package io.tripline.sample;

import io.tripline.testkit.MultipartBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.Indicator;
import io.tripline.rules.Rule;
import io.tripline.rules.RulePack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo over real HTTP: the app on a free port with a fresh data folder, multipart bodies
 * built by hand, the Tripline filter deciding in front of {@code POST /ads}.
 */
class SampleAppEndToEndTest {

  private static final Path DEMO = Path.of("demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  @TempDir
  static Path data;

  private static SampleApp app;

  @BeforeAll
  static void startApp() {
    app = SampleApp.start(0, data);
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void cleanAdIsPublishedAndListed() throws Exception {
    HttpResponse<String> response = post(app, new MultipartBody()
        .field("title", "Garden bench <oak>")
        .field("text", "Solid & sturdy, collect only.")
        .file("image", "clean.jpg", "image/jpeg", demo("clean.jpg")), "application/json");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("published");
    long id = body.path("id").asLong();
    assertThat(id).isPositive();

    String page = get(app, "/").body();
    assertThat(page)
        .contains("Garden bench &lt;oak&gt;")
        .contains("Solid &amp; sturdy, collect only.")
        .contains("images/" + id + ".jpg")
        .doesNotContain("<oak>");
    HttpResponse<byte[]> thumbnail = HTTP.send(request(app, "/images/" + id + ".jpg").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(thumbnail.statusCode()).isEqualTo(200);
    assertThat(thumbnail.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/jpeg"));
    assertThat(Thumbnails.of(thumbnail.body())).isPresent();
  }

  @Test
  void browserIsRedirectedToTheListing() throws Exception {
    HttpResponse<String> response = post(app, new MultipartBody()
        .field("title", "Kitchen table")
        .field("text", "Pine, seats four."), "text/html,application/xhtml+xml,*/*;q=0.8");

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
  }

  @Test
  void demoImageIsBlockedWithoutSayingWhy() throws Exception {
    HttpResponse<String> response = post(app, new MultipartBody()
        .field("title", "Abstract print")
        .field("text", "Framed.")
        .file("image", "blocked.jpg", "image/jpeg", demo("blocked.jpg")), "application/json");

    assertBlockedGenerically(response, 422);
    assertThat(get(app, "/").body()).doesNotContain("Abstract print");
  }

  @Test
  void reencodedDemoImageIsBlockedByThePerceptualHash() throws Exception {
    byte[] copy = DemoFeedTest.reencoded(demo("blocked.jpg"));
    HttpResponse<String> response = post(app, new MultipartBody()
        .field("title", "Abstract print, smaller")
        .field("text", "Unframed.")
        .file("image", "print.jpg", "image/jpeg", copy), "application/json");

    assertBlockedGenerically(response, 422);
  }

  @Test
  void blockedPhraseIsBlockedWhateverItsCaseAndSpacing() throws Exception {
    String disguised = "Ask for the VeLVET   pineAPPLE \t  Ferry deal.";
    HttpResponse<String> response = post(app, new MultipartBody()
        .field("title", "Garden chairs")
        .field("text", disguised), "application/json");

    assertBlockedGenerically(response, 422);
    assertThat(get(app, "/").body()).doesNotContain("pineAPPLE");
  }

  @Test
  void flaggedPhraseIsHeldForReview() throws Exception {
    String disguised = "Ask about the AMBER  teapot   SUNDAY offer.";
    HttpResponse<String> response = post(app, new MultipartBody()
        .field("title", "Vintage bicycle")
        .field("text", disguised)
        .file("image", "bike.jpg", "image/jpeg", demo("clean.jpg")), "application/json");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("pending_review");
    long id = body.path("id").asLong();

    String page = get(app, "/").body();
    String ad = page.substring(page.indexOf("id=\"ad-" + id + "\""));
    ad = ad.substring(0, ad.indexOf("</article>"));
    assertThat(ad).contains("Vintage bicycle").contains("pending review").doesNotContain("<img");
    assertThat(get(app, "/images/" + id + ".jpg").statusCode()).isEqualTo(404);
  }

  @Test
  void malformedMultipartIsBadRequest() throws Exception {
    MultipartBody form = new MultipartBody("----declared-boundary").field("title", "Half an ad");
    List<byte[]> bodies = List.of(
        "this is not multipart at all".getBytes(StandardCharsets.UTF_8),
        Arrays.copyOf(form.truncatedBytes(), form.truncatedBytes().length - 5));
    for (byte[] body : bodies) {
      HttpResponse<String> response = onOwnConnection(request(app, "/ads")
          .header("Content-Type", form.contentType())
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(400);
    }
  }

  @Test
  void oversizeImageIsPayloadTooLarge() throws Exception {
    // Just over the limit, so the server has read nearly all of it before refusing.
    byte[] big = new byte[(int) SampleApp.MAX_FILE_BYTES + 64 * 1024];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >>> 11));
    }
    MultipartBody form = new MultipartBody()
        .field("title", "Huge picture")
        .file("image", "huge.jpg", "image/jpeg", big);
    HttpResponse<String> response = onOwnConnection(request(app, "/ads")
        .header("Content-Type", form.contentType())
        .header("Accept", "application/json")
        .POST(form.publisher())
        .build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
  }

  @Test
  void adsSurviveARestart(@TempDir Path ownData) throws Exception {
    long id;
    try (SampleApp first = SampleApp.start(0, ownData)) {
      HttpResponse<String> response = post(first, new MultipartBody()
          .field("title", "Rocking chair")
          .field("text", "Walnut.")
          .file("image", "clean.jpg", "image/jpeg", demo("clean.jpg")), "application/json");
      assertThat(response.statusCode()).isEqualTo(201);
      id = JSON.readTree(response.body()).path("id").asLong();
    }
    try (SampleApp second = SampleApp.start(0, ownData)) {
      assertThat(get(second, "/").body()).contains("Rocking chair").contains("images/" + id + ".jpg");
      assertThat(get(second, "/images/" + id + ".jpg").statusCode()).isEqualTo(200);
      HttpResponse<String> next = post(second, new MultipartBody().field("title", "Footstool"), "application/json");
      assertThat(JSON.readTree(next.body()).path("id").asLong()).isGreaterThan(id);
    }
  }

  @Test
  void theDemoFeedIsAFileInTheDataFolderAndAnEditIsTakenUpAtOnce(@TempDir Path ownData) throws Exception {
    try (SampleApp own = SampleApp.start(0, ownData)) {
      Path feed = ownData.resolve("feeds").resolve("demo.ndjson");
      assertThat(feed).exists();
      assertThat(ownData.resolve("indicators.snap")).exists();
      MultipartBody ad = new MultipartBody().field("title", "Garden chairs").field("text", "velvet pineapple ferry");
      assertThat(post(own, ad, "application/json").statusCode()).isEqualTo(422);

      // The platform's team withdraws the phrase: the file is replaced without its line.
      List<String> kept = Files.readAllLines(feed).stream().filter(l -> !l.contains("demo-term-blocked")).toList();
      Path temp = Files.write(ownData.resolve("feeds").resolve("demo.tmp"), kept);
      Files.move(temp, feed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status;
      do {
        Thread.sleep(50);
        status = post(own, new MultipartBody().field("title", "Garden chairs").field("text", "velvet pineapple ferry"),
            "application/json").statusCode();
      } while (status == 422 && System.nanoTime() < deadline);
      assertThat(status).as("the withdrawn phrase no longer blocks, long before the feed's interval").isEqualTo(201);
      assertThat(own.feedSync().status().get(0).consecutiveFailures()).isZero();
    }
  }

  @Test
  void homePageLinksEveryDemoFileAndServesIt() throws Exception {
    String page = get(app, "/").body();
    for (DemoFile file : DemoFile.values()) {
      assertThat(page).contains("href=\"demo/" + file.fileName() + "\"");
      HttpResponse<byte[]> download = HTTP.send(request(app, "/demo/" + file.fileName()).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body()).isEqualTo(demo(file.fileName()));
    }
    assertThat(get(app, "/demo/demo-feed.ndjson").statusCode()).isEqualTo(404);
    assertThat(get(app, "/demo/").statusCode()).isEqualTo(404);
  }

  @Test
  void healthReportsTheDemoFeedAsJsonAndNoIndicator() throws Exception {
    HttpResponse<String> response = get(app, "/health");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    JsonNode feed = body.path("checks").path("feeds").path("details").path("feeds").get(0);
    assertThat(feed.path("feed").asText()).isEqualTo("demo");
    assertThat(feed.path("consecutiveFailures").asInt()).isZero();
    for (Indicator indicator : DemoFeedTest.feed()) {
      assertThat(response.body()).doesNotContain(indicator.value());
    }
    assertThat(HTTP.send(request(app, "/health").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  /** A refusal the uploader can learn nothing from: no indicator, label, feed, hash or rule. */
  private static void assertBlockedGenerically(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    String body = response.body().toLowerCase(Locale.ROOT);
    List<String> secrets = new ArrayList<>(List.of("demo", "csam", "trafficking", "phash", "md5", "sha256", "indicator"));
    for (Indicator indicator : DemoFeedTest.feed()) {
      secrets.add(indicator.id().toLowerCase(Locale.ROOT));
      secrets.add(indicator.value().toLowerCase(Locale.ROOT));
    }
    for (RulePack pack : SampleApp.demoTripline().policy().packs()) {
      for (Rule rule : pack.rules()) {
        secrets.add(rule.id());
      }
    }
    for (String secret : secrets) {
      assertThat(body).as("problem body must not mention '%s'", secret).doesNotContain(secret);
    }
  }

  /**
   * Sends a request whose body the server cannot read to the end. Jetty closes such a connection
   * after answering, so it must not go back into the shared client's keep-alive pool: the next
   * POST would find it dead, and HttpClient does not retry a POST.
   */
  private static HttpResponse<String> onOwnConnection(HttpRequest request) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] demo(String name) throws IOException {
    return Files.readAllBytes(DEMO.resolve(name));
  }

  private static HttpRequest.Builder request(SampleApp target, String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + target.port() + path)).timeout(Duration.ofSeconds(30));
  }

  private static HttpResponse<String> get(SampleApp target, String path) throws IOException, InterruptedException {
    return HTTP.send(request(target, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(SampleApp target, MultipartBody form, String accept)
      throws IOException, InterruptedException {
    return HTTP.send(request(target, "/ads")
        .header("Content-Type", form.contentType())
        .header("Accept", accept)
        .POST(form.publisher())
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
