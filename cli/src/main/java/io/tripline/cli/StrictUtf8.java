package io.tripline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the files the {@code rules} commands take (rule packs, submission JSON) as people wrote
 * them: bounded in size, and strict UTF-8, refused at the line and column of the first bad byte
 * rather than read with replacement characters that would silently change a term or a key.
 */
final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * The bytes of {@code file}, at most {@code maxBytes}.
   *
   * @param what how errors name the file, e.g. {@code rule pack packs/ours.yaml}
   * @throws IllegalArgumentException if the file is larger
   * @throws IOException if it cannot be read
   */
  static byte[] readBounded(Path file, long maxBytes, String what) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
      if (bytes.length == maxBytes && in.read() != -1) {
        throw new IllegalArgumentException(what + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    }
  }

  /**
   * Decodes {@code bytes} as strict UTF-8.
   *
   * @param what how errors name the source, e.g. {@code submission s.json}
   * @throws IllegalArgumentException naming the line, column (in characters) and byte offset of
   *     the first malformed sequence
   */
  static String decode(byte[] bytes, String what) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes);
    CharBuffer output = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(input, output, true);
    if (!result.isError()) {
      result = decoder.flush(output);
    }
    if (result.isError()) {
      // The decoder stops with the input at the first byte of the bad sequence.
      int offset = input.position();
      int line = 1;
      int column = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          column = 1;
        } else if ((bytes[i] & 0xC0) != 0x80) {
          column++;  // continuation bytes belong to the character before
        }
      }
      throw new IllegalArgumentException(what + ", line " + line + ", column " + column
          + ": not valid UTF-8 (malformed byte sequence at byte offset " + offset + ")");
    }
    return output.flip().toString();
  }
}
