package io.tripline.benchmarks;

import io.tripline.Indicator;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.image.PdqHasher;
import io.tripline.spi.ImageHash;
import io.tripline.testkit.TestImages;
import java.util.Random;

/**
 * An uploaded photo whose PDQ hash is known, and indicators near that hash: how the harness asks
 * the engine, through {@link Tripline#inspect} as an upload path does, whether a feed change has
 * reached it. A probe indicator is {@value #DISTANCE} bits from the photo's hash (a re-encoded
 * copy, not the same file), well within PDQ's radius of 31; a random 256-bit hash is almost never
 * that close, so nothing else in a synthetic feed matches the photo.
 */
final class Probe {

  /** Bits flipped between the photo's hash and its indicators. */
  static final int DISTANCE = 10;

  private final Submission upload;
  private final String imageHash;

  private Probe(Submission upload, String imageHash) {
    this.upload = upload;
    this.imageHash = imageHash;
  }

  /**
   * A 640x480 JPEG photo drawn from {@code seed}; its PDQ hash is computed the way
   * {@code inspect} computes it, by an engine of its own.
   */
  static Probe photo(long seed) {
    Submission upload = upload(seed);
    return new Probe(upload, hashOf(upload));
  }

  /**
   * The photo of {@code seed} whose hash is already known (e.g. stored with a fixture), so that
   * no engine is built and warmed up to hash it.
   */
  static Probe photo(long seed, String imageHash) {
    return new Probe(upload(seed), imageHash);
  }

  private static Submission upload(long seed) {
    byte[] jpeg = TestImages.jpeg(TestImages.scene(seed, 640, 480), 0.85f);
    return Submission.builder().file("photo", "upload-" + seed + ".jpg", "image/jpeg", jpeg).build();
  }

  private static String hashOf(Submission upload) {
    return Hashing.ENGINE.inspect(upload).files().get(0).hashes().stream()
        .filter(h -> h.signalType().equals(PdqHasher.SIGNAL_TYPE))
        .findFirst()
        .map(ImageHash::toHex)
        .orElseThrow(() -> new IllegalStateException("the PDQ hasher did not hash the probe photo"));
  }

  /** An engine with no indicators, made on first use, that hashes probe photos. */
  private static final class Hashing {
    static final Tripline ENGINE = Tripline.builder().build();
  }

  /** The photo's PDQ hash in hex. */
  String imageHash() {
    return imageHash;
  }

  /** A feed indicator, number {@code serial}, {@link #DISTANCE} bits from the photo's hash. */
  Indicator indicator(long serial) {
    long[] original = ImageHash.parseHex(imageHash, PdqHasher.BITS);
    long[] words = original.clone();
    Random random = new Random(serial);
    int flipped = 0;
    while (flipped < DISTANCE) {
      int bit = random.nextInt(PdqHasher.BITS);
      long mask = 1L << (bit & 63);
      if (((words[bit >>> 6] ^ original[bit >>> 6]) & mask) == 0) {
        words[bit >>> 6] ^= mask;
        flipped++;
      }
    }
    return SyntheticPdqFeed.probeIndicator(serial, ImageHash.toHex(words, PdqHasher.BITS));
  }

  /** Whether {@code tripline}, inspecting the photo now, matches indicator {@code id}. */
  boolean matches(Tripline tripline, String id) {
    return tripline.inspect(upload).matches().stream().anyMatch(m -> m.indicatorId().equals(id));
  }
}
