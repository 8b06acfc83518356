package io.tripline.benchmarks;

import io.tripline.image.PdqHasher;
import io.tripline.spi.ImageHash;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PDQ of an already decoded photo, single thread: Tripline's {@link PdqHasher} ({@link #pdq()})
 * against {@link PdqReferencePort}, a straightforward port of the reference
 * ({@link #referencePort()}), in the same run, at 1024x768 and 4032x3024 (a 12-megapixel phone
 * photo). Decoding is not measured.
 *
 * <p>The photo is synthetic, from a fixed seed: {@link TestImages#scene} (gradient, discs, bars)
 * with Gaussian sensor noise, encoded as a JPEG at quality 0.85 and decoded with ImageIO, so the
 * hashers get what an upload gives them (a {@code TYPE_3BYTE_BGR} raster). The setup fails the
 * run if the two hashers disagree on it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "-Djava.awt.headless=true",
    // As InspectBenchmark: a fixed, pre-touched heap, so first-touch page faults of the
    // reference port's 49 MB buffers measure the OS, not the hasher, as little as possible.
    "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class PdqBenchmark {

  @Param({"1024x768", "4032x3024"})
  public String size;

  private final PdqHasher hasher = new PdqHasher();
  private BufferedImage photo;

  @Setup
  public void setUp() {
    String[] dimensions = size.split("x");
    int width = Integer.parseInt(dimensions[0]);
    int height = Integer.parseInt(dimensions[1]);
    BufferedImage drawn = noisy(TestImages.scene(42, width, height), new Random(42));
    photo = TestImages.decode(TestImages.jpeg(drawn, 0.85f));
    if (photo.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      throw new IllegalStateException("expected a decoded JPEG's TYPE_3BYTE_BGR, got type " + photo.getType());
    }
    ImageHash fast = hasher.hash(photo);
    ImageHash reference = PdqReferencePort.hash(photo);
    if (!fast.equals(reference)) {
      throw new IllegalStateException("PdqHasher and the reference port disagree: " + fast.toHex() + " q"
          + fast.quality() + " vs " + reference.toHex() + " q" + reference.quality());
    }
    if (fast.quality() < PdqHasher.MIN_QUALITY) {
      throw new IllegalStateException("the synthetic photo is too flat for PDQ (quality " + fast.quality() + ")");
    }
  }

  /** Adds Gaussian sensor noise (sigma 6 levels), as cameras do and flat drawings lack. */
  private static BufferedImage noisy(BufferedImage image, Random random) {
    int width = image.getWidth();
    int[] row = new int[width];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int noise = (int) Math.round(random.nextGaussian() * 6);
        int rgb = row[x];
        row[x] = clamp((rgb >> 16 & 0xFF) + noise) << 16 | clamp((rgb >> 8 & 0xFF) + noise) << 8
            | clamp((rgb & 0xFF) + noise);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    return image;
  }

  private static int clamp(int channel) {
    return Math.max(0, Math.min(255, channel));
  }

  @Benchmark
  public ImageHash pdq() {
    return hasher.hash(photo);
  }

  @Benchmark
  public ImageHash referencePort() {
    return PdqReferencePort.hash(photo);
  }
}
