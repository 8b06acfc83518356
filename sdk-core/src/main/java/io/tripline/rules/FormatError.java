package io.tripline.rules;

import org.jspecify.annotations.Nullable;

/**
 * A value of a rule pack breaks a rule of the format. Thrown by the checks in the records'
 * constructors; {@code key} says which key of the mapping being built is wrong, so the parser can
 * point at it (null: the mapping as a whole, e.g. a required key is missing).
 */
final class FormatError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String key;

  FormatError(@Nullable String key, String message) {
    super(message);
    this.key = key;
  }

  @Nullable String key() {
    return key;
  }
}
