package io.tripline.rules;

import static io.tripline.rules.ReportCategory.ADULT_TRAFFICKING;
import static io.tripline.rules.ReportCategory.CHILD_SEX_TOURISM;
import static io.tripline.rules.ReportCategory.CHILD_SEX_TRAFFICKING;
import static io.tripline.rules.ReportCategory.CSAM;
import static io.tripline.rules.ReportCategory.MISLEADING_DOMAIN;
import static io.tripline.rules.ReportCategory.NCII;
import static io.tripline.rules.ReportCategory.ONLINE_ENTICEMENT;
import static io.tripline.rules.ReportCategory.THREAT_TO_LIFE;
import static io.tripline.rules.ReportCategory.UNSOLICITED_OBSCENE_TO_CHILD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reports routed through the shipped jurisdiction packs: one table row per situation of the
 * protocol's jurisdiction table, alone and combined.
 */
class RoutingTest {

  static final Instant KNOWN = Instant.parse("2026-11-28T10:00:00Z");
  static final Instant REPORTED = Instant.parse("2026-11-28T16:00:00Z");

  private static final String NCMEC = "NCMEC_CYBERTIPLINE";
  private static final String YEAR_FROM_REPORT = "US_18USC2258A_h until 2027-11-28T16:00:00Z";
  private static final String NO_PRESERVATION = "-";

  private static RoutingFacts.Builder facts(ReportCategory category) {
    return RoutingFacts.builder(category, KNOWN);
  }

  private static List<String> packs(String... packs) {
    return List.of(packs);
  }

  /** "destination status [coveredBy] obligation [due knowledge + duration]". */
  static String describe(RoutingDecision.Filing filing) {
    return filing.destination() + " " + filing.status()
        + (filing.coveredBy() == null ? "" : " " + filing.coveredBy())
        + " " + filing.obligation()
        + (filing.deadline() == null ? "" : " due " + Duration.between(KNOWN, filing.deadline()));
  }

  static String describe(RoutingDecision.@Nullable Preservation preservation) {
    return preservation == null ? NO_PRESERVATION : preservation.basis() + " until " + preservation.until();
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        // United States
        arguments("US provider CSAM: NCMEC, mandatory, a year from the report",
            packs("us"), facts(CSAM).providerCountries("US"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H"), YEAR_FROM_REPORT),
        arguments("US provider child sex trafficking: NCMEC",
            packs("us"), facts(CHILD_SEX_TRAFFICKING).providerCountries("US"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H"), YEAR_FROM_REPORT),
        arguments("US provider online enticement: NCMEC",
            packs("us"), facts(ONLINE_ENTICEMENT).providerCountries("US"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H"), YEAR_FROM_REPORT),
        arguments("US provider child sex tourism: NCMEC, voluntary",
            packs("us"), facts(CHILD_SEX_TOURISM).providerCountries("US"),
            List.of("NCMEC_CYBERTIPLINE FILE VOLUNTARY"), NO_PRESERVATION),
        arguments("US provider misleading domain: NCMEC, voluntary",
            packs("us"), facts(MISLEADING_DOMAIN).providerCountries("US"),
            List.of("NCMEC_CYBERTIPLINE FILE VOLUNTARY"), NO_PRESERVATION),
        arguments("US provider adult trafficking: not NCMEC's",
            packs("us"), facts(ADULT_TRAFFICKING).providerCountries("US"), List.of(), NO_PRESERVATION),
        arguments("US provider NCII: not routed",
            packs("us"), facts(NCII).providerCountries("US"), List.of(), NO_PRESERVATION),
        arguments("US pack, provider elsewhere: nothing",
            packs("us"), facts(CSAM).providerCountries("CA").subjectCountries("US").contentCountries("US"),
            List.of(), NO_PRESERVATION),

        // United Kingdom
        arguments("UK provider alone: NCA",
            packs("uk"), facts(CSAM).providerCountries("GB"),
            List.of("NCA FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("non-UK provider, subject in the UK: NCA",
            packs("uk"), facts(UNSOLICITED_OBSCENE_TO_CHILD).providerCountries("FR").subjectCountries("GB"),
            List.of("NCA FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("non-UK provider, content from the UK: NCA",
            packs("uk"), facts(CHILD_SEX_TOURISM).providerCountries("FR").contentCountries("GB"),
            List.of("NCA FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("non-UK provider, no UK link: nothing",
            packs("uk"), facts(CSAM).providerCountries("US").subjectCountries("FR").contentCountries("IE"),
            List.of(), NO_PRESERVATION),
        arguments("UK adult trafficking: not CSEA",
            packs("uk"), facts(ADULT_TRAFFICKING).providerCountries("GB"), List.of(), NO_PRESERVATION),
        arguments("UK-linked CSAM covered by NCMEC when a US route files",
            packs("us", "uk"), facts(CSAM).providerCountries("US").subjectCountries("GB"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H", "NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY"),
            YEAR_FROM_REPORT),
        arguments("US and UK provider: NCA covered by NCMEC",
            packs("us", "uk"), facts(ONLINE_ENTICEMENT).providerCountries("US", "GB"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H", "NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY"),
            YEAR_FROM_REPORT),
        arguments("UK pack first: NCA still covered, listed first",
            packs("uk", "us"), facts(CSAM).providerCountries("US", "GB"),
            List.of("NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY", "NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H"),
            YEAR_FROM_REPORT),
        arguments("US pack in use but not a US provider: NCA files",
            packs("us", "uk"), facts(CSAM).providerCountries("GB"),
            List.of("NCA FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("a voluntary NCMEC filing covers nothing: NCA files",
            packs("us", "uk"), facts(CHILD_SEX_TOURISM).providerCountries("US", "GB"),
            List.of("NCMEC_CYBERTIPLINE FILE VOLUNTARY", "NCA FILE MANDATORY due PT24H"), NO_PRESERVATION),

        // European Union
        arguments("EU provider trafficking, people in a member state: its police; Europol covered",
            packs("eu"), facts(CHILD_SEX_TRAFFICKING).providerCountries("DE").subjectCountries("FR"),
            List.of("EU_MEMBER_STATE_POLICE FILE MANDATORY due PT24H",
                "EUROPOL COVERED_BY EU_MEMBER_STATE_POLICE MANDATORY"), NO_PRESERVATION),
        arguments("EU provider adult trafficking, content from a member state: its police",
            packs("eu"), facts(ADULT_TRAFFICKING).providerCountries("IE").contentCountries("PL"),
            List.of("EU_MEMBER_STATE_POLICE FILE MANDATORY due PT24H",
                "EUROPOL COVERED_BY EU_MEMBER_STATE_POLICE MANDATORY"), NO_PRESERVATION),
        arguments("EU provider threat to life, no member state concerned: Europol",
            packs("eu"), facts(THREAT_TO_LIFE).providerCountries("IE").subjectCountries("US").contentCountries("GB"),
            List.of("EUROPOL FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("EU provider threat to life, nothing known: Europol",
            packs("eu"), facts(THREAT_TO_LIFE).providerCountries("FR"),
            List.of("EUROPOL FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("provider outside the EU: nothing",
            packs("eu"), facts(THREAT_TO_LIFE).providerCountries("US").subjectCountries("DE"),
            List.of(), NO_PRESERVATION),
        arguments("EU pack does not route CSAM",
            packs("eu"), facts(CSAM).providerCountries("DE").subjectCountries("DE"), List.of(), NO_PRESERVATION),

        // Canada
        arguments("CA CSAM: Cybertip.ca and the police, 21 days after notifying the police",
            packs("ca"), facts(CSAM).providerCountries("CA"),
            List.of("CYBERTIP_CA FILE MANDATORY due PT24H", "CA_POLICE FILE MANDATORY due PT24H"),
            "CA_SC2011_C4_PRESERVATION until 2026-12-19T16:00:00Z"),
        arguments("CA child sex trafficking: not routed by the CA pack",
            packs("ca"), facts(CHILD_SEX_TRAFFICKING).providerCountries("CA"), List.of(), NO_PRESERVATION),

        // Australia
        arguments("AU CSAM: AFP, no preservation period",
            packs("au"), facts(CSAM).providerCountries("AU"),
            List.of("AFP FILE MANDATORY due PT24H"), NO_PRESERVATION),
        arguments("AU pack, provider elsewhere: nothing",
            packs("au"), facts(CSAM).providerCountries("NZ").subjectCountries("AU"), List.of(), NO_PRESERVATION),

        // Adult trafficking, anywhere
        arguments("adult trafficking: the voluntary tip line only",
            packs("any", "us", "uk", "ca", "au"),
            facts(ADULT_TRAFFICKING).providerCountries("US", "GB", "CA", "AU").subjectCountries("GB"),
            List.of("HUMAN_TRAFFICKING_TIP_LINE FILE VOLUNTARY"), NO_PRESERVATION),
        arguments("adult trafficking in the EU: the police as well",
            packs("any", "eu"), facts(ADULT_TRAFFICKING).providerCountries("NL").subjectCountries("NL"),
            List.of("HUMAN_TRAFFICKING_TIP_LINE FILE VOLUNTARY", "EU_MEMBER_STATE_POLICE FILE MANDATORY due PT24H",
                "EUROPOL COVERED_BY EU_MEMBER_STATE_POLICE MANDATORY"), NO_PRESERVATION),

        // Combinations
        arguments("every pack, CSAM: NCMEC covers NCA, Canada and Australia file, NCMEC's year is longest",
            packs("any", "us", "eu", "uk", "ca", "au"),
            facts(CSAM).providerCountries("US", "GB", "DE", "CA", "AU").subjectCountries("GB"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H", "NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY",
                "CYBERTIP_CA FILE MANDATORY due PT24H", "CA_POLICE FILE MANDATORY due PT24H",
                "AFP FILE MANDATORY due PT24H"), YEAR_FROM_REPORT),
        arguments("UK and Canada without the US: NCA files, Canada's 21 days",
            packs("uk", "ca"), facts(CSAM).providerCountries("GB", "CA"),
            List.of("NCA FILE MANDATORY due PT24H", "CYBERTIP_CA FILE MANDATORY due PT24H",
                "CA_POLICE FILE MANDATORY due PT24H"), "CA_SC2011_C4_PRESERVATION until 2026-12-19T16:00:00Z"),
        arguments("every pack, child trafficking in the EU: NCMEC and the member state's police",
            packs("any", "us", "eu", "uk", "ca", "au"),
            facts(CHILD_SEX_TRAFFICKING).providerCountries("US", "DE").subjectCountries("DE"),
            List.of("NCMEC_CYBERTIPLINE FILE MANDATORY due PT24H", "EU_MEMBER_STATE_POLICE FILE MANDATORY due PT24H",
                "EUROPOL COVERED_BY EU_MEMBER_STATE_POLICE MANDATORY"), YEAR_FROM_REPORT),
        arguments("every pack, NCII: nothing routes it",
            packs("any", "us", "eu", "uk", "ca", "au"),
            facts(NCII).providerCountries("US", "GB", "DE", "CA", "AU").subjectCountries("GB"),
            List.of(), NO_PRESERVATION));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void routesPerJurisdiction(String situation, List<String> packs, RoutingFacts.Builder facts,
      List<String> filings, String preservation) {
    Router router = Router.of(JurisdictionFixtures.jurisdictions(packs.toArray(String[]::new)));

    RoutingDecision decision = router.route(facts.build(), REPORTED);

    assertThat(decision.filings()).extracting(RoutingTest::describe).containsExactlyElementsOf(filings);
    assertThat(describe(decision.preservation())).isEqualTo(preservation);
    // Every shipped route forbids tipping off.
    assertThat(decision.noTippingOff()).isEqualTo(!filings.isEmpty());
    assertThat(decision.reportedAt()).isEqualTo(REPORTED);
    assertThat(decision.facts()).isEqualTo(facts.build());
  }

  @Test
  void aUsReportCarriesTheReceiptsPreservation() {
    RoutingDecision decision = Router.of(JurisdictionFixtures.jurisdictions("us"))
        .route(facts(CSAM).providerCountries("US").build(), REPORTED);

    assertThat(decision.preservation()).isEqualTo(new RoutingDecision.Preservation(
        Instant.parse("2027-11-28T16:00:00Z"), "US_18USC2258A_h", "us-ncmec",
        "1 year from the report (18 USC 2258A(h), as amended by the REPORT Act 2024)"));
    assertThat(decision.filing(NCMEC).orElseThrow().routes()).extracting(Route::id).containsExactly("us-ncmec");
    assertThat(decision.earliestDeadline()).contains(Instant.parse("2026-11-29T10:00:00Z"));
  }

  @Test
  void ukSubjectAndContentAreOneFilingOfTwoRoutes() {
    RoutingDecision decision = Router.of(JurisdictionFixtures.jurisdictions("uk"))
        .route(facts(CSAM).providerCountries("US").subjectCountries("GB").contentCountries("GB").build(), REPORTED);

    assertThat(decision.filings()).singleElement().satisfies(nca -> {
      assertThat(nca.destination()).isEqualTo("NCA");
      assertThat(nca.routes()).extracting(Route::id)
          .containsExactly("uk-nca-uk-linked-subject", "uk-nca-uk-linked-content");
    });
  }

  @Test
  void aDestinationAlreadyFiledCoversTheUkRouteAndIsNotFiledAgain() {
    Router router = Router.of(JurisdictionFixtures.jurisdictions("us", "uk"));

    RoutingDecision ukOnly = router.route(
        facts(CSAM).providerCountries("GB").alreadyFiled(NCMEC).build(), REPORTED);
    assertThat(ukOnly.filings()).extracting(RoutingTest::describe)
        .containsExactly("NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY");
    assertThat(ukOnly.toFile()).isEmpty();
    assertThat(ukOnly.earliestDeadline()).isEmpty();

    RoutingDecision both = router.route(
        facts(CSAM).providerCountries("US", "GB").alreadyFiled(NCMEC).build(), REPORTED);
    assertThat(both.filings()).extracting(RoutingTest::describe)
        .containsExactly("NCMEC_CYBERTIPLINE ALREADY_FILED MANDATORY", "NCA COVERED_BY NCMEC_CYBERTIPLINE MANDATORY");
    // The report already filed set its own preservation; this decision files nothing.
    assertThat(both.preservation()).isNull();
    assertThat(both.noTippingOff()).isTrue();
  }

  @Test
  void theSameFactsGiveTheSameDecision() {
    RoutingFacts facts = facts(CSAM).providerCountries("US", "GB", "CA", "AU", "DE").subjectCountries("GB").build();
    RoutingDecision first = Router.of(JurisdictionFixtures.jurisdictions("any", "us", "eu", "uk", "ca", "au"))
        .route(facts, REPORTED);
    RoutingDecision again = Router.of(JurisdictionFixtures.jurisdictions("any", "us", "eu", "uk", "ca", "au"))
        .route(facts, REPORTED);
    assertThat(again).isEqualTo(first);
    assertThat(again.toString()).isEqualTo(first.toString());
  }
}
