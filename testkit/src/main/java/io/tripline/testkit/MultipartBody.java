package io.tripline.testkit;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** A multipart/form-data body built by hand, so tests control every byte the server sees. */
public final class MultipartBody {

  private final String boundary;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public MultipartBody() {
    this("----tripline-test-boundary-7d1f");
  }

  public MultipartBody(String boundary) {
    this.boundary = boundary;
  }

  public MultipartBody field(String name, String value) {
    return fieldBytes(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A text field whose bytes are given as they are, e.g. invalid UTF-8. */
  public MultipartBody fieldBytes(String name, byte[] value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
    out.writeBytes(value);
    write("\r\n");
    return this;
  }

  public MultipartBody file(String name, String fileName, String contentType, byte[] bytes) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(bytes);
    write("\r\n");
    return this;
  }

  public String boundary() {
    return boundary;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The parts so far, closed with the final boundary. */
  public byte[] bytes() {
    ByteArrayOutputStream closed = new ByteArrayOutputStream();
    closed.writeBytes(out.toByteArray());
    closed.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return closed.toByteArray();
  }

  /** The parts so far, with no closing boundary: a truncated upload. */
  public byte[] truncatedBytes() {
    return out.toByteArray();
  }

  public HttpRequest.BodyPublisher publisher() {
    return HttpRequest.BodyPublishers.ofByteArray(bytes());
  }

  private void write(String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
