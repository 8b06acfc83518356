package io.tripline;

import org.jspecify.annotations.Nullable;

/**
 * Who uploaded a submission, as far as the platform knows.
 *
 * @param platformUserId the platform's id for the account, if signed in
 * @param ip the client address the upload came from, if known
 */
public record Uploader(@Nullable String platformUserId, @Nullable String ip) {
  /** An uploader the platform knows nothing about. */
  public static final Uploader UNKNOWN = new Uploader(null, null);
}
