package io.tripline.clearinghouse.routing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One route of one report: the platform that filed it, the report id and the destination (a
 * rule pack's destination name, e.g. {@code NCMEC_CYBERTIPLINE}).
 *
 * @throws NullPointerException if an argument is null
 * @throws IllegalArgumentException if the platform is not 1 to 64 characters of
 *     {@code [a-z0-9._-]}, the report id not 1 to 40 of {@code [A-Za-z0-9_]}, or the destination
 *     not 1 to 64 of {@code [A-Z0-9_]}
 */
public record RouteKey(String platform, String reportId, String destination) {

  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9._-]{1,64}");
  private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9_]{1,40}");
  private static final Pattern DESTINATION = Pattern.compile("[A-Z0-9_]{1,64}");

  public RouteKey {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(destination, "destination");
    if (!PLATFORM.matcher(platform).matches()) {
      throw new IllegalArgumentException("platform must be 1 to 64 characters of [a-z0-9._-]");
    }
    if (!REPORT_ID.matcher(reportId).matches()) {
      throw new IllegalArgumentException("report id must be 1 to 40 characters of [A-Za-z0-9_]");
    }
    if (!DESTINATION.matcher(destination).matches()) {
      throw new IllegalArgumentException("destination must be 1 to 64 characters of [A-Z0-9_]");
    }
  }

  @Override
  public String toString() {
    return platform + "/" + reportId + "/" + destination;
  }
}
