package io.tripline;

import java.io.ByteArrayOutputStream;

/** Inserts a minimal EXIF APP1 segment with an orientation tag into a JPEG, for tests. */
final class ExifJpeg {
  private ExifJpeg() {}

  static byte[] withOrientation(byte[] jpeg, int orientation) {
    // TIFF header (big-endian), IFD0 with one entry: tag 0x0112 SHORT count 1 value orientation.
    byte[] tiff = {
      'M', 'M', 0, 42, 0, 0, 0, 8,
      0, 1,
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
      0, 0, 0, 0
    };
    ByteArrayOutputStream app1 = new ByteArrayOutputStream();
    app1.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    app1.writeBytes(tiff);
    int length = app1.size() + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(app1.toByteArray());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
