package io.tripline.feed;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of bytes at {@code \n}, {@code \r} or {@code \r\n}, as
 * {@link java.io.BufferedReader#readLine()} does, keeping at most {@code max + 1} bytes of a line.
 */
final class FeedLines {
  private final InputStream in;
  private final int max;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int limit;
  private boolean skipLf;
  byte[] bytes = new byte[256];
  /** Bytes of the current line in {@link #bytes}; more than {@code max} means it is too long. */
  int length;

  FeedLines(InputStream in, int max) {
    this.in = in;
    this.max = max;
  }

  /** Reads the next line; false at the end of the input. Stops early on a line over the limit. */
  boolean next() throws IOException {
    length = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          return any;
        }
        pos = 0;
        limit = n;
        continue;
      }
      byte b = buffer[pos++];
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      any = true;
      if (b == '\n') {
        return true;
      }
      if (b == '\r') {
        skipLf = true;
        return true;
      }
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = b;
      if (length > max) {
        return true;
      }
    }
  }
}
