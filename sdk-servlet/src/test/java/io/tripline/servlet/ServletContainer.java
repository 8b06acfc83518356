package io.tripline.servlet;

import java.net.URI;
import java.nio.file.Path;

/** An embedded container running the test servlets behind a {@link TriplineFilter}. */
@SuppressWarnings("try") // close() may throw InterruptedException; tests do not interrupt.
interface ServletContainer extends AutoCloseable {

  /**
   * Starts the container with: {@code /upload} (multipart config), {@code /nocfg} (the same
   * servlet without one), {@code /raw} and {@code /async}, all behind {@code filter} on
   * {@code /*}.
   */
  URI start(TriplineFilter filter, Path tempDir) throws Exception;

  @Override
  void close() throws Exception;
}
