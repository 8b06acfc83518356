package io.tripline.review;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a reviewer sees of the uploader: no more than the platform's user id, the upload's IP,
 * the account's age and the country.
 *
 * @param platformUserId the platform's id for the account, if signed in
 * @param ip the address the upload came from, if known
 * @param accountCreatedAt when the account was created, if known
 * @param country ISO 3166-1 alpha-2 code of the uploader's country, if known
 */
public record UploaderContext(@Nullable String platformUserId, @Nullable String ip, @Nullable Instant accountCreatedAt,
    @Nullable String country) {

  /** The account's age at {@code at}, or null if its creation time is unknown. */
  public @Nullable Duration accountAge(Instant at) {
    return accountCreatedAt == null ? null : Duration.between(accountCreatedAt, at);
  }
}
