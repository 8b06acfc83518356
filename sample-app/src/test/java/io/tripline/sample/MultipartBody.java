package io.tripline.sample;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** A multipart/form-data body built by hand, so tests control every byte the server sees. */
final class MultipartBody {

  private final String boundary;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  MultipartBody() {
    this("----tripline-test-boundary-7d1f");
  }

  MultipartBody(String boundary) {
    this.boundary = boundary;
  }

  MultipartBody field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
    write(value);
    write("\r\n");
    return this;
  }

  MultipartBody file(String name, String fileName, String contentType, byte[] bytes) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(bytes);
    write("\r\n");
    return this;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The parts so far, closed with the final boundary. */
  byte[] bytes() {
    ByteArrayOutputStream closed = new ByteArrayOutputStream();
    closed.writeBytes(out.toByteArray());
    closed.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return closed.toByteArray();
  }

  /** The parts so far, with no closing boundary: a truncated upload. */
  byte[] truncatedBytes() {
    return out.toByteArray();
  }

  HttpRequest.BodyPublisher publisher() {
    return HttpRequest.BodyPublishers.ofByteArray(bytes());
  }

  private void write(String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
