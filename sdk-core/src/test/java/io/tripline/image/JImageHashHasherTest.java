package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brachtendorf.jimagehash.hashAlgorithms.DifferenceHash;
import dev.brachtendorf.jimagehash.hashAlgorithms.HashingAlgorithm;
import dev.brachtendorf.jimagehash.hashAlgorithms.PerceptiveHash;
import dev.brachtendorf.jimagehash.hashAlgorithms.WaveletHash;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.testkit.TestImages;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The three JImageHash hashers: their names and lengths, and their behaviour as hashes. */
class JImageHashHasherTest {

  /** A hasher, the signal type and length it must produce, and the raw JImageHash algorithm. */
  record Case(JImageHashHasher hasher, String signalType, int bits, HashingAlgorithm raw) {
    @Override
    public String toString() {
      return signalType;
    }
  }

  static Stream<Case> hashers() {
    return Stream.of(
        new Case(new JImageHashPerceptualHasher(), "phash64", 64, new PerceptiveHash(64)),
        // Asked for 64 bits at simple precision, JImageHash's dHash lays out 72 differences.
        new Case(new JImageHashDifferenceHasher(), "dhash72", 72, new DifferenceHash(64, DifferenceHash.Precision.Simple)),
        new Case(new JImageHashWaveletHasher(), "whash64", 64, new WaveletHash(64, 3)));
  }

  private static int distance(ImageHash a, ImageHash b) {
    long[] x = a.words();
    long[] y = b.words();
    int distance = 0;
    for (int i = 0; i < x.length; i++) {
      distance += Long.bitCount(x[i] ^ y[i]);
    }
    return distance;
  }

  @ParameterizedTest
  @MethodSource("hashers")
  void hashesHeadlessWithJavaFxOnTheClassPath(Case c) {
    // JImageHash reaches into JavaFX classes on its first hash; CI has no display.
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    ImageHash hash = c.hasher().hash(TestImages.scene(1, 640, 480));

    assertThat(c.hasher().signalType()).isEqualTo(c.signalType());
    assertThat(c.hasher().bits()).isEqualTo(c.bits());
    assertThat(hash.signalType()).isEqualTo(c.signalType());
    assertThat(hash.bits()).isEqualTo(c.bits());
    assertThat(hash.toHex()).matches("[0-9a-f]{" + c.bits() / 4 + "}");
    assertThat(hash.quality()).isEqualTo(100);
    int unused = hash.words().length * 64 - c.bits();
    if (unused > 0) {
      // The unused low bits of the last word stay zero, so distances count only hash bits.
      assertThat(hash.words()[hash.words().length - 1] & ((1L << unused) - 1)).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("hashers")
  void theHexFormIsTheJImageHashValue(Case c) {
    BufferedImage image = TestImages.scene(2, 300, 200);
    assertThat(new BigInteger(c.hasher().hash(image).toHex(), 16)).isEqualTo(c.raw().hash(image).getHashValue());
  }

  @ParameterizedTest
  @MethodSource("hashers")
  void reEncodedCopyIsNearAndOtherImageIsFar(Case c) {
    ImageHasher hasher = c.hasher();
    BufferedImage original = TestImages.scene(7, 800, 600);
    ImageHash a = hasher.hash(TestImages.decode(TestImages.jpeg(original, 0.95f)));
    ImageHash reEncoded = hasher.hash(TestImages.decode(TestImages.jpeg(original, 0.4f)));
    ImageHash other = hasher.hash(TestImages.decode(TestImages.jpeg(TestImages.scene(8, 800, 600), 0.95f)));

    assertThat(distance(a, reEncoded)).isLessThanOrEqualTo(hasher.defaultRadius());
    assertThat(distance(a, other)).isGreaterThan(hasher.defaultRadius());
  }

  /** dHash is too noisy for a resize guarantee; it sits beside PDQ, not instead of it. */
  static Stream<Case> resizeTolerantHashers() {
    return hashers().filter(c -> !c.signalType().startsWith("dhash"));
  }

  @ParameterizedTest
  @MethodSource("resizeTolerantHashers")
  void aResizedCopyOfAPictureStaysNear(Case c) {
    BufferedImage original = TestImages.scene(7, 800, 600);
    BufferedImage half = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    half.createGraphics().drawImage(original, 0, 0, 400, 300, null);

    ImageHash a = c.hasher().hash(TestImages.decode(TestImages.jpeg(original, 0.95f)));
    ImageHash resized = c.hasher().hash(TestImages.decode(TestImages.jpeg(half, 0.7f)));

    assertThat(distance(a, resized)).isLessThanOrEqualTo(c.hasher().defaultRadius());
  }

  @ParameterizedTest
  @MethodSource("hashers")
  void concurrentHashesAgree(Case c) throws Exception {
    // One hasher instance serves every upload concurrently.
    List<BufferedImage> images = IntStream.range(0, 8).mapToObj(i -> TestImages.scene(30 + i, 320, 240)).toList();
    List<ImageHash> expected = images.stream().map(c.hasher()::hash).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<ImageHash>> futures = images.stream().map(i -> pool.submit(() -> c.hasher().hash(i))).toList();
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(expected.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("hashers")
  void isFoundByServiceLoader(Case c) {
    assertThat(ServiceLoader.load(ImageHasher.class).stream().map(p -> p.type().getName()))
        .contains(c.hasher().getClass().getName());
  }
}
