package io.tripline.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tripline.feed.ClearinghouseFeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A clearinghouse serving one feed's delta call on loopback, as the protocol describes it
 * ({@code GET /v1/feeds/{id}/changes?after=<cursor>&limit=<n>}, bearer credential, pages signed
 * with Ed25519 over the exact body bytes in {@code Tripline-Signature}), on the JDK's HTTP server.
 *
 * <p>The feed is an append-only log of changes, each already in its JSON form; cursor
 * {@code c-<k>} means "after the first k changes". A page holds up to {@code limit} changes (as
 * the client asks, capped at {@value #MAX_LIMIT}) and says {@code more} while the log goes on.
 * Pages can be {@linkplain #prepare prepared}, i.e. assembled and signed ahead of a measurement,
 * so that a timed sync measures the client, not this server; a page asked for that was not
 * prepared is made on demand and counted in {@link #pagesMadeOnDemand()}.
 *
 * <p>A log may start at an offset: the changes before it were compacted away (the client is
 * expected to resume from a snapshot), and a full sync (no cursor) is answered 410.
 *
 * <p>Thread-safe; requests are served one at a time on one thread.
 */
final class LoopbackClearinghouse implements AutoCloseable {

  static final String KEY_ID = "bench-k1";
  static final String CREDENTIAL = "tl_bench_credential-0123456789";

  /** The most changes a page holds, whatever the client asks; a real clearinghouse caps it too. */
  static final int MAX_LIMIT = 10_000;

  private static final byte[] COMMA = {','};

  private final String feedId;
  private final long firstOffset;
  private final KeyPair keys;
  private final HttpServer server;
  private final ExecutorService executor;
  /** Change entries in JSON, from {@link #firstOffset} on; guarded by {@code this}. */
  private final List<byte[]> log = new ArrayList<>();
  private final Map<PageKey, Page> pages = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicLong madeOnDemand = new AtomicLong();

  private record PageKey(long offset, int limit) {}

  private record Page(byte[] body, String signature, long end) {}

  /**
   * Starts serving feed {@code feedId} on a free loopback port, its log starting at
   * {@code firstOffset} (0: the whole feed history is here).
   */
  LoopbackClearinghouse(String feedId, long firstOffset) {
    this.feedId = feedId;
    this.firstOffset = firstOffset;
    try {
      this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "loopback-clearinghouse");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/v1/feeds/" + feedId + "/changes", this::handle);
    server.start();
  }

  /** The base URL to give {@link ClearinghouseFeed.Builder#baseUrl}. */
  String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /**
   * A client of this feed asking {@code pageLimit} changes per page, with the pinned key; its
   * timeouts are generous because a page of a busy 2-core machine can take a while.
   */
  ClearinghouseFeed feed(int pageLimit) {
    return ClearinghouseFeed.builder()
        .baseUrl(baseUrl())
        .feedId(feedId)
        .credential(CREDENTIAL)
        .publicKeys(Map.of(KEY_ID, keys.getPublic()))
        .pageLimit(pageLimit)
        .readTimeout(Duration.ofMinutes(2))
        .callTimeout(Duration.ofMinutes(5))
        .build();
  }

  /** The cursor after the whole log as it is now. */
  synchronized String endCursor() {
    return cursor(firstOffset + log.size());
  }

  static String cursor(long offset) {
    return "c-" + offset;
  }

  /** Appends changes (each one JSON object) to the log; pages that ended at the old end are dropped. */
  synchronized void append(List<byte[]> changes) {
    long oldEnd = firstOffset + log.size();
    log.addAll(changes);
    pages.values().removeIf(page -> page.end() == oldEnd);
  }

  /** Assembles and signs every page a client asking {@code limit} changes gets from {@code cursor} on. */
  void prepare(@Nullable String cursor, int limit) {
    long offset = cursor == null ? firstOffset : parseCursor(cursor);
    int capped = Math.min(limit, MAX_LIMIT);
    while (true) {
      Page page = pages.computeIfAbsent(new PageKey(offset, capped), k -> make(k.offset(), k.limit()));
      synchronized (this) {
        if (page.end() >= firstOffset + log.size()) {
          return;
        }
      }
      offset = page.end();
    }
  }

  long requests() {
    return requests.get();
  }

  long bytesServed() {
    return bytesServed.get();
  }

  long pagesMadeOnDemand() {
    return madeOnDemand.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!("Bearer " + CREDENTIAL).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI());
      long offset;
      String after = query.get("after");
      if (after == null) {
        if (firstOffset > 0) {
          // The history before the first offset is gone; a full sync cannot be served.
          exchange.sendResponseHeaders(410, -1);
          return;
        }
        offset = 0;
      } else {
        offset = parseCursor(after);
        synchronized (this) {
          if (offset < firstOffset || offset > firstOffset + log.size()) {
            exchange.sendResponseHeaders(410, -1);
            return;
          }
        }
      }
      int limit;
      try {
        limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(query.getOrDefault("limit", "1000"))));
      } catch (NumberFormatException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      Page page = pages.get(new PageKey(offset, limit));
      if (page == null) {
        madeOnDemand.incrementAndGet();
        page = make(offset, limit);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Tripline-Signature", page.signature());
      exchange.sendResponseHeaders(200, page.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page.body());
      }
      bytesServed.addAndGet(page.body().length);
    }
  }

  /** The page of up to {@code limit} changes after {@code offset}, assembled and signed. */
  private Page make(long offset, int limit) {
    List<byte[]> entries;
    long end;
    boolean more;
    synchronized (this) {
      long logEnd = firstOffset + log.size();
      end = Math.min(logEnd, offset + limit);
      entries = List.copyOf(log.subList((int) (offset - firstOffset), (int) (end - firstOffset)));
      more = end < logEnd;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 + entries.size() * 200);
    body.writeBytes(("{\"feed\":\"" + feedId + "\",\"changes\":[").getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        body.writeBytes(COMMA);
      }
      body.writeBytes(entries.get(i));
    }
    body.writeBytes(("],\"next\":\"" + cursor(end) + "\",\"more\":" + more + "}").getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    return new Page(bytes, "keyid=" + KEY_ID + ", ed25519=" + sign(bytes), end);
  }

  private String sign(byte[] body) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(keys.getPrivate());
      signature.update(body);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a page", e);
    }
  }

  private static long parseCursor(String cursor) {
    if (!cursor.startsWith("c-")) {
      return -1;
    }
    try {
      return Long.parseLong(cursor, 2, cursor.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
