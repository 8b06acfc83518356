package io.tripline.clearinghouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem the API answers with: thrown by a servlet, written as
 * {@code application/problem+json} by {@link ApiServlet}. The {@code type} URIs are stable: clients
 * may switch on them; {@code detail} never quotes a credential or a stack trace.
 */
final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Where the types live; each names a section of the clearinghouse README. */
  static final String TYPE_BASE = "https://tripline.io/problems/";
  static final String CONTENT_TYPE = "application/problem+json";
  private static final JsonFactory JSON = new JsonFactory();

  private final int status;
  private final String type;
  private final String title;
  private final @Nullable String field;
  private final Map<String, String> headers = new LinkedHashMap<>();

  Problem(int status, String slug, String title, String detail, @Nullable String field) {
    super(detail, null, false, false);
    this.status = status;
    this.type = TYPE_BASE + slug;
    this.title = title;
    this.field = field;
  }

  static Problem of(int status, String slug, String title, String detail) {
    return new Problem(status, slug, title, detail, null);
  }

  Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body(@Nullable String instance) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("title", title);
      g.writeNumberField("status", status);
      g.writeStringField("detail", getMessage());
      if (instance != null) {
        g.writeStringField("instance", instance);
      }
      if (field != null) {
        g.writeStringField("field", field);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  // The problems of the API, one factory each, so the types stay stable.

  static Problem unauthorized(String detail) {
    return of(401, "unauthorized", "Missing or invalid credential", detail)
        .header("WWW-Authenticate", "Bearer realm=\"tripline-clearinghouse\"");
  }

  static Problem forbidden(Scope needed) {
    return of(403, "forbidden", "Credential lacks a scope", "this call needs the scope " + needed.wireName());
  }

  static Problem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  static Problem methodNotAllowed(String method, String allow) {
    return of(405, "method-not-allowed", "Method not allowed", method + " is not allowed here; allowed: " + allow)
        .header("Allow", allow);
  }

  static Problem unsupportedMediaType() {
    return of(415, "unsupported-media-type", "Unsupported media type", "the body must be application/json");
  }

  static Problem tooLarge(long limit) {
    return of(413, "body-too-large", "Body too large", "the body is larger than " + limit + " bytes");
  }

  static Problem malformedJson(String detail) {
    return new Problem(400, "malformed-json", "Malformed JSON", detail, "$");
  }

  static Problem invalid(String field, String reason) {
    return new Problem(422, "invalid-report", "Invalid report", "'" + field + "' " + reason, field);
  }

  static Problem invalidField(String slug, String title, String field, String reason) {
    return new Problem(422, slug, title, "'" + field + "' " + reason, field);
  }

  static Problem idempotencyKeyMissing() {
    return new Problem(400, "idempotency-key-required", "Idempotency-Key required",
        "this call needs an Idempotency-Key header of 1 to 200 characters [A-Za-z0-9._:-]", "Idempotency-Key");
  }

  static Problem idempotencyKeyReused() {
    return of(422, "idempotency-key-reused", "Idempotency-Key reused with another body",
        "this Idempotency-Key was used before with a different body; a new request needs a new key");
  }

  static Problem internal() {
    return of(500, "internal-error", "Internal error", "the clearinghouse failed; try again later");
  }
}
