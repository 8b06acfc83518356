package io.tripline.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class ClearinghouseOpinionClientTest {
  private static final String CREDENTIAL = "tl_live_0pinion-s3cr3t-0123456789";
  private static final Opinion OPINION = new Opinion("confirmed-hashes", "ind-81f3", Opinion.Kind.FALSE_POSITIVE,
      "reviewer dismissed the flag: NOT_A_MATCH");

  @StartStop
  private final MockWebServer server = new MockWebServer();

  private ClearinghouseOpinionClient client() {
    return ClearinghouseOpinionClient.builder().baseUrl(server.url("/ch/").toString()).credential(CREDENTIAL)
        .callTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void postsTheOpinionWithItsKeyAndAccepts202() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).build());
    client().send("op:rv_1:0", OPINION);
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/ch/v1/opinions");
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("op:rv_1:0");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + CREDENTIAL);
    assertThat(Opinion.fromJson(request.getBody().toByteArray())).isEqualTo(OPINION);
  }

  @Test
  void theSinkRetriesOutagesAndDeadLettersRefusals() {
    OpinionSink sink = new OpinionSink(client());
    OutboxEntry entry = new OutboxEntry("op:rv_1:0", OpinionSink.DESTINATION, OPINION.toJson(), Instant.EPOCH);
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "30").build());
    server.enqueue(new MockResponse.Builder().code(403).setHeader("Content-Type", "application/problem+json")
        .body("{\"type\":\"https://tripline.example/problems/scope\",\"status\":403}").build());
    server.enqueue(new MockResponse.Builder().code(202).build());

    assertThat(sink.deliver(entry)).isInstanceOfSatisfying(DeliveryResult.RetryableFailure.class,
        r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
    assertThat(sink.deliver(entry)).isInstanceOfSatisfying(DeliveryResult.PermanentFailure.class,
        r -> assertThat(r.reason()).contains("403").doesNotContain(CREDENTIAL));
    assertThat(sink.deliver(entry)).isInstanceOf(DeliveryResult.Delivered.class);
  }

  @Test
  void anUnreachableClearinghouseIsRetryable() {
    ClearinghouseOpinionClient client = ClearinghouseOpinionClient.builder().baseUrl("http://127.0.0.1:1/")
        .credential(CREDENTIAL).connectTimeout(Duration.ofSeconds(1)).build();
    OpinionException e = catchThrowableOfType(OpinionException.class, () -> client.send("op:rv_1:0", OPINION));
    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(client.toString()).doesNotContain(CREDENTIAL);
  }
}
