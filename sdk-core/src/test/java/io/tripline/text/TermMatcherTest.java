package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void overlappingTermsAreAllReportedWithTheirValuesByStartThenLongerFirst() {
    TermMatcher<String> m = matcher("cash", "a", "cash only", "b", "only", "c");
    List<TermMatcher.Hit<String>> hits = m.find(TextNormalizer.normalize("cash only"));
    assertThat(hits).extracting(TermMatcher.Hit::value).containsExactly("b", "a", "c");
    assertThat(hits).extracting(TermMatcher.Hit::term).containsExactly("cash only", "cash", "only");
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

  // --- boundary cases of the automaton ---

  private static TermMatcher<String> normalized(String... termsAndValues) {
    Map<String, String> terms = new LinkedHashMap<>();
    for (int i = 0; i < termsAndValues.length; i += 2) {
      terms.put(termsAndValues[i], termsAndValues[i + 1]);
    }
    return TermMatcher.ofNormalized(terms);
  }

  private static List<String> spans(List<TermMatcher.Hit<String>> hits) {
    return hits.stream().map(h -> h.start() + ".." + h.end() + ":" + h.term()).toList();
  }

  @Test
  void termsAtTheStartAndEndOfTheTextAndTheWholeText() {
    TermMatcher<String> m = normalized("ab", "v", "cd", "w", "ab cd", "x");
    assertThat(spans(m.find("ab cd"))).containsExactly("0..5:ab cd", "0..2:ab", "3..5:cd");
    assertThat(spans(m.find("ab"))).containsExactly("0..2:ab");
  }

  @Test
  void aTermInsideALongerWordDoesNotMatchOnEitherSide() {
    TermMatcher<String> m = normalized("cash", "v", "cash only", "w");
    assertThat(m.find("xcash only")).isEmpty();
    assertThat(spans(m.find("cash onlyx cash"))).containsExactly("0..4:cash", "11..15:cash");
    assertThat(m.find("cash\u00E9")).isEmpty();
    // A supplementary letter (a surrogate pair) is a word char too.
    assertThat(m.find("\uD840\uDC00cash")).isEmpty();
    assertThat(m.find("cash\uD840\uDC00")).isEmpty();
  }

  @Test
  void emojiTermsMatchInsideWordsAndBetweenThem() {
    TermMatcher<String> m = normalized("🍭🍬", "candy", "🌽", "corn", "🍭", "lolly");
    assertThat(spans(m.find("buy🍭🍬now🌽🌽")))
        .containsExactly("3..7:🍭🍬", "3..5:🍭", "10..12:🌽", "12..14:🌽");
  }

  @Test
  void aPhraseWithAnEmojiNeedsABoundaryOnlyAtItsWordEnds() {
    TermMatcher<String> m = normalized("🍑 fresh", "v", "fresh🍑", "w");
    assertThat(spans(m.find("x🍑 fresh"))).containsExactly("1..9:🍑 fresh");
    assertThat(m.find("🍑 freshly")).isEmpty();
    assertThat(m.find("refresh🍑")).isEmpty();
    assertThat(spans(m.find("a fresh🍑b"))).containsExactly("2..9:fresh🍑");
  }

  @Test
  void nestedTermsAreAllReportedLongerFirst() {
    TermMatcher<String> m = normalized("a b c", "1", "a b", "2", "b", "3", "b c", "4", "c", "5", "a", "6");
    assertThat(spans(m.find("a b c")))
        .containsExactly("0..5:a b c", "0..3:a b", "0..1:a", "2..5:b c", "2..3:b", "4..5:c");
  }

  @Test
  void overlappingSymbolTermsAreAllFound() {
    TermMatcher<String> m = normalized("$$", "v", "$$$", "w");
    assertThat(spans(m.find("$$$$"))).containsExactly("0..3:$$$", "0..2:$$", "1..4:$$$", "1..3:$$", "2..4:$$");
  }

  @Test
  void duplicateNormalisedTermsCountOnceAtTheFirstPositionWithTheLastValue() {
    Map<String, String> terms = new LinkedHashMap<>();
    terms.put("Cash", "first");
    terms.put("only", "other");
    terms.put("CASH", "last");
    TermMatcher<String> m = TermMatcher.of(terms);
    assertThat(m.size()).isEqualTo(2);
    assertThat(m.values()).containsExactly("last", "other");
    assertThat(m.find(TextNormalizer.normalize("cash"))).extracting(TermMatcher.Hit::value).containsExactly("last");
  }

  @Test
  void anEmptyTextHasNoHits() {
    assertThat(normalized("a", "v", "🍭", "w").find("")).isEmpty();
    assertThat(TermMatcher.<String>ofNormalized(Map.of()).find("")).isEmpty();
  }

  @Test
  void ofNormalizedTakesKeysAsTheyAreAndIgnoresEmptyOnes() {
    TermMatcher<String> m = normalized("Cash", "v", "", "w");
    assertThat(m.size()).isEqualTo(1);
    assertThat(m.find("cash")).isEmpty();
    assertThat(spans(m.find("Cash"))).containsExactly("0..4:Cash");
  }

  @Test
  void ofNormalizedRejectsUnpairedSurrogates() {
    assertThatThrownBy(() -> normalized("a\uD83C", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> normalized("\uDF6Da", "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findTakesAnyCharSequence() {
    assertThat(spans(normalized("cash", "v").find(new StringBuilder("pay cash")))).containsExactly("4..8:cash");
  }

  @Test
  void unpairedSurrogatesInTheTextAreSymbols() {
    TermMatcher<String> m = normalized("cash", "v", "🍭", "w");
    assertThat(spans(m.find("\uD83Ccash\uDF6D"))).containsExactly("1..5:cash");
    assertThat(spans(m.find("\uD83C🍭"))).containsExactly("1..3:🍭");
  }

  @Test
  void termsOutsideTheBmpAndOtherScripts() {
    TermMatcher<String> m = normalized("\uD840\uDC00\uD840\uDC01", "cjk", "привет", "ru", "مرحبا", "ar");
    assertThat(spans(m.find("x \uD840\uDC00\uD840\uDC01 привет, مرحبا")))
        .containsExactly("2..6:\uD840\uDC00\uD840\uDC01", "7..13:привет", "15..20:مرحبا");
    assertThat(m.find("приветик")).isEmpty();
  }
}
