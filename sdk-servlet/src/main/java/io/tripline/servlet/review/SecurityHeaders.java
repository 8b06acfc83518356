package io.tripline.servlet.review;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The headers every review response carries, and the way to serve a preview image with them.
 *
 * <p>The policy allows no script at all, styles and images only from the review UI's own origin,
 * forms that post only back to it, and no framing: user content that slipped through escaping
 * still could not run, and the UI cannot be clickjacked. Nothing is cached (reviewed material must
 * not linger in shared or browser caches), no referrer leaks a review URL, and browsers do not
 * second-guess the declared content types.
 *
 * <p>Thread-safe (stateless).
 */
public final class SecurityHeaders {

  /** The review UI's Content-Security-Policy. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private SecurityHeaders() {}

  /**
   * Sets {@code Content-Security-Policy}, {@code X-Content-Type-Options: nosniff},
   * {@code Cache-Control: no-store}, {@code Referrer-Policy: no-referrer} and
   * {@code X-Frame-Options: DENY} on {@code response}, replacing any earlier values.
   *
   * @throws NullPointerException if {@code response} is null
   */
  public static void apply(HttpServletResponse response) {
    Objects.requireNonNull(response, "response");
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
  }

  /**
   * Answers 200 with {@code png} as {@code image/png}, inline, with the security headers; use it
   * for {@link io.tripline.image.Previews} output only (bytes that are a PNG Tripline wrote).
   *
   * @throws NullPointerException if an argument is null
   * @throws IOException if the response cannot be written
   */
  public static void sendPng(HttpServletResponse response, byte[] png) throws IOException {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(png, "png");
    apply(response);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("image/png");
    response.setHeader("Content-Disposition", "inline");
    response.setContentLength(png.length);
    response.getOutputStream().write(png);
  }
}
