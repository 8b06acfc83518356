package io.tripline.report;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A person a report is about: the protocol's {@code subjects[]}. Sealed: a subject is either
 * {@link Involved} (the reported user, or another account involved) or a {@link Victim}.
 *
 * <p><b>Victims are kept apart by type.</b> Victim data can only exist as a {@link Victim}
 * ({@link Involved} refuses the role {@code VICTIM}), and the only serialisation that writes a
 * {@code Victim} is the report body for the clearinghouse ({@link ReportJson#write(Report)}), which
 * the clearinghouse delivers to the authorities and never publishes. Every feed-facing form is a
 * type with no path to a {@code Subject}: {@link FeedShare} holds the category and the evidence
 * digests only, so no code, present or future, can put a victim into it without changing its
 * record header (a test walks its components and fails if a {@code Subject} becomes reachable).
 * Victims never count towards the report id either. {@link Victim#toString()} is redacted, so a
 * logged report shows no victim data.
 */
public sealed interface Subject permits Subject.Involved, Subject.Victim {

  /** At most this many IP events per subject. */
  int MAX_IP_EVENTS = 100;

  /** The protocol's {@code role}. */
  SubjectRole role();

  /** The platform's id for the account, if it has one. */
  @Nullable String platformUserId();

  /** The account's display or user name, if any. */
  @Nullable String screenName();

  /** The IP addresses the account was seen at, with what it did and when. */
  List<IpEvent> ipEvents();

  /** The roles of the protocol. */
  enum SubjectRole {
    /** The account that uploaded or sent what is reported. */
    REPORTED_USER,
    /** Another account involved (a recipient, a co-offender), not a victim. */
    ASSOCIATED_USER,
    /** A person harmed; see {@link Victim}. */
    VICTIM
  }

  /** What an account did at an IP address. */
  enum IpEventType { UPLOAD, LOGIN, REGISTRATION, MESSAGE, OTHER }

  /**
   * One sighting of an account at an IP address.
   *
   * @param ip an IPv4 or IPv6 literal
   * @param event what the account did
   * @param at when
   */
  record IpEvent(String ip, IpEventType event, Instant at) {
    /** @throws InvalidReportException if a component is missing or the ip is not a literal */
    public IpEvent {
      Check.ip(ip, "ip");
      Check.present(event, "event");
      Check.present(at, "at");
    }
  }

  /**
   * The reported user or another involved account.
   *
   * @throws InvalidReportException if the role is {@code VICTIM} (use {@link Victim}), nothing
   *     identifies the subject, or a field is malformed
   */
  record Involved(SubjectRole role, @Nullable String platformUserId, @Nullable String screenName,
      List<IpEvent> ipEvents) implements Subject {
    public Involved {
      Check.present(role, "role");
      if (role == SubjectRole.VICTIM) {
        throw Check.invalid("role", "VICTIM is only for Subject.Victim, which keeps victim data apart");
      }
      ipEvents = checkCommon(platformUserId, screenName, ipEvents);
    }

    /** The reported user. */
    public static Involved reportedUser(@Nullable String platformUserId, @Nullable String screenName,
        List<IpEvent> ipEvents) {
      return new Involved(SubjectRole.REPORTED_USER, platformUserId, screenName, ipEvents);
    }
  }

  /**
   * A victim. Written only into the report body for the clearinghouse, never into a feed-facing
   * form, never into the report id, never into {@link #toString()}.
   */
  record Victim(@Nullable String platformUserId, @Nullable String screenName, List<IpEvent> ipEvents)
      implements Subject {
    /** @throws InvalidReportException if nothing identifies the victim or a field is malformed */
    public Victim {
      ipEvents = checkCommon(platformUserId, screenName, ipEvents);
    }

    @Override
    public SubjectRole role() {
      return SubjectRole.VICTIM;
    }

    @Override
    public String toString() {
      return "Victim[redacted]";
    }
  }

  private static List<IpEvent> checkCommon(@Nullable String platformUserId, @Nullable String screenName,
      @Nullable List<IpEvent> ipEvents) {
    if (platformUserId != null) {
      Check.matches(platformUserId, "platformUserId", Check.USER_ID, "1..128 printable ASCII characters without spaces");
    }
    Check.optionalText(screenName, "screenName", 256);
    List<IpEvent> events = List.copyOf(Check.present(ipEvents, "ipEvents"));
    Check.size(events, "ipEvents", 0, MAX_IP_EVENTS);
    if (platformUserId == null && screenName == null && events.isEmpty()) {
      throw Check.invalid("platformUserId", "is required when there is neither a screenName nor an ipEvent:"
          + " nothing would identify the subject");
    }
    return events;
  }
}
