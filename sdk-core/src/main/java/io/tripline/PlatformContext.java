package io.tripline;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where a submission was made: the platform and the uploader's country, which rules and report
 * routing use.
 *
 * @param platformId the platform's id, as its clearinghouse credential names it
 * @param country ISO 3166-1 alpha-2 code of the uploader's country, upper case, if known
 */
public record PlatformContext(@Nullable String platformId, @Nullable String country) {
  public static final PlatformContext UNKNOWN = new PlatformContext(null, null);

  public PlatformContext {
    if (country != null) {
      if (!country.matches("[A-Za-z]{2}")) {
        throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code, was '" + country + "'");
      }
      country = country.toUpperCase(Locale.ROOT);
    }
  }
}
