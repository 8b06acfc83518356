package io.tripline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.health.CheckResult;
import io.tripline.health.Health;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HealthServlet} on embedded Jetty, over real HTTP. */
class HealthServletTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<CheckResult> answer = new AtomicReference<>(CheckResult.up("fine"));
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private URI start(Health health) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HealthServlet(health)), "/health");
    server.setHandler(context);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/health");
  }

  private URI startScripted() throws Exception {
    return start(Health.builder().check("scripted", answer::get).build());
  }

  private HttpResponse<String> send(URI uri, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertNotCachedNorSniffed(HttpResponse<?> response) {
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void upIs200WithTheReportAsJson() throws Exception {
    URI uri = startScripted();

    HttpResponse<String> response = send(uri, "GET");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertNotCachedNorSniffed(response);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    assertThat(body.path("checks").path("scripted").path("summary").asText()).isEqualTo("fine");
  }

  @Test
  void degradedStillServesSoIs200() throws Exception {
    URI uri = startScripted();
    answer.set(CheckResult.degraded("2 dead letters (ncmec)", Map.of("dead", 2)));

    HttpResponse<String> response = send(uri, "GET");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("DEGRADED");
  }

  @Test
  void downIs503WithTheReport() throws Exception {
    URI uri = startScripted();
    answer.set(CheckResult.down("indicators too old: inspections fail closed"));

    HttpResponse<String> response = send(uri, "GET");

    assertThat(response.statusCode()).isEqualTo(503);
    assertNotCachedNorSniffed(response);
    assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("DOWN");
  }

  @Test
  void headHasTheStatusAndHeadersWithoutABody() throws Exception {
    URI uri = startScripted();
    answer.set(CheckResult.down("no"));

    HttpResponse<String> response = send(uri, "HEAD");

    assertThat(response.statusCode()).isEqualTo(503);
    assertNotCachedNorSniffed(response);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void otherMethodsAre405ProblemsNamingTheAllowedOnes() throws Exception {
    URI uri = startScripted();
    for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS"}) {
      HttpResponse<String> response = send(uri, method);

      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
      assertNotCachedNorSniffed(response);
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("type").asText()).isEqualTo(Problem.TYPE_BASE + "method-not-allowed");
      assertThat(problem.path("status").asInt()).isEqualTo(405);
    }
  }

  @Test
  void aDeadLetterIsServedAsNumbersNeverAsTheReport() throws Exception {
    String marker = "uploader-phone-555-0199";
    try (Outbox outbox = Outbox.builder().sqlite(dir.resolve("outbox.db"))
        .idlePoll(Duration.ofMillis(50)).pollingInterval(Duration.ofMillis(50)).shutdownWait(Duration.ofSeconds(2))
        .sink(e -> new DeliveryResult.PermanentFailure("rejected: " + marker))
        .build()) {
      outbox.enqueue(OutboxEntry.ofText("report-1", "clearinghouse", "{\"text\":\"" + marker + "\"}", Instant.now()));
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (outbox.counts().get(OutboxState.DEAD) != 1L) {
        assertThat(System.nanoTime()).as("dead letter in time").isLessThan(end);
        Thread.sleep(20);
      }
      URI uri = start(Health.builder().outbox(outbox).build());

      HttpResponse<String> response = send(uri, "GET");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
      assertThat(body.path("checks").path("outbox").path("summary").asText())
          .isEqualTo("1 dead letter (clearinghouse)");
      assertThat(response.body()).doesNotContain(marker).doesNotContain("report-1");
    }
  }
}
