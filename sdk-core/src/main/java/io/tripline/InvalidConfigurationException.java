package io.tripline;

import org.jspecify.annotations.Nullable;

/**
 * A feed file, rule pack or builder setting is malformed. The message names the source and,
 * where known, the line and column that broke.
 */
public final class InvalidConfigurationException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigurationException(String message) {
    super(message);
  }

  public InvalidConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
