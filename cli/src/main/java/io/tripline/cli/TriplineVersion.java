package io.tripline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IVersionProvider;

/**
 * The version lines of {@code --version} and {@code tripline version}: the Tripline version and
 * the Java runtime. Support asks for both first, so both come from the running process, not
 * from a constant someone must remember to bump.
 */
final class TriplineVersion implements IVersionProvider {

  /** Written by Maven resource filtering with the project version. */
  static final String RESOURCE = "version.properties";

  static final String UNKNOWN = "unknown";

  @Override
  public String[] getVersion() {
    return new String[] {
      "tripline " + tripline(),
      "java " + System.getProperty("java.version")
          + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")",
    };
  }

  /**
   * The version this module was built as: from the filtered resource, else the jar manifest's
   * {@code Implementation-Version}, else {@value #UNKNOWN} (e.g. an IDE that skips filtering).
   */
  static String tripline() {
    String fromResource = fromResource();
    if (fromResource != null) {
      return fromResource;
    }
    String fromManifest = TriplineVersion.class.getPackage().getImplementationVersion();
    return fromManifest != null ? fromManifest : UNKNOWN;
  }

  private static @Nullable String fromResource() {
    try (InputStream in = TriplineVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").trim();
      // An unfiltered copy still holds the placeholder; that is no version.
      return version.isEmpty() || version.startsWith("${") ? null : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
