package io.tripline.report.outbox;

/**
 * An entry with this idempotency key is already stored with a different destination or payload.
 * Nothing was written. A deterministic report id that maps to two payloads is a bug upstream.
 */
public final class IdempotencyConflictException extends OutboxException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public IdempotencyConflictException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The key that collided. */
  public String key() {
    return key;
  }
}
