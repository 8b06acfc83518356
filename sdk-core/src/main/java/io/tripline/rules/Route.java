package io.tripline.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One place a report must or may go in a jurisdiction: for which categories and report facts,
 * by when, and what to preserve for how long (see {@code docs/rule-packs.md}, Routing). Data for
 * the report pipeline, transcribed from the law; not legal advice. {@link Router} turns the
 * routes of the packs in use into a {@link RoutingDecision} for one report.
 *
 * @param id unique among the routes of all packs in use: lower-case letters, digits and dashes
 * @param destination where the report goes: upper-case letters, digits and underscores, e.g.
 *     {@code NCMEC_CYBERTIPLINE}; routes of several packs to one destination make one filing
 * @param appliesWhen the report facts under which the route applies
 * @param categories the report categories it carries; at least one
 * @param obligation whether the law requires the report
 * @param deadline by when it is due; required, with {@link Deadline#within()}, for a mandatory
 *     route; null for a voluntary route without one
 * @param preservation what the law says about preserving the report's data; null when nothing
 * @param legalBasis the provision, for people, e.g. {@code 18 USC 2258A}; required for a
 *     mandatory route, may be empty for a voluntary one
 * @param coveredBy destinations whose mandatory report makes this one unnecessary, in the order
 *     listed (a UK route covered by an NCMEC report is not filed twice)
 * @param noTippingOff the uploader must never learn of the report
 */
public record Route(
    String id,
    String destination,
    AppliesWhen appliesWhen,
    Set<ReportCategory> categories,
    Obligation obligation,
    @Nullable Deadline deadline,
    @Nullable Preservation preservation,
    String legalBasis,
    Set<String> coveredBy,
    boolean noTippingOff) {

  static final String ID_PATTERN = "[a-z0-9][a-z0-9-]*";
  static final String CODE_PATTERN = "[A-Z][A-Z0-9_]*";
  static final String BASIS_PATTERN = "[A-Z][A-Za-z0-9_]*";

  /**
   * @throws NullPointerException if a non-nullable component is null
   * @throws IllegalArgumentException if the id or a destination is malformed, there is no
   *     category, a mandatory route has no {@code deadline.within} or no {@code legalBasis}, or
   *     the route lists its own destination in {@code coveredBy}
   */
  public Route {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(appliesWhen, "appliesWhen");
    Objects.requireNonNull(categories, "categories");
    Objects.requireNonNull(obligation, "obligation");
    Objects.requireNonNull(legalBasis, "legalBasis");
    Objects.requireNonNull(coveredBy, "coveredBy");
    checkId(id);
    String route = "route '" + id + "': ";
    checkDestination(route, destination);
    checkCategories(route, categories);
    categories = Collections.unmodifiableSet(EnumSet.copyOf(Countries.orderedCopy(categories, "categories")));
    coveredBy = Countries.orderedCopy(coveredBy, "coveredBy");
    checkCoveredBy(route, destination, coveredBy);
    checkDeadline(route, obligation, deadline);
    checkLegalBasis(route, obligation, legalBasis);
  }

  // The checks one by one, so that the pack parser can point at the key that is wrong.

  static void checkId(String id) {
    if (!id.matches(ID_PATTERN)) {
      throw new IllegalArgumentException("route id '" + id + "' must be lower-case letters, digits and dashes");
    }
  }

  static void checkDestination(String route, String destination) {
    if (!destination.matches(CODE_PATTERN)) {
      throw new IllegalArgumentException(route + "'destination' must be upper-case letters, digits and underscores"
          + " such as NCMEC_CYBERTIPLINE, was '" + destination + "'");
    }
  }

  static void checkCategories(String route, Set<ReportCategory> categories) {
    if (categories.isEmpty()) {
      throw new IllegalArgumentException(route + "'categories' must list at least one of "
          + Arrays.toString(ReportCategory.values()));
    }
  }

  static void checkCoveredBy(String route, String destination, Set<String> coveredBy) {
    for (String covering : coveredBy) {
      if (!covering.matches(CODE_PATTERN)) {
        throw new IllegalArgumentException(route + "'coveredBy' must list destinations (upper-case letters, digits"
            + " and underscores), was '" + covering + "'");
      }
      if (covering.equals(destination)) {
        throw new IllegalArgumentException(route + "'coveredBy' lists the route's own destination " + destination);
      }
    }
  }

  static void checkDeadline(String route, Obligation obligation, @Nullable Deadline deadline) {
    if (obligation == Obligation.MANDATORY && (deadline == null || deadline.within() == null)) {
      throw new IllegalArgumentException(route + "a mandatory route needs 'deadline.within', the time after"
          + " knowledge by which the pipeline files it ('deadline.text' says what the law says)");
    }
  }

  static void checkLegalBasis(String route, Obligation obligation, String legalBasis) {
    if (obligation == Obligation.MANDATORY && legalBasis.isBlank()) {
      throw new IllegalArgumentException(route + "a mandatory route needs 'legalBasis'");
    }
  }

  /** Whether a report with these facts goes this way: its category is routed and the facts hold. */
  public boolean appliesTo(RoutingFacts facts) {
    return categories.contains(facts.category()) && appliesWhen.holdsFor(facts);
  }

  /** Whether the law requires the report, or permits it. */
  public enum Obligation {
    MANDATORY,
    VOLUNTARY
  }

  /**
   * The report facts under which a route applies. Each fact that is set must hold (a route for
   * "UK provider or UK-linked content" is several routes to one destination); a fact holds when
   * the report names any of the listed countries, or the list is {@value #ANY}. {@value #EU}
   * stands for every member state. A country fact the report leaves unknown holds only for
   * {@value #ANY}.
   *
   * @param providerCountries where the platform is a provider under the law: where it is
   *     established or offers its service; empty: no condition
   * @param subjectCountries where the people of the report are (reported user, victim); empty:
   *     no condition
   * @param contentCountries where the content was published or generated; empty: no condition
   */
  public record AppliesWhen(Set<String> providerCountries, Set<String> subjectCountries, Set<String> contentCountries) {

    /** Any country, or none known. */
    public static final String ANY = "ANY";

    /** Every member state of the European Union. */
    public static final String EU = "EU";

    /** The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR). */
    public static final Set<String> EU_MEMBER_STATES = Set.of(
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /**
     * @throws IllegalArgumentException if a code is not ISO 3166-1 alpha-2, {@code ANY} or
     *     {@code EU}, is listed twice, {@code ANY} is not alone, or no fact is set
     */
    public AppliesWhen {
      providerCountries = Countries.check(providerCountries, "appliesWhen.providerCountries", true);
      subjectCountries = Countries.check(subjectCountries, "appliesWhen.subjectCountries", true);
      contentCountries = Countries.check(contentCountries, "appliesWhen.contentCountries", true);
      if (providerCountries.isEmpty() && subjectCountries.isEmpty() && contentCountries.isEmpty()) {
        throw new IllegalArgumentException("'appliesWhen' must set at least one of providerCountries,"
            + " subjectCountries, contentCountries (use [ANY] for a route that applies everywhere)");
      }
    }

    /** Whether every fact that is set holds for the report. */
    public boolean holdsFor(RoutingFacts facts) {
      return holds(providerCountries, facts.providerCountries())
          && holds(subjectCountries, facts.subjectCountries())
          && holds(contentCountries, facts.contentCountries());
    }

    private static boolean holds(Set<String> listed, Set<String> reported) {
      if (listed.isEmpty() || listed.contains(ANY)) {
        return true;
      }
      for (String country : reported) {
        if (listed.contains(country) || (listed.contains(EU) && EU_MEMBER_STATES.contains(country))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * By when a report is due, counted from when the platform learned of the matter.
   *
   * @param within how long after knowledge the pipeline files it (the earliest deadline of a
   *     report is what it schedules); null for a voluntary route without one
   * @param text what the law says, e.g. "as soon as reasonably possible after actual knowledge"
   */
  public record Deadline(@Nullable Duration within, String text) {

    /** @throws IllegalArgumentException if {@code within} is not positive or {@code text} is blank */
    public Deadline {
      Objects.requireNonNull(text, "text");
      if (within != null && (within.isNegative() || within.isZero())) {
        throw new IllegalArgumentException("'deadline.within' must be positive, was " + within);
      }
      if (text.isBlank()) {
        throw new IllegalArgumentException("'deadline.text' must say what the law says");
      }
    }

    /** When a report is due given when the platform learned of it; null without {@code within}. */
    public @Nullable Instant dueAt(Instant knowledgeAt) {
      return within == null ? null : knowledgeAt.plus(within);
    }
  }

  /**
   * What the law says about preserving a report's data (the content, kept locally and
   * encrypted, and its records), and for how long.
   *
   * @param period a {@link Period} or {@link Duration}; null when the law fixes none
   *     ({@code text} says why, e.g. "per records policy")
   * @param from what the period counts from; required with a period
   * @param basis a stable code for the provision, e.g. {@code US_18USC2258A_h}; the receipt's
   *     {@code preservation.basis}
   * @param text what the law says, for people
   */
  public record Preservation(@Nullable TemporalAmount period, @Nullable From from, String basis, String text) {

    /** What a preservation period counts from. */
    public enum From {
      /** When the report was filed. */
      REPORT,
      /** When the platform learned of the matter. */
      KNOWLEDGE
    }

    /**
     * @throws IllegalArgumentException if the period is not a positive {@link Period} or
     *     {@link Duration}, a period has no {@code from}, {@code basis} is not a code, or
     *     {@code text} is blank
     */
    public Preservation {
      Objects.requireNonNull(basis, "basis");
      Objects.requireNonNull(text, "text");
      if (period instanceof Period p) {
        if (p.isNegative() || p.isZero()) {
          throw new IllegalArgumentException("'preservation.period' must be positive, was " + p);
        }
      } else if (period instanceof Duration d) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("'preservation.period' must be positive, was " + d);
        }
      } else if (period != null) {
        throw new IllegalArgumentException("'preservation.period' must be a Period or a Duration, was "
            + period.getClass().getName());
      }
      if (period != null && from == null) {
        throw new IllegalArgumentException("'preservation.from' is required with a period: report or knowledge");
      }
      if (!basis.matches(BASIS_PATTERN)) {
        throw new IllegalArgumentException("'preservation.basis' must be a code of letters, digits and underscores"
            + " starting with an upper-case letter, such as US_18USC2258A_h, was '" + basis + "'");
      }
      if (text.isBlank()) {
        throw new IllegalArgumentException("'preservation.text' must say what the law says");
      }
    }

    /**
     * Until when to preserve, counting the period in UTC from the report or from knowledge;
     * null without a period.
     */
    public @Nullable Instant until(Instant knowledgeAt, Instant reportedAt) {
      if (period == null) {
        return null;
      }
      Instant start = from == From.KNOWLEDGE ? knowledgeAt : reportedAt;
      return start.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }
  }
}
