package io.tripline.rules;

import static io.tripline.rules.JurisdictionFixtures.bind;
import static io.tripline.rules.JurisdictionFixtures.jurisdiction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.tripline.InvalidConfigurationException;
import io.tripline.rules.Route.Obligation;
import io.tripline.rules.Route.Preservation.From;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code jurisdiction} section of a pack: what binds, what it becomes, and every error. */
class JurisdictionEntryTest {

  private static final String BASE = """
      code: US
      name: United States
      routes:
        - id: r
          destination: NCMEC_CYBERTIPLINE
          appliesWhen: { providerCountries: [US] }
          categories: [CSAM]
          obligation: mandatory
          deadline: { within: PT24H, text: "soon" }
          preservation: { period: P1Y, from: report, basis: US_18USC2258A_h, text: "1 year" }
          legalBasis: "18 USC 2258A"
          coveredBy: []
          noTippingOff: true
      """;

  private static final String ALL_CATEGORIES = Arrays.toString(ReportCategory.values());

  /** BASE with {@code find} (which must be there) replaced. */
  private static String with(String find, String replacement) {
    assertThat(BASE).contains(find);
    return BASE.replace(find, replacement);
  }

  @Test
  void aFullRouteBindsToTheModel() {
    Jurisdiction us = jurisdiction(BASE);

    assertThat(us).isEqualTo(new Jurisdiction("US", "United States", List.of(new Route(
        "r",
        "NCMEC_CYBERTIPLINE",
        new Route.AppliesWhen(Set.of("US"), Set.of(), Set.of()),
        Set.of(ReportCategory.CSAM),
        Obligation.MANDATORY,
        new Route.Deadline(Duration.ofHours(24), "soon"),
        new Route.Preservation(Period.ofYears(1), From.REPORT, "US_18USC2258A_h", "1 year"),
        "18 USC 2258A",
        Set.of(),
        true))));
  }

  @Test
  void aVoluntaryRouteNeedsNoDeadlinePreservationLegalBasisOrCover() {
    Route route = jurisdiction("""
        code: ANY
        name: Any jurisdiction
        routes:
          - id: tip
            destination: TIP_LINE
            appliesWhen: { subjectCountries: [ANY] }
            categories: [ADULT_TRAFFICKING, NCII]
            obligation: voluntary
            noTippingOff: false
        """).routes().get(0);

    assertThat(route.obligation()).isEqualTo(Obligation.VOLUNTARY);
    assertThat(route.deadline()).isNull();
    assertThat(route.preservation()).isNull();
    assertThat(route.legalBasis()).isEmpty();
    assertThat(route.coveredBy()).isEmpty();
    assertThat(route.noTippingOff()).isFalse();
    assertThat(route.appliesWhen().subjectCountries()).containsExactly("ANY");
    assertThat(route.appliesWhen().providerCountries()).isEmpty();
    assertThat(route.categories()).containsExactly(ReportCategory.ADULT_TRAFFICKING, ReportCategory.NCII);
  }

  static Stream<Arguments> periods() {
    return Stream.of(
        Arguments.of("P1Y", Period.ofYears(1)),
        Arguments.of("P21D", Period.ofDays(21)),
        Arguments.of("P6M", Period.ofMonths(6)),
        Arguments.of("PT72H", Duration.ofHours(72)),
        Arguments.of("P1DT12H", Duration.ofHours(36)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("periods")
  void preservationPeriodsAreCalendarPeriodsOrExactDurations(String period, Object expected) {
    Route route = jurisdiction(with("period: P1Y", "period: " + period)).routes().get(0);
    assertThat(route.preservation().period()).isEqualTo(expected);
  }

  @Test
  void aPreservationWithoutAFixedPeriodSaysWhyAndNeedsNoFrom() {
    Route route = jurisdiction(with("{ period: P1Y, from: report,", "{ period: null,")).routes().get(0);
    assertThat(route.preservation()).isEqualTo(
        new Route.Preservation(null, null, "US_18USC2258A_h", "1 year"));
  }

  @Test
  void preservationCanCountFromKnowledge() {
    Route route = jurisdiction(with("from: report", "from: knowledge")).routes().get(0);
    assertThat(route.preservation().from()).isEqualTo(From.KNOWLEDGE);
  }

  @Test
  void deadlinesMayBeGivenInDays() {
    Route route = jurisdiction(with("within: PT24H", "within: P3D")).routes().get(0);
    assertThat(route.deadline().within()).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void listsKeepTheirOrder() {
    Route route = jurisdiction(with("providerCountries: [US]", "providerCountries: [US, DE, EU, FR]")
        .replace("coveredBy: []", "coveredBy: [NCA, EUROPOL, AFP]")).routes().get(0);
    assertThat(route.appliesWhen().providerCountries()).containsExactly("US", "DE", "EU", "FR");
    assertThat(route.coveredBy()).containsExactly("NCA", "EUROPOL", "AFP");
  }

  @Test
  void routesKeepTheirOrder() {
    String second = BASE.substring(BASE.indexOf("  - id: r")).replace("id: r", "id: s");
    Jurisdiction two = jurisdiction(BASE.replace("  - id: r", second.stripTrailing() + "\n  - id: r"));
    assertThat(two.routes()).extracting(Route::id).containsExactly("s", "r");
  }

  static Stream<Arguments> invalid() {
    String route = "route 'r': ";
    return Stream.of(
        // the jurisdiction
        Arguments.of("no code", with("code: US\n", ""), "jurisdiction: missing required key 'code'"),
        Arguments.of("lower-case code", with("code: US", "code: us"),
            "jurisdiction 'code' must be upper-case letters such as US, EU or UK, was 'us'"),
        Arguments.of("one-letter code", with("code: US", "code: U"),
            "jurisdiction 'code' must be upper-case letters such as US, EU or UK, was 'U'"),
        Arguments.of("no name", with("name: United States\n", ""), "jurisdiction US: missing required key 'name'"),
        Arguments.of("blank name", with("name: United States", "name: \" \""),
            "jurisdiction US: 'name' must not be blank"),
        Arguments.of("no routes", "code: US\nname: United States\n", "jurisdiction US: missing required key 'routes'"),
        Arguments.of("empty routes", "code: US\nname: United States\nroutes: []\n",
            "jurisdiction US: 'routes' must list at least one route"),
        Arguments.of("an empty route", "code: US\nname: United States\nroutes:\n  -\n",
            "jurisdiction US: a route must be a mapping with at least 'id', 'destination', 'appliesWhen',"
                + " 'categories' and 'obligation'"),
        Arguments.of("a route id twice", BASE + BASE.substring(BASE.indexOf("  - id: r")),
            "jurisdiction US: route id 'r' is used twice"),
        // id and destination
        Arguments.of("no id", with("- id: r\n    destination", "- destination"), "a route: missing required key 'id'"),
        Arguments.of("malformed id", with("id: r", "id: R_1"),
            "route id 'R_1' must be lower-case letters, digits and dashes"),
        Arguments.of("no destination", with("    destination: NCMEC_CYBERTIPLINE\n", ""),
            route + "missing required key 'destination'"),
        Arguments.of("malformed destination", with("destination: NCMEC_CYBERTIPLINE", "destination: ncmec"),
            route + "'destination' must be upper-case letters, digits and underscores such as NCMEC_CYBERTIPLINE,"
                + " was 'ncmec'"),
        // appliesWhen
        Arguments.of("no appliesWhen", with("    appliesWhen: { providerCountries: [US] }\n", ""),
            route + "missing required key 'appliesWhen'"),
        Arguments.of("empty appliesWhen", with("{ providerCountries: [US] }", "{}"),
            route + "'appliesWhen' must set at least one of providerCountries, subjectCountries, contentCountries"
                + " (use [ANY] for a route that applies everywhere)"),
        Arguments.of("empty country list", with("providerCountries: [US]", "providerCountries: []"),
            route + "'appliesWhen.providerCountries' is empty: list countries, or leave the key out"),
        Arguments.of("UK for GB", with("providerCountries: [US]", "subjectCountries: [UK]"),
            route + "'appliesWhen.subjectCountries': 'UK' is not an ISO 3166-1 alpha-2 country code"
                + " (the United Kingdom is GB) (or ANY, or EU for every member state)"),
        Arguments.of("EL for GR", with("providerCountries: [US]", "contentCountries: [EL]"),
            route + "'appliesWhen.contentCountries': 'EL' is not an ISO 3166-1 alpha-2 country code"
                + " (Greece is GR) (or ANY, or EU for every member state)"),
        Arguments.of("lower-case country", with("providerCountries: [US]", "providerCountries: [us]"),
            route + "'appliesWhen.providerCountries': 'us' is not an ISO 3166-1 alpha-2 country code"
                + " (codes are upper case: US) (or ANY, or EU for every member state)"),
        Arguments.of("unknown country", with("providerCountries: [US]", "providerCountries: [XX]"),
            route + "'appliesWhen.providerCountries': 'XX' is not an ISO 3166-1 alpha-2 country code"
                + " (or ANY, or EU for every member state)"),
        Arguments.of("ANY with others", with("providerCountries: [US]", "providerCountries: [ANY, US]"),
            route + "'appliesWhen.providerCountries': ANY stands alone (it already means every country)"),
        Arguments.of("country twice", with("providerCountries: [US]", "providerCountries: [US, CA, US]"),
            route + "'appliesWhen.providerCountries' lists 'US' twice"),
        Arguments.of("null country", with("providerCountries: [US]", "providerCountries: [US, null]"),
            route + "'appliesWhen.providerCountries' has an empty entry"),
        // categories
        Arguments.of("no categories", with("    categories: [CSAM]\n", ""),
            route + "missing required key 'categories'"),
        Arguments.of("empty categories", with("categories: [CSAM]", "categories: []"),
            route + "'categories' must list at least one of " + ALL_CATEGORIES),
        Arguments.of("unknown category", with("categories: [CSAM]", "categories: [csam]"),
            route + "'categories': 'csam' is not one of " + ALL_CATEGORIES),
        Arguments.of("category twice", with("categories: [CSAM]", "categories: [CSAM, NCII, CSAM]"),
            route + "'categories' lists CSAM twice"),
        // obligation
        Arguments.of("no obligation", with("    obligation: mandatory\n", ""),
            route + "missing required key 'obligation'"),
        Arguments.of("unknown obligation", with("obligation: mandatory", "obligation: required"),
            route + "'obligation' must be one of [mandatory, voluntary], was 'required'"),
        Arguments.of("upper-case obligation", with("obligation: mandatory", "obligation: MANDATORY"),
            route + "'obligation' must be one of [mandatory, voluntary], was 'MANDATORY'"),
        // deadline
        Arguments.of("mandatory without deadline", with("    deadline: { within: PT24H, text: \"soon\" }\n", ""),
            route + "a mandatory route needs 'deadline.within', the time after knowledge by which the pipeline"
                + " files it ('deadline.text' says what the law says)"),
        Arguments.of("mandatory without deadline.within", with("{ within: PT24H, text: \"soon\" }",
            "{ text: \"soon\" }"),
            route + "a mandatory route needs 'deadline.within', the time after knowledge by which the pipeline"
                + " files it ('deadline.text' says what the law says)"),
        Arguments.of("deadline not a duration", with("within: PT24H", "within: 24h"),
            route + "'deadline.within' must be an ISO-8601 duration such as PT24H or P3D, was '24h'"),
        Arguments.of("deadline in months", with("within: PT24H", "within: P1M"),
            route + "'deadline.within' must be an ISO-8601 duration such as PT24H or P3D, was 'P1M'"),
        Arguments.of("lower-case deadline", with("within: PT24H", "within: pt24h"),
            route + "'deadline.within' must be an ISO-8601 duration such as PT24H or P3D, was 'pt24h'"),
        Arguments.of("zero deadline", with("within: PT24H", "within: PT0S"),
            route + "'deadline.within' must be positive, was PT0S"),
        Arguments.of("negative deadline", with("within: PT24H", "within: -PT1H"),
            route + "'deadline.within' must be positive, was PT-1H"),
        Arguments.of("deadline without text", with("{ within: PT24H, text: \"soon\" }", "{ within: PT24H }"),
            route + "missing required key 'deadline.text'"),
        Arguments.of("blank deadline text", with("text: \"soon\"", "text: \"\""),
            route + "'deadline.text' must say what the law says"),
        // preservation
        Arguments.of("period not ISO-8601", with("period: P1Y", "period: 1 year"),
            route + "'preservation.period' must be an ISO-8601 period or duration such as P1Y, P21D or PT72H"
                + " (null when the law fixes none), was '1 year'"),
        Arguments.of("period mixing years and hours", with("period: P1Y", "period: P1YT1H"),
            route + "'preservation.period' must be an ISO-8601 period or duration such as P1Y, P21D or PT72H"
                + " (null when the law fixes none), was 'P1YT1H'"),
        Arguments.of("lower-case period", with("period: P1Y", "period: p1y"),
            route + "'preservation.period' must be an ISO-8601 period or duration such as P1Y, P21D or PT72H"
                + " (null when the law fixes none), was 'p1y'"),
        Arguments.of("zero period", with("period: P1Y", "period: P0D"),
            route + "'preservation.period' must be positive, was P0D"),
        Arguments.of("negative period", with("period: P1Y", "period: P-1Y"),
            route + "'preservation.period' must be positive, was P-1Y"),
        Arguments.of("zero duration", with("period: P1Y", "period: PT0S"),
            route + "'preservation.period' must be positive, was PT0S"),
        Arguments.of("period without from", with("from: report, ", ""),
            route + "'preservation.from' is required with a period: report or knowledge"),
        Arguments.of("unknown from", with("from: report", "from: upload"),
            route + "'preservation.from' must be one of [report, knowledge], was 'upload'"),
        Arguments.of("capitalised from", with("from: report", "from: Report"),
            route + "'preservation.from' must be one of [report, knowledge], was 'Report'"),
        Arguments.of("no basis", with("basis: US_18USC2258A_h, ", ""),
            route + "missing required key 'preservation.basis'"),
        Arguments.of("malformed basis", with("basis: US_18USC2258A_h", "basis: us 2258A"),
            route + "'preservation.basis' must be a code of letters, digits and underscores starting with an"
                + " upper-case letter, such as US_18USC2258A_h, was 'us 2258A'"),
        Arguments.of("preservation without text", with(", text: \"1 year\" }", " }"),
            route + "missing required key 'preservation.text'"),
        Arguments.of("blank preservation text", with("text: \"1 year\"", "text: \" \""),
            route + "'preservation.text' must say what the law says"),
        // legal basis, cover, tipping off
        Arguments.of("mandatory without legalBasis", with("    legalBasis: \"18 USC 2258A\"\n", ""),
            route + "a mandatory route needs 'legalBasis'"),
        Arguments.of("mandatory with blank legalBasis", with("legalBasis: \"18 USC 2258A\"", "legalBasis: \" \""),
            route + "a mandatory route needs 'legalBasis'"),
        Arguments.of("covered by itself", with("coveredBy: []", "coveredBy: [NCA, NCMEC_CYBERTIPLINE]"),
            route + "'coveredBy' lists the route's own destination NCMEC_CYBERTIPLINE"),
        Arguments.of("malformed cover", with("coveredBy: []", "coveredBy: [ncmec]"),
            route + "'coveredBy' must list destinations (upper-case letters, digits and underscores), was 'ncmec'"),
        Arguments.of("cover twice", with("coveredBy: []", "coveredBy: [NCA, NCA]"),
            route + "'coveredBy' lists 'NCA' twice"),
        Arguments.of("null cover", with("coveredBy: []", "coveredBy: [null]"),
            route + "'coveredBy' has an empty entry"),
        Arguments.of("no noTippingOff", with("    noTippingOff: true\n", ""),
            route + "missing required key 'noTippingOff'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void everyMistakeIsNamed(String mistake, String yaml, String message) {
    assertThatThrownBy(() -> bind(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        Arguments.of(with("name: United States", "name: United States\nroute: []"), "route"),
        Arguments.of(with("    noTippingOff: true", "    noTippingOff: true\n    notes: x"), "notes"),
        Arguments.of(with("{ providerCountries: [US] }", "{ providerCountry: [US] }"), "providerCountry"),
        Arguments.of(with("{ within: PT24H,", "{ within: PT24H, by: PT1H,"), "by"),
        Arguments.of(with("{ period: P1Y,", "{ period: P1Y, until: P2Y,"), "until"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unknownKeys")
  void unknownKeysAreRefused(String yaml, String key) {
    assertThatThrownBy(() -> bind(yaml))
        .cause()
        .isInstanceOfSatisfying(UnrecognizedPropertyException.class,
            unknown -> assertThat(unknown.getPropertyName()).isEqualTo(key));
  }

  /** The pack parser checks unknown and repeated keys against the component names. */
  @Test
  void everyKeyIsARecordComponentNamedAsInTheSpec() {
    Map<Class<?>, List<String>> keys = Map.of(
        JurisdictionEntry.class, List.of("code", "name", "routes"),
        JurisdictionEntry.RouteEntry.class, List.of("id", "destination", "appliesWhen", "categories", "obligation",
            "deadline", "preservation", "legalBasis", "coveredBy", "noTippingOff"),
        JurisdictionEntry.AppliesWhenEntry.class, List.of("providerCountries", "subjectCountries", "contentCountries"),
        JurisdictionEntry.DeadlineEntry.class, List.of("within", "text"),
        JurisdictionEntry.PreservationEntry.class, List.of("period", "from", "basis", "text"));
    keys.forEach((shape, expected) -> {
      RecordComponent[] components = shape.getRecordComponents();
      assertThat(components).extracting(RecordComponent::getName).containsExactlyElementsOf(expected);
      for (RecordComponent component : components) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        assertThat(property).as(shape.getSimpleName() + "." + component.getName()).isNotNull();
        assertThat(property.value()).isEqualTo(component.getName());
      }
    });
  }

  static Stream<Arguments> located() {
    String route = "route 'r': ";
    return Stream.of(
        Arguments.of(with("code: US", "code: us"), "line 4, column 3",
            "jurisdiction 'code' must be upper-case letters such as US, EU or UK, was 'us'"),
        Arguments.of(with("    destination: NCMEC_CYBERTIPLINE", "    destination: ncmec"), "line 8, column 7",
            route + "'destination' must be upper-case letters, digits and underscores such as NCMEC_CYBERTIPLINE,"
                + " was 'ncmec'"),
        Arguments.of(with("providerCountries: [US]", "providerCountries: [UK]"), "line 9, column 7",
            route + "'appliesWhen.providerCountries': 'UK' is not an ISO 3166-1 alpha-2 country code"
                + " (the United Kingdom is GB) (or ANY, or EU for every member state)"),
        Arguments.of(with("within: PT24H", "within: 24h"), "line 12, column 7",
            route + "'deadline.within' must be an ISO-8601 duration such as PT24H or P3D, was '24h'"),
        Arguments.of(with("from: report", "from: upload"), "line 13, column 7",
            route + "'preservation.from' must be one of [report, knowledge], was 'upload'"),
        Arguments.of(with("coveredBy: []", "coveredBy: [NCMEC_CYBERTIPLINE]"), "line 15, column 7",
            route + "'coveredBy' lists the route's own destination NCMEC_CYBERTIPLINE"),
        // a key that is missing: the route it is missing from
        Arguments.of(with("    noTippingOff: true\n", ""), "line 7, column 7",
            route + "missing required key 'noTippingOff'"));
  }

  /**
   * Through the pack parser, every error names the file, the line and the column of its key (for
   * a key inside deadline, preservation or appliesWhen: of that mapping's key).
   */
  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("located")
  void thePackParserPointsAtTheKeyThatIsWrong(String section, String where, String message) {
    assertThatThrownBy(() -> JurisdictionFixtures.pack(section))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("rule pack test.yaml, " + where + ": " + message);
  }

  @Test
  void aValidSectionLoadsThroughThePackParser() {
    RulePack pack = JurisdictionFixtures.pack(BASE);
    assertThat(pack.rules()).isEmpty();
    assertThat(pack.jurisdiction()).contains(jurisdiction(BASE));
  }
}

