package io.tripline.report.ncmec;

import io.tripline.rules.ReportCategory;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One CyberTipline report: what happened, who reports it, who is reported, and the files.
 *
 * @param category the Tripline category; must be one routed to NCMEC
 * @param incidentDateTime when the incident happened ({@code incidentDateTime})
 * @param platform the application where it happened, or null
 * @param reportedPerson the reported user, or null
 * @param files the files, uploaded in this order; copied
 * @param additionalInfo free text for NCMEC, or null
 */
public record NcmecReport(
    ReportCategory category,
    Instant incidentDateTime,
    NcmecReporter reporter,
    @Nullable String platform,
    @Nullable NcmecReportedPerson reportedPerson,
    List<NcmecFile> files,
    @Nullable String additionalInfo) {

  /**
   * @throws NullPointerException if a non-nullable component is null
   * @throws NcmecNotRoutedException if {@code category} is not routed to NCMEC (adult
   *     trafficking, adult NCII, threat to life)
   */
  public NcmecReport {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(incidentDateTime, "incidentDateTime");
    Objects.requireNonNull(reporter, "reporter");
    files = List.copyOf(files);
    NcmecIncidentType.forCategory(category);
  }

  /** The NCMEC incident type this report is filed under. */
  public NcmecIncidentType incidentType() {
    return NcmecIncidentType.forCategory(category);
  }
}
