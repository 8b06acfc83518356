package io.tripline.clearinghouse.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * What the server core and the feed servlets agree on: where to mount them, the request attribute
 * that names the authenticated platform, and the problem types they answer with.
 *
 * <p>The core authenticates the bearer credential (and its scope: {@code feeds:read} for
 * {@link FeedsServlet}, {@code opinions:write} for {@link OpinionsServlet}) and then sets
 * {@link #PLATFORM_ATTRIBUTE} to the platform's id; a request without it is answered 401.
 */
public final class FeedApi {
  private FeedApi() {}

  /** The request attribute holding the authenticated platform's id (a {@link String}). */
  public static final String PLATFORM_ATTRIBUTE = "io.tripline.clearinghouse.platform";

  /** Where {@link FeedsServlet} is mounted. */
  public static final String FEEDS_PATH = "/v1/feeds/*";

  /** Where {@link OpinionsServlet} is mounted. */
  public static final String OPINIONS_PATH = "/v1/opinions";

  /** The prefix of the problem type URIs answered; the rest is a stable slug. */
  public static final String PROBLEM_BASE = "https://tripline.io/problems/";

  private static final JsonFactory JSON = new JsonFactory();

  /** The authenticated platform, or null after answering 401. */
  static @Nullable String platform(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object platform = request.getAttribute(PLATFORM_ATTRIBUTE);
    if (platform instanceof String id && !id.isBlank()) {
      return id;
    }
    response.setHeader("WWW-Authenticate", "Bearer");
    problem(response, 401, "unauthenticated", "Authentication required",
        "a platform credential is required", null);
    return null;
  }

  /** Answers an RFC 9457 problem; {@code field} names the offending field of a validation error. */
  static void problem(HttpServletResponse response, int status, String slug, String title, String detail,
      @Nullable String field) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", PROBLEM_BASE + slug);
      g.writeStringField("title", title);
      g.writeNumberField("status", status);
      g.writeStringField("detail", detail);
      if (field != null) {
        g.writeStringField("field", field);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/problem+json");
    byte[] body = out.toByteArray();
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
