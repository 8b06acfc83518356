package io.tripline.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request whose body the filter has already read (a raw image upload), handed on so that the
 * servlet reads the same bytes through {@link #getInputStream()} or {@link #getReader()}.
 */
final class ReplayedRequest extends HttpServletRequestWrapper {
  private final byte[] body;
  private boolean streamTaken;
  private boolean readerTaken;

  ReplayedRequest(HttpServletRequest request, byte[] body) {
    super(request);
    this.body = Objects.requireNonNull(body);
  }

  @Override
  public ServletInputStream getInputStream() {
    if (readerTaken) {
      throw new IllegalStateException("getReader() was already called");
    }
    streamTaken = true;
    return new BodyStream(body);
  }

  @Override
  public BufferedReader getReader() {
    if (streamTaken) {
      throw new IllegalStateException("getInputStream() was already called");
    }
    readerTaken = true;
    String encoding = getCharacterEncoding();
    Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
    return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }

  private static final class BodyStream extends ServletInputStream {
    private final ByteArrayInputStream in;

    BodyStream(byte[] body) {
      this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      Objects.requireNonNull(listener, "listener");
      try {
        // All bytes are in memory: everything is available at once.
        if (!isFinished()) {
          listener.onDataAvailable();
        }
        if (isFinished()) {
          listener.onAllDataRead();
        }
      } catch (IOException e) {
        listener.onError(e);
      }
    }
  }
}
