package io.tripline.report.outbox;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What one delivery attempt came to. */
public sealed interface DeliveryResult {

  /**
   * The receiver accepted the entry.
   *
   * @param receipt what the receiver answered (signed receipt, response body), stored with the
   *     entry; may be empty
   * @param externalId the receiver's id for the report (e.g. a CyberTipline report id), or null
   */
  record Delivered(byte[] receipt, @Nullable String externalId) implements DeliveryResult {
    public Delivered {
      receipt = Objects.requireNonNull(receipt, "receipt").clone();
    }

    @Override
    public byte[] receipt() {
      return receipt.clone();
    }
  }

  /**
   * Try again later: receiver down, 5xx, 429, timeout.
   *
   * @param retryAfter the receiver's wish (Retry-After), or null; the outbox waits at least this
   *     long, and at least its own backoff
   */
  record RetryableFailure(String reason, @Nullable Duration retryAfter) implements DeliveryResult {
    public RetryableFailure {
      Objects.requireNonNull(reason, "reason");
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
      }
    }

    public RetryableFailure(String reason) {
      this(reason, null);
    }
  }

  /** Never going to work (rejected as malformed, 4xx): the entry goes to the dead letters. */
  record PermanentFailure(String reason) implements DeliveryResult {
    public PermanentFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
