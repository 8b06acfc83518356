package io.tripline.clearinghouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every API servlet shares: authentication by bearer credential, bounded JSON bodies, and
 * answering every failure as problem+json, never with a stack trace.
 */
abstract class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
  static final JsonFactory JSON = new JsonFactory();

  /** Writes a JSON body into a generator. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  @Override
  protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      handle(req, resp);
    } catch (Problem p) {
      send(req, resp, p);
    } catch (RuntimeException e) {
      // The request's headers are not logged: they carry the credential.
      LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
      send(req, resp, Problem.internal());
    }
  }

  abstract void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException;

  static void send(HttpServletRequest req, HttpServletResponse resp, Problem p) throws IOException {
    if (resp.isCommitted()) {
      return;
    }
    resp.reset();
    resp.setStatus(p.status());
    p.headers().forEach(resp::setHeader);
    resp.setContentType(Problem.CONTENT_TYPE);
    resp.setHeader("Cache-Control", "no-store");
    byte[] body = p.body(req.getRequestURI());
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  /**
   * The caller of {@code req}, which must hold {@code needed}.
   *
   * @throws Problem 401 if the credential is missing, unknown or revoked; 403 without the scope
   */
  static Accounts.Caller authenticate(HttpServletRequest req, Accounts accounts, Scope needed) {
    return authenticate(req, accounts, needed, false);
  }

  /**
   * As {@link #authenticate(HttpServletRequest, Accounts, Scope)}; with {@code forIntake}, from
   * {@link Accounts#authenticateForIntake}'s cache (revocation is then checked where the report is
   * stored).
   */
  static Accounts.Caller authenticate(HttpServletRequest req, Accounts accounts, Scope needed, boolean forIntake) {
    String header = req.getHeader("Authorization");
    if (header == null || header.isBlank()) {
      throw Problem.unauthorized("an Authorization: Bearer credential is required");
    }
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      throw Problem.unauthorized("the Authorization header must be Bearer <credential>");
    }
    String secret = h.substring(7).strip();
    Accounts.Caller caller = (forIntake ? accounts.authenticateForIntake(secret) : accounts.authenticate(secret))
        .orElseThrow(() -> Problem.unauthorized("the credential is unknown or revoked"));
    if (!caller.scopes().contains(needed)) {
      throw Problem.forbidden(needed);
    }
    return caller;
  }

  /** The JSON body, at most {@code limit} bytes. */
  static byte[] jsonBody(HttpServletRequest req, long limit) throws IOException {
    String type = req.getContentType();
    String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json") && !(mime.startsWith("application/") && mime.endsWith("+json"))) {
      throw Problem.unsupportedMediaType();
    }
    long declared = req.getContentLengthLong();
    if (declared > limit) {
      throw Problem.tooLarge(limit);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, limit)));
    byte[] buffer = new byte[8192];
    long total = 0;
    try (InputStream in = req.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > limit) {
          throw Problem.tooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
    }
    if (total == 0) {
      throw Problem.malformedJson("the body is empty");
    }
    return out.toByteArray();
  }

  static void sendJson(HttpServletResponse resp, int status, byte[] body, @Nullable String signature)
      throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    if (signature != null) {
      resp.setHeader(io.tripline.feed.SignatureVerifier.HEADER, signature);
    }
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  static byte[] json(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Every path no servlet serves: 404 problem. */
  static final class NotFound extends ApiServlet {
    private static final long serialVersionUID = 1L;

    @Override
    void handle(HttpServletRequest req, HttpServletResponse resp) {
      throw Problem.notFound("no such resource");
    }
  }

  /** {@code GET /v1/keys}: the public keys that sign receipts, for platforms to pin. */
  static final class Keys extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private final transient SigningKey key;

    Keys(SigningKey key) {
      this.key = key;
    }

    @Override
    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getPathInfo();
      if (path != null && !path.equals("/")) {
        throw Problem.notFound("no such resource");
      }
      if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
        throw Problem.methodNotAllowed(req.getMethod(), "GET");
      }
      sendJson(resp, 200, json(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("keys");
        g.writeStartObject();
        g.writeStringField("keyid", key.keyId());
        g.writeStringField("algorithm", "Ed25519");
        g.writeStringField("publicKey", key.publicKeyBase64());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }), null);
    }
  }
}
