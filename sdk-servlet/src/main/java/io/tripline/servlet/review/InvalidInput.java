package io.tripline.servlet.review;

/**
 * A review request's parameter or body is malformed; answered 400 with the message, which names
 * the parameter and what it must be, never echoes the value.
 */
final class InvalidInput extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidInput(String message) {
    super(message, null, false, false);
  }
}
