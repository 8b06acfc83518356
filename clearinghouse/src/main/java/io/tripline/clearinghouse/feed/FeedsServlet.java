package io.tripline.clearinghouse.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol's feed calls, mounted at {@value FeedApi#FEEDS_PATH}:
 *
 * <ul>
 *   <li>{@code GET /v1/feeds}: {@code {"feeds":[{"id","title","signalTypes","labels"}]}};
 *   <li>{@code GET /v1/feeds/{id}/changes?after=<cursor>&limit=<n>}: a page of changes with
 *       {@code next} and {@code more}; {@code limit} 1..{@value #MAX_LIMIT}, default
 *       {@value #DEFAULT_LIMIT}. A strong {@code ETag} (of the body) answers a matching
 *       {@code If-None-Match} with 304; an unknown or expired cursor 410; an unknown feed 404.
 * </ul>
 *
 * Every 200 body is signed ({@link FeedSigner#HEADER}) over its exact bytes. The caller must be
 * authenticated by the server core ({@link FeedApi#PLATFORM_ATTRIBUTE}), else 401. Pages carry
 * what the change log holds: indicator ids, signals, labels, severity and times; never a report,
 * a platform or a person.
 *
 * <p>Thread-safe.
 */
public final class FeedsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FeedsServlet.class);

  public static final int DEFAULT_LIMIT = 1000;
  public static final int MAX_LIMIT = 10_000;

  private static final JsonFactory JSON = new JsonFactory();

  private final transient FeedStore store;
  private final transient FeedSigner signer;

  /** @throws NullPointerException if an argument is null */
  public FeedsServlet(FeedStore store, FeedSigner signer) {
    this.store = Objects.requireNonNull(store, "store");
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (FeedApi.platform(request, response) == null) {
      return;
    }
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      FeedApi.problem(response, 405, "method-not-allowed", "Method not allowed", "only GET is served here", null);
      return;
    }
    String path = request.getPathInfo();
    try {
      if (path == null || path.isEmpty() || path.equals("/")) {
        listing(response);
        return;
      }
      String[] parts = path.substring(1).split("/", -1);
      if (parts.length == 2 && parts[1].equals("changes") && FeedDefinition.ID.matcher(parts[0]).matches()) {
        changes(request, response, parts[0]);
        return;
      }
      FeedApi.problem(response, 404, "not-found", "Not found", "no such resource", null);
    } catch (FeedStoreException e) {
      LOG.error("feed store failed: {}", e.getMessage());
      FeedApi.problem(response, 503, "unavailable", "Temporarily unavailable", "the feed store failed; retry later",
          null);
    }
  }

  private void listing(HttpServletResponse response) throws IOException {
    List<FeedDefinition> feeds = store.feeds();
    byte[] body = json(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("feeds");
      for (FeedDefinition f : feeds) {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeStringField("title", f.title());
        strings(g, "signalTypes", f.signalTypes());
        strings(g, "labels", f.labels());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
    send(response, body, null);
  }

  private void changes(HttpServletRequest request, HttpServletResponse response, String feedId) throws IOException {
    String[] afters = request.getParameterValues("after");
    String[] limits = request.getParameterValues("limit");
    if ((afters != null && afters.length > 1) || (limits != null && limits.length > 1)) {
      FeedApi.problem(response, 400, "invalid-parameter", "Invalid parameter", "after and limit are given once at most",
          afters != null && afters.length > 1 ? "after" : "limit");
      return;
    }
    String after = afters == null ? null : afters[0];
    if (after != null && after.isBlank()) {
      FeedApi.problem(response, 400, "invalid-parameter", "Invalid parameter",
          "after must be a cursor; omit it for a full sync", "after");
      return;
    }
    int limit = DEFAULT_LIMIT;
    if (limits != null) {
      String text = limits[0];
      try {
        limit = text.matches("[0-9]{1,9}") ? Integer.parseInt(text) : -1;
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        FeedApi.problem(response, 400, "invalid-parameter", "Invalid parameter",
            "limit must be an integer 1.." + MAX_LIMIT, "limit");
        return;
      }
    }
    ChangesPage page;
    try {
      page = store.changes(feedId, after, limit);
    } catch (UnknownFeedException e) {
      FeedApi.problem(response, 404, "unknown-feed", "Unknown feed", "no feed with this id", null);
      return;
    } catch (CursorGoneException e) {
      FeedApi.problem(response, 410, "cursor-gone", "Cursor gone",
          e.getMessage() + "; resync in full (omit after)", "after");
      return;
    }
    byte[] body = page(page);
    String etag = etag(body);
    if (matches(request.getHeader("If-None-Match"), etag)) {
      response.setStatus(304);
      response.setHeader("ETag", etag);
      response.setHeader("Cache-Control", "private, no-cache");
      return;
    }
    send(response, body, etag);
  }

  private void send(HttpServletResponse response, byte[] body, @Nullable String etag) throws IOException {
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "private, no-cache");
    if (etag != null) {
      response.setHeader("ETag", etag);
    }
    response.setHeader(FeedSigner.HEADER, signer.sign(body));
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The page body; deterministic for a cursor and the log, so its hash is a strong validator. */
  static byte[] page(ChangesPage page) {
    return json(g -> {
      g.writeStartObject();
      g.writeStringField("feed", page.feed());
      g.writeArrayFieldStart("changes");
      for (FeedChange change : page.changes()) {
        g.writeStartObject();
        if (change instanceof FeedChange.Upsert u) {
          g.writeStringField("op", "upsert");
          g.writeStringField("id", u.indicatorId());
          g.writeObjectFieldStart("signal");
          g.writeStringField("type", u.signalType());
          g.writeStringField("value", u.value());
          g.writeEndObject();
          strings(g, "labels", u.labels());
          g.writeStringField("severity", u.severity());
          g.writeStringField("addedAt", u.addedAt().truncatedTo(ChronoUnit.SECONDS).toString());
          g.writeNullField("expiresAt");
        } else if (change instanceof FeedChange.Delete d) {
          g.writeStringField("op", "delete");
          g.writeStringField("id", d.indicatorId());
          g.writeStringField("reason", d.reason());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("next", page.next());
      g.writeBooleanField("more", page.more());
      g.writeEndObject();
    });
  }

  static String etag(byte[] body) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 27) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }

  /** If-None-Match uses the weak comparison (RFC 9110, 13.1.2): a W/ prefix is ignored. */
  static boolean matches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  @FunctionalInterface
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
