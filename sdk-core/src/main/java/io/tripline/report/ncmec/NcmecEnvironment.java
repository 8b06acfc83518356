package io.tripline.report.ncmec;

/** NCMEC's two reporting services; each has its own credentials. */
public enum NcmecEnvironment {
  TEST("https://exttest.cybertip.org/ispws"),
  PRODUCTION("https://report.cybertip.org/ispws");

  private final String baseUrl;

  NcmecEnvironment(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The documented base URL of the service. */
  public String baseUrl() {
    return baseUrl;
  }
}
