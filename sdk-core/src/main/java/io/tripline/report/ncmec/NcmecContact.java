package io.tripline.report.ncmec;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person at the reporting ESP (the schema's {@code person}/{@code contactPerson}).
 *
 * @param phoneCountryCallingCode e.g. {@code +1}; checked by the schema, not here
 */
public record NcmecContact(
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String phoneCountryCallingCode) {

  /**
   * @throws IllegalArgumentException if neither an email nor a phone is given
   */
  public NcmecContact {
    if (blank(email) && blank(phone)) {
      throw new IllegalArgumentException("a contact needs an email or a phone");
    }
    if (phoneCountryCallingCode != null && phone == null) {
      throw new IllegalArgumentException("phoneCountryCallingCode without a phone");
    }
  }

  /** A contact reachable by email only. */
  public static NcmecContact email(String firstName, String lastName, String email) {
    return new NcmecContact(firstName, lastName, Objects.requireNonNull(email, "email"), null, null);
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
