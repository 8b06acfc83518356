package io.tripline.rules;

import static io.tripline.rules.RoutingTest.KNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A report's facts: country codes routing can match, and a provider country always. */
class RoutingFactsTest {

  private static RoutingFacts.Builder builder() {
    return RoutingFacts.builder(ReportCategory.CSAM, KNOWN).providerCountries("US");
  }

  @Test
  void theBuilderKeepsOrderAndDropsRepeats() {
    RoutingFacts facts = builder().providerCountries("US", "GB", "US").subjectCountries("FR", "DE", "FR")
        .contentCountries("IE").alreadyFiled("NCMEC_CYBERTIPLINE").build();
    assertThat(facts.providerCountries()).containsExactly("US", "GB");
    assertThat(facts.subjectCountries()).containsExactly("FR", "DE");
    assertThat(facts.contentCountries()).containsExactly("IE");
    assertThat(facts.alreadyFiled()).containsExactly("NCMEC_CYBERTIPLINE");
    assertThat(facts.category()).isEqualTo(ReportCategory.CSAM);
    assertThat(facts.knowledgeAt()).isEqualTo(KNOWN);
    assertThatThrownBy(() -> facts.subjectCountries().add("GB")).isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(builder().providerCountries(),
            "'providerCountries' must name at least one country: where the platform is established or offers its"
                + " service"),
        Arguments.of(builder().providerCountries("UK"),
            "'providerCountries': 'UK' is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)"),
        Arguments.of(builder().subjectCountries("gb"),
            "'subjectCountries': 'gb' is not an ISO 3166-1 alpha-2 country code (codes are upper case: GB)"),
        Arguments.of(builder().contentCountries("EL"),
            "'contentCountries': 'EL' is not an ISO 3166-1 alpha-2 country code (Greece is GR)"),
        // ANY and EU are for routes; a report names countries
        Arguments.of(builder().subjectCountries("EU"),
            "'subjectCountries': 'EU' is not an ISO 3166-1 alpha-2 country code"),
        Arguments.of(builder().providerCountries("ANY"),
            "'providerCountries': 'ANY' is not an ISO 3166-1 alpha-2 country code"),
        Arguments.of(builder().alreadyFiled("ncmec"),
            "'alreadyFiled' must list destinations (upper-case letters, digits and underscores), was 'ncmec'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void badFactsAreRefused(RoutingFacts.Builder builder, String message) {
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> RoutingFacts.builder(null, KNOWN)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RoutingFacts.builder(ReportCategory.CSAM, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new RoutingFacts(ReportCategory.CSAM, Set.of("US"), Set.of(), Set.of(), KNOWN, null))
        .isInstanceOf(NullPointerException.class);
  }
}
