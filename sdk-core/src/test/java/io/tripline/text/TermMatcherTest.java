package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TermMatcherTest {

  private static TermMatcher<String> matcher(String... termsAndValues) {
    Map<String, String> terms = new LinkedHashMap<>();
    for (int i = 0; i < termsAndValues.length; i += 2) {
      terms.put(termsAndValues[i], termsAndValues[i + 1]);
    }
    return TermMatcher.of(terms);
  }

  private static List<String> matchedOriginals(TermMatcher<String> matcher, String text) {
    NormalizedText normalized = TextNormalizer.normalize(text);
    return matcher.find(normalized).stream()
        .map(hit -> normalized.originalSpan(hit.start(), hit.end()).of(text))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cashew", "ecash", "cashcash", "cash2", "2cash", "cashé", "mycash_"})
  void aWordTermDoesNotMatchInsideAnotherWord(String text) {
    assertThat(matcher("cash", "v").find(TextNormalizer.normalize(text))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cash", "cash!", "(cash)", "pay cash.", "cash-only", "💰cash💰", "\"cash\"", "x\tcash\n"})
  void aWordTermMatchesAtWordBoundaries(String text) {
    assertThat(matchedOriginals(matcher("cash", "v"), text)).containsExactly("cash");
  }

  @Test
  void digitsAreWordCharactersToo() {
    TermMatcher<String> m = matcher("420", "v");
    assertThat(m.find(TextNormalizer.normalize("call 14200"))).isEmpty();
    assertThat(m.find(TextNormalizer.normalize("call 420!"))).hasSize(1);
  }

  @Test
  void aPhraseMatchesWithChangedCaseSpacingAndInvisibleChars() {
    String text = "Ad: FRESH\t\n  Ar\u200Brivals   toNIGHT!";
    assertThat(matchedOriginals(matcher("fresh arrivals tonight", "v"), text))
        .containsExactly("FRESH\t\n  Ar\u200Brivals   toNIGHT");
  }

  @Test
  void termsAreNormalisedLikeText() {
    // A feed term written in full width with odd spacing still matches plain text.
    assertThat(matchedOriginals(matcher("  ＣＡＳＨ \t ＯＮＬＹ ", "v"), "cash only")).containsExactly("cash only");
  }

  @Test
  void everyOccurrenceIsFoundInOrder() {
    String text = "cash, Cash and CASH; cashew";
    NormalizedText normalized = TextNormalizer.normalize(text);
    List<TermMatcher.Hit<String>> hits = matcher("cash", "v").find(normalized);
    assertThat(hits).extracting(TermMatcher.Hit::start).containsExactly(0, 6, 15);
    assertThat(hits).allSatisfy(hit -> {
      assertThat(hit.end() - hit.start()).isEqualTo(4);
      assertThat(hit.term()).isEqualTo("cash");
      assertThat(hit.value()).isEqualTo("v");
    });
  }

  @Test
  void overlappingTermsAreAllReportedWithTheirValues() {
    TermMatcher<String> m = matcher("cash", "a", "cash only", "b", "only", "c");
    List<TermMatcher.Hit<String>> hits = m.find(TextNormalizer.normalize("cash only"));
    assertThat(hits).extracting(TermMatcher.Hit::value).containsExactly("a", "b", "c");
    assertThat(hits).extracting(TermMatcher.Hit::term).containsExactly("cash", "cash only", "only");
  }

  @Test
  void termsThatNormaliseToNothingAreIgnored() {
    TermMatcher<String> m = matcher("", "a", "   ", "b", "\u200B\u00AD", "c", "cash", "d");
    assertThat(m.size()).isEqualTo(1);
    assertThat(m.values()).containsExactly("d");
    // An empty term would otherwise match at every position.
    assertThat(m.find(TextNormalizer.normalize("x y z"))).isEmpty();
  }

  @Test
  void emojiAndSymbolTermsMatchWithoutWordBoundaries() {
    TermMatcher<String> m = matcher("🍑", "peach", "$$", "dollars");
    assertThat(matchedOriginals(m, "nice🍑peach and a$$b")).containsExactly("🍑", "$$");
  }

  @Test
  void aTermWithASymbolAtOneEndNeedsABoundaryOnlyAtItsWordEnd() {
    TermMatcher<String> m = matcher("#cash", "v");
    assertThat(matchedOriginals(m, "x#cash!")).containsExactly("#cash");
    assertThat(m.find(TextNormalizer.normalize("x#cashew"))).isEmpty();
  }

  @Test
  void noTermsFindNothing() {
    assertThat(TermMatcher.<String>of(Map.of()).find(TextNormalizer.normalize("anything"))).isEmpty();
  }
}
