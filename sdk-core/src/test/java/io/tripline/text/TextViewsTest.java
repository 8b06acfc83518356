package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Span;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextViewsTest {

  private static String confusables(String text) {
    return TextViews.of(text).confusables().view();
  }

  private static String squeezed(String text) {
    return TextViews.of(text).squeezed().view();
  }

  private static String digits(String text) {
    return TextViews.of(text).digits().view();
  }

  /** The original text behind the first occurrence of {@code needle} in a view. */
  private static String originalOf(NormalizedText view, String needle) {
    int at = view.view().indexOf(needle);
    assertThat(at).as("'%s' in view '%s'", needle, view.view()).isNotNegative();
    return view.originalSpan(at, at + needle.length()).of(view.original());
  }

  // --- the whole ---

  @Test
  void viewsShareTheOriginalAndCanonicalIsTheNormalizer() {
    String text = "  Ｃash\u200B  APP ";
    TextViews views = TextViews.of(text);
    assertThat(views.original()).isSameAs(text);
    assertThat(views.canonical().view()).isEqualTo(TextNormalizer.normalize(text).view()).isEqualTo("cash app");
    assertThat(views.confusables().original()).isSameAs(text);
    assertThat(views.squeezed().original()).isSameAs(text);
    assertThat(views.digits().original()).isSameAs(text);
  }

  @Test
  void viewsAreComputedOnce() {
    TextViews views = TextViews.of("p4yp4l c a s h 555 one two three four");
    assertThat(views.confusables()).isSameAs(views.confusables());
    assertThat(views.squeezed()).isSameAs(views.squeezed());
    assertThat(views.digits()).isSameAs(views.digits());
  }

  @Test
  void viewsWithNothingToChangeAreTheCanonicalView() {
    TextViews views = TextViews.of("Sweet girls, new in town, call me at one!");
    assertThat(views.squeezed()).isSameAs(views.canonical());
    assertThat(views.digits()).isSameAs(views.canonical());
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> TextViews.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theWorkedExampleOfTheSpecHolds() {
    TextViews views = TextViews.of("Ｃall ５\uFE0F\u20E3five5-01two3 for ⓒ a s h 4pp or раураl");
    assertThat(views.canonical().view()).isEqualTo("call 5five5-01two3 for c a s h 4pp or раураl");
    assertThat(views.confusables().view()).isEqualTo("call sflves-oltwoe for c a s h app or paypal");
    assertThat(views.squeezed().view()).isEqualTo("call 5five5-01two3 for cash 4pp or раураl");
    assertThat(views.digits().view()).isEqualTo("call 555-0123 for c a s h 4pp or раураl");
  }

  // --- confusables ---

  @Test
  void lookAlikeLettersOfOtherScriptsReadAsLatin() {
    assertThat(confusables("раураl")).isEqualTo("paypal"); // Cyrillic р а у а р а, Latin l
    assertThat(confusables("РАУРАL")).isEqualTo(confusables("PAYPAL")).isEqualTo("paypal");
    assertThat(confusables("ΡΑΡΑ")).isEqualTo("papa"); // Greek capitals rho and alpha
    assertThat(confusables("саsh арр")).isEqualTo("cash app");
  }

  @Test
  void capitalIAndSmallLAreOneLetter() {
    // Canonical lower-cases before the skeleton, so "PAYPAI" (capital i for l) must fold too.
    assertThat(confusables("PAYPAI")).isEqualTo(confusables("paypal")).isEqualTo("paypal");
    assertThat(confusables("girl")).isEqualTo("glrl");
  }

  @Test
  void theSkeletonSplitsMIntoRn() {
    assertThat(confusables("rnoney")).isEqualTo(confusables("money")).isEqualTo("rnoney");
  }

  @ParameterizedTest
  @CsvSource({
      "p4yp4l, paypal",
      "h0t, hot",
      "h1gh, hlgh",
      "s3xy, sexy",
      "5exy, sexy",
      "7ight, tlght",
      "b8by, bbby",
      "9irl, glrl",
      "ca$h, cash",
      "p@ypal, paypal",
      "p@$$word, password",
      "sh!t, shlt",
      "fr€sh, fresh",
  })
  void leetspeakInsideWordsReadsAsLetters(String text, String expected) {
    assertThat(confusables(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "'call 420 now', 'call 420 now'",
      "'cash!', 'cash!'",
      "'$200 cash', '$200 cash'",
      "'@cashapp', '@cashapp'",
      "'!!!wow!!!', '!!!wow!!!'",
      "'2nite 6pack', '2nlte 6pack'",
  })
  void numbersAndSymbolsOutsideWordsStay(String text, String expected) {
    assertThat(confusables(text)).isEqualTo(expected);
  }

  @Test
  void confusablesStripDiacriticsTheSkeletonBrings() {
    assertThat(confusables("Øslo")).isEqualTo("oslo");
  }

  @Test
  void spansOfConfusablesCoverTheOriginalLookAlikes() {
    TextViews views = TextViews.of("pay to раураl now");
    assertThat(originalOf(views.confusables(), "paypal")).isEqualTo("раураl");
    TextViews leet = TextViews.of("x P@YP4L x");
    assertThat(originalOf(leet.confusables(), "paypal")).isEqualTo("P@YP4L");
    TextViews rn = TextViews.of("x money x");
    assertThat(originalOf(rn.confusables(), "r")).isEqualTo("m");
    assertThat(originalOf(rn.confusables(), "rnoney")).isEqualTo("money");
  }

  // --- squeezed ---

  @ParameterizedTest
  @CsvSource({
      "'c a s h a p p', 'cashapp'",
      "'c.a.s.h', 'cash'",
      "'c-a-s-h', 'cash'",
      "'c_a_s_h', 'cash'",
      "'c . a . s . h', 'cash'",
      "'c - a - s - h', 'cash'",
      "'pay with c a s h only', 'pay with cash only'",
      "'C\u200B A\u00A0 S  H', 'cash'",
      "'5 5 5 0 1 2 3', '5550123'",
      "'c.a.s.h.', 'cash.'",
  })
  void spacedOutWordsAreJoined(String text, String expected) {
    assertThat(squeezed(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "i.e.", "cash app", "c  -  a", "c--a--s--h", "ca s h", "x: a, b"})
  void otherTextStaysAsCanonical(String text) {
    assertThat(squeezed(text)).isEqualTo(TextNormalizer.normalize(text).view());
  }

  @Test
  void spanOfASqueezedWordCoversTheSpacedOutLetters() {
    TextViews views = TextViews.of("pay by C . A . S . H now");
    assertThat(originalOf(views.squeezed(), "cash")).isEqualTo("C . A . S . H");
    assertThat(originalOf(views.squeezed(), "now")).isEqualTo("now");
  }

  // --- digits ---

  @Test
  void spelledOutAndMixedDigitsBecomeDigits() {
    assertThat(digits("five5five-01two3")).isEqualTo("555-0123");
    assertThat(digits("call (202) five five five oh one two three")).isEqualTo("call (202) 5 5 5 0 1 2 3");
    assertThat(digits("TWO zero TWO.FIVE.five.five.ZERO.one.FOUR.three")).isEqualTo("2 0 2.5.5.5.0.1.4.3");
    assertThat(digits("fivefivefive zeroonetwothree")).isEqualTo("555 0123");
  }

  @Test
  void spanishNumberWordsBecomeDigits() {
    assertThat(digits("llama al dos cero dos cinco cinco cinco cero uno dos tres"))
        .isEqualTo("llama al 2 0 2 5 5 5 0 1 2 3");
    assertThat(digits("seis siete ocho nueve cuatro tres 5")).isEqualTo("6 7 8 9 4 3 5");
  }

  @Test
  void lookAlikeDigitsBecomeDigitsInsideANumber() {
    assertThat(digits("202-555-O1O0")).isEqualTo("202-555-0100");
    assertThat(digits("2O2 555 0l43")).isEqualTo("202 555 0143");
    assertThat(digits("(2o2) 555-Ol4E")).isEqualTo("(2o2) 555-Ol4E".toLowerCase());
  }

  @Test
  void keycapsFullWidthAndStyledDigitsBecomeDigits() {
    assertThat(digits("5\uFE0F\u20E35\uFE0F\u20E35\uFE0F\u20E3-0\uFE0F\u20E31\uFE0F\u20E32\uFE0F\u20E33\uFE0F\u20E3"))
        .isEqualTo("555-0123");
    assertThat(digits("５５５－０１２３")).isEqualTo("555-0123");
    assertThat(digits("❺❺❺-⓿①②③")).isEqualTo("555-0123");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "for a little extra",
      "call me at one",
      "one night only, two girls",
      "I love you, oh so much",
      "lol oil ill lol lol lol lol",
      "o i l o i l o i l o",
      "seven days a week, nine to five",
      "5 foot 4, 36-24-36, $200",
      "open 24/7 from 10:30, zip 90210",
  })
  void ordinaryTextStaysText(String text) {
    assertThat(digits(text)).isEqualTo(TextNormalizer.normalize(text).view());
  }

  @Test
  void weakWordsAtTheEdgeOfANumberStayWords() {
    assertThat(digits("call 202 555 0143 i am here")).isEqualTo("call 202 555 0143 i am here");
    assertThat(digits("oh call 202 555 one four three oh")).isEqualTo("oh call 202 555 1 4 3 oh");
    assertThat(digits("202-555-O1O0-oh")).isEqualTo("202-555-0100-0");
  }

  @Test
  void theDigitsViewNeverAppliesConfusablesOrLeetspeak() {
    assertThat(digits("раураl h0t p4yp4l ca$h 555 0123 one two")).isEqualTo("раураl h0t p4yp4l ca$h 555 0123 1 2");
  }

  @Test
  void spanOfADigitsViewNumberCoversExactlyTheWordsWritten() {
    String text = "Call five5five-01two3 now";
    NormalizedText digits = TextViews.of(text).digits();
    assertThat(originalOf(digits, "555-0123")).isEqualTo("five5five-01two3");
    assertThat(originalOf(digits, "5")).isEqualTo("five");
    assertThat(originalOf(digits, "0123")).isEqualTo("01two3");
    assertThat(originalOf(digits, "2")).isEqualTo("two");
    assertThat(originalOf(digits, "now")).isEqualTo("now");
  }

  @Test
  void spanOfObfuscatedWordsIncludesTheirInvisibleCharsAndMarks() {
    String text = "x FI\u200BVE5fi\u0301ve-01two3 y";
    NormalizedText digits = TextViews.of(text).digits();
    assertThat(digits.view()).isEqualTo("x 555-0123 y");
    assertThat(originalOf(digits, "555-0123")).isEqualTo("FI\u200BVE5fi\u0301ve-01two3");
  }

  // --- robustness ---

  @Test
  void invalidUtf16IsDroppedInEveryView() {
    TextViews views = TextViews.of("\uDC00c\uD800 a s h\uD800 five\uDBFF5five-01two3\uDC00");
    assertThat(views.canonical().view()).isEqualTo("c a s h five5five-01two3");
    assertThat(views.squeezed().view()).isEqualTo("cash five5five-01two3");
    assertThat(views.digits().view()).isEqualTo("c a s h 555-0123");
    assertThat(views.confusables().view()).isEqualTo("c a s h flvesflve-oltwoe");
    for (NormalizedText view : List.of(views.canonical(), views.confusables(), views.squeezed(), views.digits())) {
      assertThat(view.view().chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }
  }

  @Test
  void everySpanOfEveryViewMapsToWholeCodePointsOfTheOriginal() {
    String[] pool = {"a", "C", "o", "l", "i", "m", "5", "0", "1", " ", ".", "-", "$", "@", "!", "five", "oh",
        "two", "\u200B", "\u00A0", "é", "e\u0301", "\u0301", "р", "а", "🍑", "\uD835\uDC1C", "5\uFE0F\u20E3", "Ｏ",
        "\uD800", "\uDC00", "ß", "İ", "⑴"};
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      StringBuilder sb = new StringBuilder();
      int parts = random.nextInt(30);
      for (int p = 0; p < parts; p++) {
        sb.append(pool[random.nextInt(pool.length)]);
      }
      String text = sb.toString();
      TextViews views = TextViews.of(text);
      for (NormalizedText view : List.of(views.canonical(), views.confusables(), views.squeezed(), views.digits())) {
        int length = view.view().length();
        int previousStart = 0;
        for (int i = 0; i < length; i++) {
          Span span = view.originalSpan(i, i + 1);
          assertThat(span.start()).isGreaterThanOrEqualTo(previousStart);
          previousStart = span.start();
          assertThat(span.end()).isGreaterThan(span.start()).isLessThanOrEqualTo(text.length());
          assertThat(span.start() > 0 && Character.isLowSurrogate(text.charAt(span.start()))
              && Character.isHighSurrogate(text.charAt(span.start() - 1))).as("starts inside a pair").isFalse();
          assertThat(span.end() < text.length() && Character.isLowSurrogate(text.charAt(span.end()))
              && Character.isHighSurrogate(text.charAt(span.end() - 1))).as("ends inside a pair").isFalse();
          assertThat(span.end() < text.length() && TextNormalizer.isCombiningMark(text.codePointAt(span.end()))
              && !TextNormalizer.isSeparator(text.codePointBefore(span.end())))
              .as("span [%d,%d) of %s ends before a combining mark", span.start(), span.end(), text).isFalse();
        }
        if (length > 0) {
          assertThat(view.originalSpan(0, length).start()).isEqualTo(view.originalSpan(0, 1).start());
        }
      }
    }
  }

  @Test
  void tenMegabytesOfObfuscatedTextGiveEveryView() {
    String unit = "Ｐay c a s h раураl five5five-01two3\u200B ";
    int repeats = 10_000_000 / unit.length();
    TextViews views = TextViews.of(unit.repeat(repeats));
    assertThat(views.squeezed().view()).startsWith("pay cash раураl five5five-01two3 pay cash");
    assertThat(views.confusables().view()).startsWith("pay c a s h paypal flvesflve-oltwoe pay");
    assertThat(views.digits().view()).startsWith("pay c a s h раураl 555-0123 pay");
    assertThat(views.digits().view()).endsWith("раураl 555-0123");
    int length = views.digits().view().length();
    assertThat(views.digits().originalSpan(length - 8, length).of(views.original())).isEqualTo("five5five-01two3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"o ", "one ", "five5", "c.", "1 ", "oh-", "l", "$a", "m", "o1"})
  void pathologicalRepeatsAreHandledInOnePass(String unit) {
    String text = unit.repeat(2_000_000);
    TextViews views = TextViews.of(text);
    for (Function<TextViews, NormalizedText> view : List.<Function<TextViews, NormalizedText>>of(
        TextViews::confusables, TextViews::squeezed, TextViews::digits)) {
      NormalizedText result = view.apply(views);
      int length = result.view().length();
      assertThat(length).isPositive();
      assertThat(result.originalSpan(0, length).end()).isLessThanOrEqualTo(text.length());
    }
  }

  @Test
  void pathologicalRepeatsGiveTheExpectedViews() {
    assertThat(digits("one ".repeat(1_000_000)).length()).isEqualTo("1 ".repeat(1_000_000).length() - 1);
    assertThat(digits("o".repeat(1_000_000))).isEqualTo("o".repeat(1_000_000));
    assertThat(digits("five5".repeat(1_000_000))).isEqualTo("55".repeat(1_000_000));
    assertThat(squeezed("o ".repeat(1_000_000))).isEqualTo("o".repeat(1_000_000));
    assertThat(confusables("$a".repeat(1_000_000))).isEqualTo("$" + "as".repeat(999_999) + "a");
  }
}
