package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.text.TextViews;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link IndicatorIndex#findTerms}: feed terms over the views of a text, with original spans. */
class IndicatorIndexTermsTest {

  private static final IndicatorIndex INDEX = IndicatorIndex.builder()
      .add(Indicator.of("t1", "feed", "term", "new in town", Severity.MEDIUM))
      .add(Indicator.of("t2", "feed", "term", "corn", Severity.LOW))
      .add(Indicator.of("t3", "feed", "term", "young and fresh", Severity.MEDIUM))
      .add(Indicator.of("t4", "feed", "term", "cashapp", Severity.LOW))
      .build();

  private static List<String> found(String text) {
    return INDEX.findTerms(TextViews.of(text)).stream()
        .map(h -> h.indicator().id() + " |" + h.span().of(text) + "|")
        .toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "Sweet, New In Town!;t1 |New In Town|",
      "n e w  i n  t o w n tonight;t1 |n e w  i n  t o w n|",
      "#newintown tonight;t1 |newintown|",
      "nеw іn tоwn;t1 |nеw іn tоwn|",
      "y0ung and fr3sh;t3 |y0ung and fr3sh|",
      "c a s h a p p only;t4 |c a s h a p p|",
  })
  void aTermIsFoundHoweverItIsWrittenWithItsOriginalSpan(String text, String expected) {
    assertThat(found(text)).containsExactly(expected);
  }

  @Test
  void plainLettersThatOnlyFoldAlikeAreNoDisguise() {
    // The confusables skeleton reads "m" as "rn": "com" and "corn" share one. Plain text that
    // merely folds alike is not a disguised term.
    assertThat(found("see example.com or mail bob@example.com")).isEmpty();
    assertThat(found("the corn harvest")).containsExactly("t2 |corn|");
    assertThat(found("c0rn on the cob")).containsExactly("t2 |c0rn|");
  }

  @Test
  void oneIndicatorAtOneSpanIsReportedOnceWhateverTheViewsThatFoundIt() {
    assertThat(found("NEW IN TOWN")).containsExactly("t1 |NEW IN TOWN|");
  }
}
