package io.tripline;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Who uploaded a submission, as far as the platform knows.
 *
 * @param platformUserId the platform's id for the account, if signed in
 * @param ip the client address the upload came from, if known
 * @param accountCreatedAt when the account was created, if the platform says; rules on
 *     {@code accountAge} judge the age at inspection time by the engine's clock
 */
public record Uploader(@Nullable String platformUserId, @Nullable String ip, @Nullable Instant accountCreatedAt) {
  /** An uploader the platform knows nothing about. */
  public static final Uploader UNKNOWN = new Uploader(null, null, null);

  /** An uploader whose account age the platform does not give. */
  public Uploader(@Nullable String platformUserId, @Nullable String ip) {
    this(platformUserId, ip, null);
  }

  /** The same uploader with the account's creation time. */
  public Uploader withAccountCreatedAt(@Nullable Instant accountCreatedAt) {
    return new Uploader(platformUserId, ip, accountCreatedAt);
  }
}
