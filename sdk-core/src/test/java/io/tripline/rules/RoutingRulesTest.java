package io.tripline.rules;

import static io.tripline.rules.RoutingTest.KNOWN;
import static io.tripline.rules.RoutingTest.REPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.InvalidConfigurationException;
import io.tripline.rules.Route.Obligation;
import io.tripline.rules.Route.Preservation.From;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** How a {@link Router} decides, on routes made for each rule: merging, cover, order, time. */
class RoutingRulesTest {

  /** A route of category CSAM for a US provider, unless changed. */
  private static final class R {
    private final String id;
    private final String destination;
    private Obligation obligation = Obligation.MANDATORY;
    private @Nullable Duration within = Duration.ofHours(24);
    private Route.@Nullable Preservation preservation;
    private final Set<String> coveredBy = new LinkedHashSet<>();
    private boolean noTippingOff;
    private Set<String> subjects = Set.of();

    R(String id, String destination) {
      this.id = id;
      this.destination = destination;
    }

    R voluntary() {
      obligation = Obligation.VOLUNTARY;
      within = null;
      return this;
    }

    R within(Duration duration) {
      within = duration;
      return this;
    }

    R preserve(TemporalAmount period, From from, String basis) {
      preservation = new Route.Preservation(period, from, basis, basis + " text");
      return this;
    }

    R coveredBy(String... destinations) {
      coveredBy.addAll(List.of(destinations));
      return this;
    }

    R noTippingOff() {
      noTippingOff = true;
      return this;
    }

    R subjects(String... countries) {
      subjects = Set.of(countries);
      return this;
    }

    Route build() {
      return new Route(id, destination, new Route.AppliesWhen(Set.of("US"), subjects, Set.of()),
          Set.of(ReportCategory.CSAM), obligation, within == null ? null : new Route.Deadline(within, "law"),
          preservation, obligation == Obligation.MANDATORY ? "law" : "", coveredBy, noTippingOff);
    }
  }

  private static Jurisdiction jurisdiction(String code, R... routes) {
    List<Route> built = new ArrayList<>();
    for (R route : routes) {
      built.add(route.build());
    }
    return new Jurisdiction(code, code + " land", built);
  }

  private static RoutingDecision route(List<Jurisdiction> jurisdictions, String... subjects) {
    return Router.of(jurisdictions).route(
        RoutingFacts.builder(ReportCategory.CSAM, KNOWN).providerCountries("US").subjectCountries(subjects).build(),
        REPORTED);
  }

  private static List<String> described(RoutingDecision decision) {
    return decision.filings().stream().map(RoutingTest::describe).toList();
  }

  @Test
  void twoPacksRoutingToOneDestinationMakeOneFiling() {
    RoutingDecision decision = route(List.of(
        jurisdiction("AA", new R("a-slow", "NCMEC_CYBERTIPLINE").voluntary()),
        jurisdiction("BB", new R("b-fast", "NCMEC_CYBERTIPLINE").within(Duration.ofHours(6))),
        jurisdiction("CC", new R("c-slower", "NCMEC_CYBERTIPLINE").within(Duration.ofHours(48)))));

    assertThat(decision.filings()).singleElement().satisfies(filing -> {
      assertThat(filing.obligation()).isEqualTo(Obligation.MANDATORY); // one of them is
      assertThat(filing.deadline()).isEqualTo(KNOWN.plus(Duration.ofHours(6))); // the earliest
      assertThat(filing.routes()).extracting(Route::id).containsExactly("a-slow", "b-fast", "c-slower");
    });
    assertThat(decision.earliestDeadline()).contains(KNOWN.plus(Duration.ofHours(6)));
  }

  @Test
  void filingsFollowTheOrderOfPacksThenRoutes() {
    Jurisdiction first = jurisdiction("AA", new R("a1", "ZULU"), new R("a2", "ALPHA"));
    Jurisdiction second = jurisdiction("BB", new R("b1", "MIKE"), new R("b2", "ZULU"));

    assertThat(route(List.of(first, second)).filings()).extracting(RoutingDecision.Filing::destination)
        .containsExactly("ZULU", "ALPHA", "MIKE");
    assertThat(route(List.of(second, first)).filings()).extracting(RoutingDecision.Filing::destination)
        .containsExactly("MIKE", "ZULU", "ALPHA");
  }

  @Test
  void theLongestPreservationOfTheFiledRoutesWinsWhateverItsUnit() {
    // P1Y from the report is 365 days here; PT8800H from knowledge (366.7 days) is later.
    RoutingDecision decision = route(List.of(jurisdiction("AA",
        new R("year", "ONE").preserve(Period.ofYears(1), From.REPORT, "YEAR"),
        new R("hours", "TWO").preserve(Duration.ofHours(8800), From.KNOWLEDGE, "HOURS"),
        new R("month", "THREE").preserve(Period.ofMonths(1), From.REPORT, "MONTH"))));

    assertThat(decision.preservation()).isEqualTo(new RoutingDecision.Preservation(
        KNOWN.plus(Duration.ofHours(8800)), "HOURS", "hours", "HOURS text"));
  }

  @Test
  void preservationFromTheReportCountsFromReportedAt() {
    RoutingDecision decision = route(List.of(jurisdiction("AA",
        new R("year", "ONE").preserve(Period.ofYears(1), From.REPORT, "YEAR"),
        new R("days", "TWO").preserve(Period.ofDays(365), From.KNOWLEDGE, "DAYS"))));

    // Both a year-ish; from the report (six hours after knowledge) is later.
    assertThat(decision.preservation().basis()).isEqualTo("YEAR");
    assertThat(decision.preservation().until()).isEqualTo(
        REPORTED.atOffset(ZoneOffset.UTC).plusYears(1).toInstant());
  }

  @Test
  void equalPreservationsGoToTheFirstRoute() {
    RoutingDecision decision = route(List.of(
        jurisdiction("AA", new R("first", "ONE").preserve(Period.ofDays(30), From.REPORT, "FIRST")),
        jurisdiction("BB", new R("second", "TWO").preserve(Duration.ofDays(30), From.REPORT, "SECOND"))));
    assertThat(decision.preservation().route()).isEqualTo("first");
  }

  @Test
  void aCoveredRoutesPreservationDoesNotCount() {
    RoutingDecision decision = route(List.of(jurisdiction("AA",
        new R("covering", "NCMEC_CYBERTIPLINE").preserve(Period.ofDays(30), From.REPORT, "SHORT"),
        new R("covered", "NCA").coveredBy("NCMEC_CYBERTIPLINE").preserve(Period.ofYears(5), From.REPORT, "LONG"))));

    assertThat(described(decision)).containsExactly(
        "NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H", "NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY");
    assertThat(decision.preservation().basis()).isEqualTo("SHORT");
    assertThat(decision.toFile()).extracting(RoutingDecision.Filing::destination)
        .containsExactly("NCMEC_CYBERTIPLINE");
  }

  @Test
  void aVoluntaryFilingsPreservationCounts() {
    RoutingDecision decision = route(List.of(jurisdiction("AA",
        new R("tip", "TIP_LINE").voluntary().preserve(Period.ofDays(90), From.REPORT, "TIP"))));
    assertThat(decision.preservation().basis()).isEqualTo("TIP");
  }

  @Test
  void aDestinationIsCoveredOnlyWhenEveryRouteToItIs() {
    RoutingDecision decision = route(List.of(
        jurisdiction("AA", new R("covering", "NCMEC_CYBERTIPLINE")),
        jurisdiction("BB", new R("covered", "NCA").coveredBy("NCMEC_CYBERTIPLINE")),
        jurisdiction("CC", new R("not-covered", "NCA").within(Duration.ofHours(72)))));

    assertThat(described(decision)).containsExactly(
        "NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H", "NCA FILE MANDATORY due PT24H");
  }

  @Test
  void aRouteIsCoveredOnlyByADestinationThatIsFiled() {
    // C files; B is covered by C, so it is not filed and cannot cover A, unless A names C too.
    RoutingDecision chain = route(List.of(jurisdiction("AA",
        new R("a", "AAA").coveredBy("BBB"),
        new R("b", "BBB").coveredBy("CCC"),
        new R("c", "CCC"))));
    assertThat(described(chain)).containsExactly(
        "AAA FILE MANDATORY due PT24H", "BBB COVERED_BY CCC MANDATORY", "CCC FILE MANDATORY due PT24H");

    RoutingDecision named = route(List.of(jurisdiction("AA",
        new R("a", "AAA").coveredBy("BBB", "CCC"),
        new R("b", "BBB").coveredBy("CCC"),
        new R("c", "CCC"))));
    assertThat(described(named)).containsExactly(
        "AAA COVERED_BY CCC MANDATORY", "BBB COVERED_BY CCC MANDATORY", "CCC FILE MANDATORY due PT24H");
  }

  @Test
  void aCoverThatDoesNotApplyCoversNothing() {
    RoutingDecision decision = route(List.of(jurisdiction("AA",
        new R("covering", "NCMEC_CYBERTIPLINE").subjects("JP"),
        new R("covered", "NCA").coveredBy("NCMEC_CYBERTIPLINE"))), "GB");
    assertThat(described(decision)).containsExactly("NCA FILE MANDATORY due PT24H");
  }

  @Test
  void theFirstFiledCoverInTheListIsNamed() {
    RoutingDecision decision = route(List.of(jurisdiction("AA",
        new R("covered", "NCA").coveredBy("EUROPOL", "NCMEC_CYBERTIPLINE", "AFP"),
        new R("ncmec", "NCMEC_CYBERTIPLINE"),
        new R("afp", "AFP"))));
    assertThat(decision.filing("NCA").orElseThrow().coveredBy()).isEqualTo("NCMEC_CYBERTIPLINE");
  }

  @Test
  void noTippingOffIfAnyRouteThatAppliesSaysSo() {
    assertThat(route(List.of(jurisdiction("AA", new R("a", "AAA"), new R("b", "BBB")))).noTippingOff()).isFalse();
    assertThat(route(List.of(jurisdiction("AA", new R("a", "AAA"), new R("b", "BBB").noTippingOff())))
        .noTippingOff()).isTrue();
    // even a covered one
    assertThat(route(List.of(jurisdiction("AA", new R("a", "AAA"), new R("b", "BBB").coveredBy("AAA").noTippingOff())))
        .noTippingOff()).isTrue();
    // but not one that does not apply
    assertThat(route(List.of(jurisdiction("AA", new R("a", "AAA"), new R("b", "BBB").subjects("JP").noTippingOff())))
        .noTippingOff()).isFalse();
  }

  @Test
  void routeIdsMustBeUniqueAcrossPacks() {
    assertThatThrownBy(() -> Router.of(List.of(
        jurisdiction("AA", new R("same", "AAA")), jurisdiction("BB", new R("same", "BBB")))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("route id 'same' is used in jurisdiction AA and again in jurisdiction BB: route ids must be"
            + " unique among the packs in use");
    Jurisdiction us = JurisdictionFixtures.shipped("us");
    assertThatThrownBy(() -> Router.of(List.of(us, us)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("route id 'us-ncmec' is used in jurisdiction US and again in jurisdiction US");
  }

  @Test
  void destinationsCoveringEachOtherAreRefused() {
    assertThatThrownBy(() -> Router.of(List.of(
        jurisdiction("AA", new R("a", "AAA").coveredBy("BBB")),
        jurisdiction("BB", new R("b", "BBB").coveredBy("CCC"), new R("c", "CCC").coveredBy("AAA")))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("routes' coveredBy make a cycle: AAA covered by BBB covered by CCC covered by AAA;"
            + " one of them must be filed");
    // Not a cycle: two routes covered by one destination.
    assertThat(Router.of(List.of(jurisdiction("AA",
        new R("a", "AAA").coveredBy("CCC"), new R("b", "BBB").coveredBy("CCC", "AAA"), new R("c", "CCC")))))
        .isNotNull();
  }

  @Test
  void aRouterWithoutJurisdictionsRoutesNothing() {
    RoutingDecision decision = route(List.of());
    assertThat(decision.filings()).isEmpty();
    assertThat(decision.preservation()).isNull();
    assertThat(decision.noTippingOff()).isFalse();
  }

  @Test
  void theReportTimeComesFromTheClock() {
    Clock clock = Clock.fixed(REPORTED, ZoneOffset.UTC);
    Router router = Router.of(List.of(jurisdiction("AA",
        new R("a", "AAA").preserve(Period.ofDays(1), From.REPORT, "DAY"))), clock);
    RoutingDecision decision = router.route(
        RoutingFacts.builder(ReportCategory.CSAM, KNOWN).providerCountries("US").build());
    assertThat(decision.reportedAt()).isEqualTo(REPORTED);
    assertThat(decision.preservation().until()).isEqualTo(REPORTED.plus(Duration.ofDays(1)));
  }

  @Test
  void aReportCannotBeFiledBeforeItsKnowledge() {
    Router router = Router.of(List.of());
    RoutingFacts facts = RoutingFacts.builder(ReportCategory.CSAM, KNOWN).providerCountries("US").build();
    assertThatThrownBy(() -> router.route(facts, KNOWN.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reportedAt 2026-11-28T09:59:59Z is before knowledgeAt 2026-11-28T10:00:00Z");
    assertThat(router.route(facts, KNOWN).reportedAt()).isEqualTo(KNOWN);
  }

  @Test
  void filingsAreConsistent() {
    Route route = new R("a", "AAA").build();
    assertThatThrownBy(() -> new RoutingDecision.Filing("AAA", RoutingDecision.Status.COVERED_BY,
        Obligation.MANDATORY, null, null, List.of(route))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoutingDecision.Filing("AAA", RoutingDecision.Status.FILE,
        Obligation.MANDATORY, null, "BBB", List.of(route))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoutingDecision.Filing("AAA", RoutingDecision.Status.ALREADY_FILED,
        Obligation.MANDATORY, Instant.EPOCH, null, List.of(route))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoutingDecision.Filing("AAA", RoutingDecision.Status.FILE,
        Obligation.MANDATORY, null, null, List.of())).isInstanceOf(IllegalArgumentException.class);
    RoutingDecision.Filing filing = new RoutingDecision.Filing("AAA", RoutingDecision.Status.FILE,
        Obligation.MANDATORY, null, null, List.of(route));
    assertThatThrownBy(() -> new RoutingDecision(
        RoutingFacts.builder(ReportCategory.CSAM, KNOWN).providerCountries("US").build(), REPORTED,
        List.of(filing, filing), null, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("destination AAA has two filings");
  }
}
