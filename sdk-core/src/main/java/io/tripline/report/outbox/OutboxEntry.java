package io.tripline.report.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One report waiting to leave: what the outbox stores and hands to a {@link DeliverySink}.
 *
 * <p>The {@code key} is the idempotency key, normally the deterministic report id: the outbox
 * keeps at most one entry per key, and sinks pass it on so that a receiver can drop a
 * re-delivery. The payload is opaque to the outbox (JSON, a signed envelope, ...).
 *
 * @param key idempotency key, 1 to 200 characters of {@code [A-Za-z0-9._:-]}
 * @param destination where the entry goes, e.g. {@code clearinghouse} or {@code ncmec}; 1 to 64
 *     characters of {@code [a-z0-9._-]}; delivery order is kept per destination
 * @param payload the bytes to deliver, not empty; copied in and out
 * @param createdAt when the report was made
 */
public record OutboxEntry(String key, String destination, byte[] payload, Instant createdAt) {
  /** Longest idempotency key. */
  public static final int MAX_KEY_LENGTH = 200;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
  private static final Pattern DESTINATION = Pattern.compile("[a-z0-9._-]{1,64}");

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if the key or destination is malformed or the payload empty
   */
  public OutboxEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "idempotency key must be 1 to " + MAX_KEY_LENGTH
              + " characters of [A-Za-z0-9._:-], was " + quote(key));
    }
    if (!DESTINATION.matcher(destination).matches()) {
      throw new IllegalArgumentException(
          "destination must be 1 to 64 characters of [a-z0-9._-], was " + quote(destination));
    }
    if (payload.length == 0) {
      throw new IllegalArgumentException("payload of " + key + " is empty");
    }
    payload = payload.clone();
  }

  /** An entry whose payload is a UTF-8 string, typically JSON. */
  public static OutboxEntry ofText(String key, String destination, String payload, Instant createdAt) {
    Objects.requireNonNull(payload, "payload");
    return new OutboxEntry(key, destination, payload.getBytes(StandardCharsets.UTF_8), createdAt);
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload decoded as UTF-8. */
  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  int payloadLength() {
    return payload.length;
  }

  byte[] payloadUnsafe() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboxEntry e
        && key.equals(e.key)
        && destination.equals(e.destination)
        && Arrays.equals(payload, e.payload)
        && createdAt.equals(e.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, destination, Arrays.hashCode(payload), createdAt);
  }

  @Override
  public String toString() {
    return "OutboxEntry[key=" + key + ", destination=" + destination + ", payload="
        + payload.length + " bytes, createdAt=" + createdAt + "]";
  }

  private static String quote(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + " chars)" : s;
    return "\"" + shown + "\"";
  }
}
