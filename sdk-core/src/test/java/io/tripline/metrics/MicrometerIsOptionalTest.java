package io.tripline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.health.Health;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency of sdk-core: a platform that does not use metrics does
 * not have it, so no class outside {@code io.tripline.metrics} may refer to it.
 */
class MicrometerIsOptionalTest {

  @Test
  void onlyTheMetricsPackageRefersToMicrometer() throws Exception {
    Path location = Path.of(Health.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> offenders = new ArrayList<>();
    if (Files.isDirectory(location)) {
      scan(location, offenders);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
        scan(jar.getPath("/"), offenders);
      }
    }
    assertThat(offenders).isEmpty();
  }

  private static void scan(Path root, List<String> offenders) throws IOException {
    Path metrics = root.resolve("io/tripline/metrics");
    int scanned = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.toString().endsWith(".class") || file.startsWith(metrics)) {
          continue;
        }
        scanned++;
        // A class that refers to another names it in its constant pool.
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (bytes.contains("io/micrometer")) {
          offenders.add(root.relativize(file).toString());
        }
      }
    }
    assertThat(scanned).as("classes scanned").isGreaterThan(100);
  }
}
