package io.tripline.report.ncmec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The user reported ({@code personOrUserReported}).
 *
 * @param userId the ESP's identifier of the account ({@code espIdentifier})
 * @param service the ESP's service the account belongs to ({@code espService})
 * @param ipEvents IP addresses seen for the account, copied
 */
public record NcmecReportedPerson(
    @Nullable String userId,
    @Nullable String service,
    @Nullable String screenName,
    List<NcmecIpEvent> ipEvents) {

  /**
   * @throws IllegalArgumentException if nothing identifies the person
   */
  public NcmecReportedPerson {
    ipEvents = List.copyOf(ipEvents);
    if (userId == null && screenName == null && ipEvents.isEmpty()) {
      throw new IllegalArgumentException("a reported person needs a userId, a screenName or an IP event");
    }
  }
}
