package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.rules.Route.AppliesWhen;
import io.tripline.rules.Route.Obligation;
import io.tripline.rules.Route.Preservation.From;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The public model: when a route applies, and how its deadline and preservation count. */
class JurisdictionModelTest {

  private static final Instant KNOWN = Instant.parse("2026-11-28T10:00:00Z");

  private static RoutingFacts facts(Set<String> providers, Set<String> subjects, Set<String> content) {
    return new RoutingFacts(ReportCategory.CSAM, providers, subjects, content, KNOWN, Set.of());
  }

  private static AppliesWhen when(Set<String> providers, Set<String> subjects, Set<String> content) {
    return new AppliesWhen(providers, subjects, content);
  }

  static Stream<Arguments> appliesWhen() {
    Set<String> none = Set.of();
    return Stream.of(
        // a listed country
        Arguments.of(when(Set.of("US"), none, none), facts(Set.of("US"), none, none), true),
        Arguments.of(when(Set.of("US"), none, none), facts(Set.of("CA", "US"), none, none), true),
        Arguments.of(when(Set.of("US"), none, none), facts(Set.of("CA"), none, none), false),
        Arguments.of(when(Set.of("US", "CA"), none, none), facts(Set.of("CA"), none, none), true),
        // EU stands for the member states, and only them
        Arguments.of(when(Set.of("EU"), none, none), facts(Set.of("DE"), none, none), true),
        Arguments.of(when(Set.of("EU"), none, none), facts(Set.of("GR"), none, none), true),
        Arguments.of(when(Set.of("EU"), none, none), facts(Set.of("GB"), none, none), false),
        Arguments.of(when(Set.of("EU"), none, none), facts(Set.of("NO"), none, none), false),
        Arguments.of(when(Set.of("EU"), none, none), facts(Set.of("CH"), none, none), false),
        // ANY holds whatever the facts, even unknown ones
        Arguments.of(when(none, Set.of("ANY"), none), facts(Set.of("US"), none, none), true),
        Arguments.of(when(none, Set.of("ANY"), none), facts(Set.of("US"), Set.of("JP"), none), true),
        // an unknown fact does not hold
        Arguments.of(when(none, Set.of("GB"), none), facts(Set.of("GB"), none, none), false),
        Arguments.of(when(none, none, Set.of("GB")), facts(Set.of("GB"), Set.of("GB"), none), false),
        Arguments.of(when(none, none, Set.of("GB")), facts(Set.of("US"), none, Set.of("GB")), true),
        // every fact that is set must hold
        Arguments.of(when(Set.of("EU"), Set.of("EU"), none), facts(Set.of("DE"), Set.of("FR"), none), true),
        Arguments.of(when(Set.of("EU"), Set.of("EU"), none), facts(Set.of("DE"), Set.of("US"), none), false),
        Arguments.of(when(Set.of("EU"), Set.of("EU"), none), facts(Set.of("US"), Set.of("FR"), none), false),
        Arguments.of(when(Set.of("EU"), Set.of("EU"), none), facts(Set.of("DE"), none, none), false));
  }

  @ParameterizedTest(name = "{0} for {1}: {2}")
  @MethodSource("appliesWhen")
  void appliesWhenHoldsWhenEveryFactSetHolds(AppliesWhen when, RoutingFacts facts, boolean holds) {
    assertThat(when.holdsFor(facts)).isEqualTo(holds);
  }

  @Test
  void theEuIsItsTwentySevenMemberStates() {
    assertThat(AppliesWhen.EU_MEMBER_STATES).hasSize(27)
        .allSatisfy(code -> assertThat(Locale.getISOCountries()).contains(code))
        .contains("DE", "FR", "IE", "GR", "HR", "CY", "MT")
        .doesNotContain("GB", "NO", "CH", "IS", "EL");
  }

  private static Route route(Set<ReportCategory> categories) {
    return new Route("r", "NCMEC_CYBERTIPLINE", when(Set.of("US"), Set.of(), Set.of()), categories,
        Obligation.MANDATORY, new Route.Deadline(Duration.ofHours(24), "soon"), null, "18 USC 2258A", Set.of(), true);
  }

  @Test
  void aRouteAppliesOnlyToItsCategories() {
    Route route = route(EnumSet.of(ReportCategory.CSAM, ReportCategory.ONLINE_ENTICEMENT));
    RoutingFacts us = facts(Set.of("US"), Set.of(), Set.of());
    assertThat(route.appliesTo(us)).isTrue();
    for (ReportCategory category : ReportCategory.values()) {
      RoutingFacts other = new RoutingFacts(category, Set.of("US"), Set.of(), Set.of(), KNOWN, Set.of());
      assertThat(route.appliesTo(other)).as(category.name())
          .isEqualTo(category == ReportCategory.CSAM || category == ReportCategory.ONLINE_ENTICEMENT);
    }
    assertThat(route.appliesTo(facts(Set.of("CA"), Set.of(), Set.of()))).isFalse();
  }

  @Test
  void aRouteCopiesWhatItIsGiven() {
    List<ReportCategory> categories = new ArrayList<>(List.of(ReportCategory.NCII, ReportCategory.CSAM));
    Route route = route(Set.copyOf(categories));
    assertThat(route.categories()).containsExactly(ReportCategory.CSAM, ReportCategory.NCII); // enum order
    assertThatThrownBy(() -> route.categories().add(ReportCategory.ADULT_TRAFFICKING))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> route.coveredBy().add("NCA")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> route.appliesWhen().providerCountries().add("CA"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aDeadlineCountsFromKnowledge() {
    assertThat(new Route.Deadline(Duration.ofHours(24), "soon").dueAt(KNOWN))
        .isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(new Route.Deadline(null, "when it can").dueAt(KNOWN)).isNull();
  }

  static Stream<Arguments> preservations() {
    Instant known = Instant.parse("2027-02-20T08:00:00Z");
    Instant reported = Instant.parse("2027-03-01T12:00:00Z");
    Instant leapReported = Instant.parse("2028-02-29T12:00:00Z");
    return Stream.of(
        // a year from the report is a calendar year: 366 days across 29 February 2028
        Arguments.of(Period.ofYears(1), From.REPORT, known, reported, Instant.parse("2028-03-01T12:00:00Z")),
        Arguments.of(Period.ofYears(1), From.REPORT, known, leapReported, Instant.parse("2029-02-28T12:00:00Z")),
        Arguments.of(Period.ofDays(21), From.REPORT, known, reported, Instant.parse("2027-03-22T12:00:00Z")),
        Arguments.of(Period.ofDays(21), From.KNOWLEDGE, known, reported, Instant.parse("2027-03-13T08:00:00Z")),
        Arguments.of(Duration.ofHours(72), From.REPORT, known, reported, Instant.parse("2027-03-04T12:00:00Z")),
        Arguments.of(Duration.ofHours(72), From.KNOWLEDGE, known, reported, Instant.parse("2027-02-23T08:00:00Z")));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("preservations")
  void preservationCountsFromReportOrKnowledge(java.time.temporal.TemporalAmount period, From from, Instant known,
      Instant reported, Instant until) {
    assertThat(new Route.Preservation(period, from, "BASIS", "text").until(known, reported)).isEqualTo(until);
  }

  @Test
  void aPreservationWithoutPeriodHasNoEnd() {
    assertThat(new Route.Preservation(null, null, "EU_RECORDS_POLICY", "per records policy").until(KNOWN, KNOWN))
        .isNull();
  }

  @Test
  void aPreservationPeriodIsAPeriodOrADuration() {
    assertThatThrownBy(() -> new Route.Preservation(java.time.temporal.ChronoUnit.DAYS.getDuration().negated(),
        From.REPORT, "B", "t")).hasMessage("'preservation.period' must be positive, was PT-24H");
    assertThatThrownBy(() -> new Route.Preservation(new java.time.temporal.TemporalAmount() {
      @Override public long get(java.time.temporal.TemporalUnit unit) {
        return 0;
      }

      @Override public List<java.time.temporal.TemporalUnit> getUnits() {
        return List.of();
      }

      @Override public java.time.temporal.Temporal addTo(java.time.temporal.Temporal temporal) {
        return temporal;
      }

      @Override public java.time.temporal.Temporal subtractFrom(java.time.temporal.Temporal temporal) {
        return temporal;
      }
    }, From.REPORT, "B", "t")).hasMessageStartingWith("'preservation.period' must be a Period or a Duration");
  }

  @Test
  void aJurisdictionChecksItsRoutes() {
    Route route = route(Set.of(ReportCategory.CSAM));
    assertThat(new Jurisdiction("US", "United States", List.of(route)).routes()).containsExactly(route);
    assertThatThrownBy(() -> new Jurisdiction("US", "United States", List.of(route, route)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jurisdiction US: route id 'r' is used twice");
    assertThatThrownBy(() -> new Jurisdiction("US", "United States", List.of()))
        .hasMessage("jurisdiction US: 'routes' must list at least one route");
    assertThatThrownBy(() -> new Jurisdiction("U5", "United States", List.of(route)))
        .hasMessage("jurisdiction 'code' must be upper-case letters such as US, EU or UK, was 'U5'");
  }
}
