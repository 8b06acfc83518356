package io.tripline.report.ncmec;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The reporting ESP: the person filing, an optional separate contact for NCMEC, and the ESP's
 * terms of service and legal URL.
 *
 * @throws NullPointerException if {@code reportingPerson} is null
 */
public record NcmecReporter(
    NcmecContact reportingPerson,
    @Nullable NcmecContact contactPerson,
    @Nullable String termsOfService,
    @Nullable String legalUrl) {

  public NcmecReporter {
    Objects.requireNonNull(reportingPerson, "reportingPerson");
  }

  public static NcmecReporter of(NcmecContact reportingPerson) {
    return new NcmecReporter(reportingPerson, null, null, null);
  }
}
