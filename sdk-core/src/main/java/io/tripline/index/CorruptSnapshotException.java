package io.tripline.index;

import io.tripline.TriplineException;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot file that cannot be trusted: truncated, damaged (checksum mismatch), of an unknown
 * format version, or not a snapshot file at all. The snapshot in use, if any, stays in use.
 */
public final class CorruptSnapshotException extends TriplineException {
  private static final long serialVersionUID = 1L;

  public CorruptSnapshotException(String message) {
    super(message);
  }

  public CorruptSnapshotException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
