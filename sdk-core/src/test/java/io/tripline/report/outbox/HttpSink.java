package io.tripline.report.outbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal HTTP sink for the tests: 2xx delivered, 429/5xx retryable, other 4xx permanent. */
final class HttpSink implements DeliverySink {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;

  HttpSink(URI uri) {
    this.uri = uri;
  }

  @Override
  public DeliveryResult deliver(OutboxEntry entry) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .header("Idempotency-Key", entry.key())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(entry.payload()))
            .build();
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new DeliveryResult.Delivered(
            response.body(), response.headers().firstValue("X-Report-Id").orElse(null));
      }
      if (status == 429 || status / 100 == 5) {
        Duration retryAfter =
            response.headers().firstValue("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
        return new DeliveryResult.RetryableFailure("HTTP " + status, retryAfter);
      }
      return new DeliveryResult.PermanentFailure("HTTP " + status);
    } catch (IOException e) {
      return new DeliveryResult.RetryableFailure("I/O: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DeliveryResult.RetryableFailure("interrupted");
    }
  }
}
