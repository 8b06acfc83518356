package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.feed.SignatureVerifier;
import io.tripline.report.outbox.OutboxState;
import io.tripline.testkit.MultipartBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo platform linked to a clearinghouse (here a stand-in that signs its receipts): the blocked
 * demo image's automatic report leaves through the outbox, under the platform's id, with digests
 * and no content, and is acknowledged with a verified receipt.
 */
class SampleAppLinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @StartStop
  private final MockWebServer clearinghouse = new MockWebServer();

  @Test
  void theBlockedDemoImageIsReportedUnderThePlatformsIdWithAVerifiedReceipt() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    List<RecordedRequest> reports = new CopyOnWriteArrayList<>();
    clearinghouse.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!"POST".equals(request.getMethod()) || !request.getUrl().encodedPath().equals("/v1/reports")) {
          return new MockResponse.Builder().code(503).build(); // the shared feed is not served here
        }
        reports.add(request);
        try {
          String id = request.getHeaders().get("Idempotency-Key");
          String body = "{\"reportId\":\"" + id + "\",\"receivedAt\":\"2026-11-29T10:00:00Z\",\"status\":\"RECEIVED\","
              + "\"routes\":[{\"destination\":\"NCMEC_CYBERTIPLINE\",\"obligation\":\"MANDATORY\",\"status\":\"PENDING\"}],"
              + "\"preservation\":{\"until\":\"2027-11-29T10:00:00Z\",\"basis\":\"US_18USC2258A_h\"}}";
          Signature signature = Signature.getInstance("Ed25519");
          signature.initSign(keys.getPrivate());
          signature.update(body.getBytes(StandardCharsets.UTF_8));
          return new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
              .setHeader(SignatureVerifier.HEADER,
                  "keyid=ch-1, ed25519=" + Base64.getEncoder().encodeToString(signature.sign()))
              .body(body).build();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    ClearinghouseLink link = new ClearinghouseLink(clearinghouse.url("/").toString(), "platform-a",
        "tl_demo_platform-a-credential-0123", Map.of("ch-1", keys.getPublic()), "confirmed-hashes");

    try (SampleApp app = SampleApp.start(0, data, DemoUsers.fromEnvironment(Map.of()), link)) {
      byte[] image = Files.readAllBytes(Path.of("demo", "blocked.jpg"));
      MultipartBody form = new MultipartBody().field("title", "Bike").field("text", "Good as new")
          .file("image", "bike.jpg", "image/jpeg", image);
      HttpResponse<String> blocked = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/ads"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", form.contentType())
          .header("Accept", "application/json").POST(form.publisher()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(blocked.statusCode()).isEqualTo(422);

      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (reports.isEmpty() || !delivered(app)) {
        assertThat(System.nanoTime()).as("the report is delivered").isLessThan(end);
        Thread.sleep(50);
      }
      RecordedRequest request = reports.get(0);
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tl_demo_platform-a-credential-0123");
      String body = request.getBody().utf8();
      JsonNode report = JSON.readTree(body);
      assertThat(report.at("/incident/platform").asText()).isEqualTo("platform-a");
      assertThat(report.at("/incident/category").asText()).isEqualTo("CSAM");
      assertThat(report.at("/jurisdiction/providerCountries/0").asText()).isEqualTo("US");
      assertThat(report.at("/evidence/0/digests/sha256").asText()).hasSize(64);
      // Digests only: none of the file's bytes leave the platform.
      assertThat(body).doesNotContain(Base64.getEncoder().encodeToString(image).substring(0, 40));
    }
  }

  private static boolean delivered(SampleApp app) {
    return app.outbox().counts().getOrDefault(OutboxState.DELIVERED, 0L) >= 1;
  }
}
