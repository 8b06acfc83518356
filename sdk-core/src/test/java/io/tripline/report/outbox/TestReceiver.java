package io.tripline.report.outbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A clearinghouse stand-in on loopback: accepts {@code POST /reports} with an
 * {@code Idempotency-Key} header, drops repeats by key (answering them like the first time),
 * counts every request, and can be switched down (503).
 */
final class TestReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> firstPayload = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requestsPerKey = new ConcurrentHashMap<>();
  private final List<String> acceptedOrder = new ArrayList<>();
  private final AtomicInteger rawRequests = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> payloadMismatches = new ArrayList<>();
  private volatile boolean down;

  TestReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/reports",
        exchange -> {
          try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            rawRequests.incrementAndGet();
            if (down) {
              refused.incrementAndGet();
              exchange.getResponseHeaders().add("Retry-After", "0");
              exchange.sendResponseHeaders(503, -1);
              return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (key == null) {
              exchange.sendResponseHeaders(400, -1);
              return;
            }
            requestsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            synchronized (this) {
              byte[] first = firstPayload.putIfAbsent(key, body);
              if (first == null) {
                acceptedOrder.add(key);
              } else if (!Arrays.equals(first, body)) {
                payloadMismatches.add(key);
              }
            }
            byte[] receipt = ("receipt:" + key).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Report-Id", "ext-" + key);
            exchange.sendResponseHeaders(200, receipt.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(receipt);
            }
          }
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reports");
  }

  void down(boolean down) {
    this.down = down;
  }

  /** Keys accepted, each once, in the order first received. */
  synchronized List<String> acceptedOrder() {
    return List.copyOf(acceptedOrder);
  }

  int rawRequests() {
    return rawRequests.get();
  }

  int refused() {
    return refused.get();
  }

  /** Requests per key that reached a running receiver (1 = delivered once, 2 = one repeat...). */
  Map<String, Integer> requestsPerKey() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    requestsPerKey.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  synchronized List<String> payloadMismatches() {
    return List.copyOf(payloadMismatches);
  }

  byte[] payload(String key) {
    return firstPayload.get(key);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
