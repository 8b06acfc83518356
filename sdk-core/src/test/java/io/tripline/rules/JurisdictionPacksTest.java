package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Match;
import io.tripline.Priority;
import io.tripline.Severity;
import io.tripline.rules.Route.Obligation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The jurisdiction packs Tripline ships: valid, and what the protocol's table says. */
class JurisdictionPacksTest {

  static Stream<Arguments> packs() {
    return Stream.of(
        Arguments.of("us", "US", "United States", List.of("us-ncmec", "us-ncmec-voluntary")),
        Arguments.of("eu", "EU", "European Union",
            List.of("eu-member-state-police-subject", "eu-member-state-police-content", "eu-europol")),
        Arguments.of("uk", "UK", "United Kingdom",
            List.of("uk-nca-uk-provider", "uk-nca-uk-linked-subject", "uk-nca-uk-linked-content")),
        Arguments.of("ca", "CA", "Canada", List.of("ca-cybertip", "ca-police")),
        Arguments.of("au", "AU", "Australia", List.of("au-afp")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packs")
  void eachPackLoadsWithItsJurisdiction(String name, String code, String jurisdictionName, List<String> routeIds) {
    RulePack pack = RulePack.fromClasspath(name);
    assertThat(pack.name()).isEqualTo(name);
    assertThat(pack.version()).matches("\\d{4}\\.\\d+\\.\\d+");
    assertThat(pack.description()).isNotBlank();

    Jurisdiction jurisdiction = pack.jurisdiction().orElseThrow();
    assertThat(jurisdiction.code()).isEqualTo(code);
    assertThat(jurisdiction.name()).isEqualTo(jurisdictionName);
    assertThat(jurisdiction.routes()).extracting(Route::id).containsExactlyElementsOf(routeIds);
    assertThat(jurisdiction.routes()).allSatisfy(route -> {
      assertThat(route.id()).startsWith(name + "-");
      assertThat(route.noTippingOff()).isTrue();
    });
  }

  @Test
  void thePoliciesJurisdictionsAreThoseOfItsPacksInOrder() {
    Policy policy = Policy.of(RulePack.fromClasspath("default"), RulePack.fromClasspath("uk"),
        RulePack.fromClasspath("us"));
    List<String> codes = new ArrayList<>();
    policy.jurisdictions().forEach(j -> codes.add(j.code()));
    if (RulePack.fromClasspath("default").jurisdiction().isPresent()) {
      assertThat(codes).containsExactly("ANY", "UK", "US");
    } else {
      assertThat(codes).containsExactly("UK", "US");
    }
    assertThat(Router.of(policy.jurisdictions()).jurisdictions()).isEqualTo(policy.jurisdictions());
  }

  @Test
  void allShippedRoutesCombineIntoOneRouter() {
    Router router = Router.of(JurisdictionFixtures.jurisdictions("any", "us", "eu", "uk", "ca", "au"));
    assertThat(router.jurisdictions()).extracting(Jurisdiction::code)
        .containsExactly("ANY", "US", "EU", "UK", "CA", "AU");
  }

  @ParameterizedTest
  @ValueSource(strings = {"us", "eu", "uk", "ca", "au"})
  void mandatoryRoutesSayByWhenAndUnderWhichLaw(String pack) {
    for (Route route : JurisdictionFixtures.shipped(pack).routes()) {
      if (route.obligation() == Obligation.MANDATORY) {
        assertThat(route.deadline().within()).as(route.id()).isNotNull();
        assertThat(route.deadline().text()).as(route.id()).isNotBlank();
        assertThat(route.legalBasis()).as(route.id()).isNotBlank();
      }
    }
  }

  @Test
  void theDefaultPacksRouteIsVoluntaryAdultTraffickingAnywhere() {
    Jurisdiction any = JurisdictionFixtures.anyJurisdiction();
    assertThat(any.code()).isEqualTo("ANY");
    assertThat(any.routes()).singleElement().satisfies(route -> {
      assertThat(route.destination()).isEqualTo("HUMAN_TRAFFICKING_TIP_LINE");
      assertThat(route.categories()).containsExactly(ReportCategory.ADULT_TRAFFICKING);
      assertThat(route.obligation()).isEqualTo(Obligation.VOLUNTARY);
      assertThat(route.appliesWhen().providerCountries()).containsExactly("ANY");
      assertThat(route.preservation().period()).isNull();
      assertThat(route.preservation().basis()).isEqualTo("INTERNAL_POLICY");
    });
  }

  @Test
  void onlyTheEuPackHasARule() {
    for (String pack : List.of("us", "uk", "ca", "au")) {
      assertThat(RulePack.fromClasspath(pack).rules()).as(pack).isEmpty();
    }
    assertThat(RulePack.fromClasspath("eu").rules()).extracting(Rule::id).containsExactly("flag-threat-to-life");
  }

  @Test
  void theEuPackFlagsAThreatToLifeUrgentlyAndReportsItAfterReview() {
    RulePack eu = RulePack.fromClasspath("eu");
    Match threat = new Match("ind-1", "feed-a", "term", 0, "text", null, List.of("threat-to-life"), Severity.MEDIUM);

    Outcome outcome = eu.evaluate(List.of(threat), 0);

    assertThat(outcome.action()).isEqualTo(Action.FLAG);
    assertThat(outcome.priority()).isEqualTo(Priority.URGENT);
    assertThat(outcome.reports()).singleElement().satisfies(report -> {
      assertThat(report.category()).isEqualTo(ReportCategory.THREAT_TO_LIFE);
      assertThat(report.mode()).isEqualTo(ReportMode.AFTER_REVIEW);
    });
    // and a report so confirmed goes to the police of the member state concerned
    RoutingDecision decision = Router.of(List.of(eu.jurisdiction().orElseThrow())).route(
        RoutingFacts.builder(ReportCategory.THREAT_TO_LIFE, RoutingTest.KNOWN).providerCountries("FR")
            .subjectCountries("FR").build(), RoutingTest.REPORTED);
    assertThat(decision.toFile()).extracting(RoutingDecision.Filing::destination)
        .containsExactly("EU_MEMBER_STATE_POLICE");

    Match other = new Match("ind-2", "feed-a", "term", 0, "text", null, List.of("spam"), Severity.MEDIUM);
    assertThat(eu.evaluate(List.of(other), 0).reports()).isEmpty();
  }
}

