package io.tripline.clearinghouse.feed;

/** A platform sent another body under an {@code Idempotency-Key} it had used before. */
public final class IdempotencyKeyReusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  IdempotencyKeyReusedException(String key) {
    super("the Idempotency-Key was used before with another body (" + key.length() + " chars)");
  }
}
