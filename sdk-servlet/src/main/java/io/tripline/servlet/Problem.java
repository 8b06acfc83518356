package io.tripline.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 9457 answers the filter and the servlets give. Each is fixed text: nothing about the
 * submission or what matched ever reaches the uploader, so an abuser cannot probe which
 * indicator caught them.
 */
enum Problem {
  REJECTED("upload-rejected", "Upload rejected", "The upload was not accepted."),
  UNSUPPORTED_IMAGE("unsupported-image", "Unsupported image", "An image in the upload could not be processed."),
  TOO_LARGE("payload-too-large", "Upload too large", "The upload is larger than this service accepts."),
  MALFORMED("malformed-upload", "Malformed upload", "The upload could not be read: the request body is malformed."),
  UNINSPECTABLE("upload-uninspectable", "Upload not accepted right now",
      "The upload could not be checked, so it was not accepted. Please try again later."),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", "This resource answers GET and HEAD only.");

  /** Base of the problem type URIs; stable, they are part of the filter's contract. */
  static final String TYPE_BASE = "https://tripline.io/problems/";

  static final String MEDIA_TYPE = "application/problem+json";

  private final String slug;
  private final String title;
  private final String detail;

  Problem(String slug, String title, String detail) {
    this.slug = slug;
    this.title = title;
    this.detail = detail;
  }

  /** The problem for a block with HTTP {@code status}. */
  static Problem forBlock(int status) {
    return status == 415 ? UNSUPPORTED_IMAGE : REJECTED;
  }

  /** Writes this problem with {@code status}, unless the response is already committed. */
  void send(HttpServletResponse response, int status) throws IOException {
    send(response, status, status == 413);
  }

  /**
   * Writes this problem; with {@code closeConnection}, also asks the client to close the
   * connection. Needed whenever the request body was not read to its end (oversize, malformed,
   * unparsed): some containers then drop the connection without saying so, and a client that
   * reuses it fails its next request.
   */
  void send(HttpServletResponse response, int status, boolean closeConnection) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (closeConnection) {
      response.setHeader("Connection", "close");
    }
    String json = "{\"type\":\"" + TYPE_BASE + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\"}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }
}
