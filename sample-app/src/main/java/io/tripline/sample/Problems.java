package io.tripline.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes RFC 9457 problem details, the error format the Tripline filter also answers with, so a
 * client sees one shape whichever layer refused its upload.
 */
final class Problems {

  static final String CONTENT_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  /** Sends {@code status} with a problem body; {@code detail} must be safe to show the uploader. */
  static void send(HttpServletResponse response, int status, String title, String detail) throws IOException {
    response.setStatus(status);
    response.setContentType(CONTENT_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), JSON.createObjectNode()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail));
  }
}
