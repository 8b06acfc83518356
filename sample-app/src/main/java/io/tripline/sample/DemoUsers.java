package io.tripline.sample;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's two accounts for the review pages: {@value #REVIEWER} (container role
 * {@value #REVIEWER_ROLE}, may use {@code /review/}) and {@value #ADVERTISER} (role
 * {@value #ADVERTISER_ROLE} only, refused there with 403).
 *
 * @param reviewerPassword the reviewer's password
 * @param advertiserPassword the advertiser's password
 * @param fromEnvironment whether the reviewer's password came from
 *     {@value #REVIEWER_PASSWORD_ENV} (else it was generated, and the app prints it at start)
 */
record DemoUsers(String reviewerPassword, String advertiserPassword, boolean fromEnvironment) {

  static final String REVIEWER = "reviewer";
  static final String ADVERTISER = "advertiser";
  static final String REVIEWER_ROLE = "tripline-reviewer";
  static final String ADVERTISER_ROLE = "advertiser";
  static final String REVIEWER_PASSWORD_ENV = "TRIPLINE_REVIEWER_PASSWORD";
  static final String ADVERTISER_PASSWORD_ENV = "TRIPLINE_ADVERTISER_PASSWORD";

  private static final SecureRandom RANDOM = new SecureRandom();

  DemoUsers {
    Objects.requireNonNull(reviewerPassword, "reviewerPassword");
    Objects.requireNonNull(advertiserPassword, "advertiserPassword");
    if (reviewerPassword.isBlank() || advertiserPassword.isBlank()) {
      throw new IllegalArgumentException("demo passwords must not be blank");
    }
  }

  /** Passwords from {@code env}, each generated if unset or blank. */
  static DemoUsers fromEnvironment(Map<String, String> env) {
    String reviewer = env.get(REVIEWER_PASSWORD_ENV);
    String advertiser = env.get(ADVERTISER_PASSWORD_ENV);
    boolean given = reviewer != null && !reviewer.isBlank();
    return new DemoUsers(given ? reviewer : generated(),
        advertiser != null && !advertiser.isBlank() ? advertiser : generated(), given);
  }

  private static String generated() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "DemoUsers[" + REVIEWER + ", " + ADVERTISER + "]";
  }
}
