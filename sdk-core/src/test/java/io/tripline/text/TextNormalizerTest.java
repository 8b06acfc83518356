package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Span;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextNormalizerTest {

  private static String view(String text) {
    return TextNormalizer.normalize(text).view();
  }

  // --- NFKC and case ---

  @Test
  void fullWidthLettersAndDigitsBecomePlain() {
    assertThat(view("ＣＡＳＨ ＯＮＬＹ １２３")).isEqualTo("cash only 123");
  }

  @Test
  void ligaturesAreExpanded() {
    assertThat(view("ﬁnal ﬂat ﬀ ﬃ")).isEqualTo("final flat ff ffi");
  }

  @Test
  void styledMathematicalLettersOutsideTheBmpBecomePlain() {
    // U+1D41C.. MATHEMATICAL BOLD SMALL C, A, S, H: surrogate pairs in UTF-16.
    assertThat(view("\uD835\uDC1C\uD835\uDC1A\uD835\uDC2C\uD835\uDC21")).isEqualTo("cash");
  }

  @Test
  void circledAndSuperscriptFormsBecomePlain() {
    assertThat(view("Ⓒⓐⓢⓗ x²")).isEqualTo("cash x2");
  }

  @Test
  void textIsCaseFolded() {
    // Version 2 also strips the diacritics (v1 kept "ünïcödé") and folds ß and final sigma.
    assertThat(view("HeLLo WORLD Ünïcödé ΣΟΦΙΑ ς Straße")).isEqualTo("hello world unicode σοφια σ strasse");
  }

  @Test
  void decomposedAndPrecomposedAccentsNormaliseAlikeWithoutTheAccent() {
    // v1 kept the accent ("café"); v2 strips it, whichever way it was encoded.
    assertThat(view("Cafe\u0301")).isEqualTo(view("Caf\u00e9")).isEqualTo("cafe");
    assertThat(view("A\u030Angstro\u0308m")).isEqualTo(view("\u00c5ngstr\u00f6m")).isEqualTo("angstrom");
    assertThat(view("İstanbul")).isEqualTo("istanbul");
  }

  @Test
  void versionIsTwo() {
    assertThat(TextNormalizer.VERSION).isEqualTo("2");
  }

  // --- version 2: diacritics, keycaps, styled letters and digits ---

  @Test
  void diacriticsAndZalgoMarksAreStripped() {
    assertThat(view("crème brûlée naïve")).isEqualTo("creme brulee naive");
    assertThat(view("c\u0337\u0321a\u0336s\u0338\u035Ah\u0334")).isEqualTo("cash");
  }

  @Test
  void marksOfOtherScriptsStay() {
    // Devanagari vowel signs and kana voicing marks are letters' parts, not decoration.
    assertThat(view("नमस्ते")).isEqualTo("नमस्ते");
    assertThat(view("が")).isEqualTo("が");
  }

  @Test
  void keycapsBecomeTheirDigit() {
    // 5 + VARIATION SELECTOR-16 + COMBINING ENCLOSING KEYCAP, with and without the selector.
    assertThat(view("5\uFE0F\u20E35\uFE0F\u20E35\u20E3 #\uFE0F\u20E3 \uD83D\uDD1F")).isEqualTo("555 # 10");
  }

  @Test
  void circledParenthesisedAndNegativeLettersAndDigitsBecomePlain() {
    assertThat(view("ⓒⓐⓢⓗ ①②③ ⑴⑵⑶ ⒜⒝⒞ ⒈⒉⒊ ❶❷❸ ➀➁➂ ➊➋➌ ⓫⓬ ⓵⓶ ⓿ ㉑")).isEqualTo(
        "cash 123 123 abc 123 123 123 123 1112 12 0 21");
    // Parenthesised, negative circled and negative squared capitals (emoji-styled, outside the BMP).
    assertThat(view("\uD83C\uDD12\uD83C\uDD10\uD83C\uDD22\uD83C\uDD17")).isEqualTo("cash");
    assertThat(view("\uD83C\uDD52\uD83C\uDD50\uD83C\uDD62\uD83C\uDD57")).isEqualTo("cash");
    assertThat(view("\uD83C\uDD72\uD83C\uDD70\uFE0F\uD83C\uDD82\uD83C\uDD77")).isEqualTo("cash");
    assertThat(view("\uD83C\uDD00\uD83C\uDD02\uD83C\uDD0B")).isEqualTo("010");
  }

  @Test
  void styledMathematicalDigitsAndFullWidthDigitsBecomePlain() {
    assertThat(view("\uD835\uDFD3\uD835\uDFD3\uD835\uDFD3 ５５５－０１２３")).isEqualTo("555 555-0123");
  }

  @Test
  void spanOfAKeycapCoversTheSelectorAndTheKeycap() {
    String text = "call 5\uFE0F\u20E35\uFE0F\u20E3 now";
    assertThat(spanOf(text, "55").of(text)).isEqualTo("5\uFE0F\u20E35\uFE0F\u20E3");
  }

  @Test
  void spanOfAStyledCharIsTheWholeStyledChar() {
    String text = "x \uD83C\uDD70\uFE0F\uD83C\uDD71 y";
    assertThat(spanOf(text, "ab").of(text)).isEqualTo("\uD83C\uDD70\uFE0F\uD83C\uDD71");
  }

  @Test
  void asciiFastPathEqualsTheGeneralPath() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c).append("x").append(c).append(c).append(' ');
    }
    assertSameBothWays(all.toString());
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      char[] chars = new char[random.nextInt(40)];
      for (int k = 0; k < chars.length; k++) {
        chars[k] = (char) random.nextInt(0x80);
      }
      assertSameBothWays(new String(chars));
    }
  }

  private static void assertSameBothWays(String text) {
    NormalizedText fast = TextNormalizer.normalize(text, true);
    NormalizedText slow = TextNormalizer.normalize(text, false);
    assertThat(fast.view()).as(escape(text)).isEqualTo(slow.view());
    for (int i = 0; i < fast.view().length(); i++) {
      assertThat(fast.originalSpan(i, i + 1)).isEqualTo(slow.originalSpan(i, i + 1));
    }
  }

  @Test
  void aMillionCombiningMarksOnOneLetterNormaliseInOnePass() {
    String text = "x a" + "\u0301\u0308".repeat(500_000) + " y";
    NormalizedText normalized = TextNormalizer.normalize(text);
    assertThat(normalized.view()).isEqualTo("x a y");
    assertThat(normalized.originalSpan(2, 3)).isEqualTo(new Span(2, text.length() - 2));
  }

  @Test
  void pathologicalRepeatsNormaliseCorrectly() {
    String text = "\u200B\uD800\u00A0\uFE0F".repeat(1_000_000) + "ok" + "\u0301".repeat(1_000_000);
    NormalizedText normalized = TextNormalizer.normalize(text);
    assertThat(normalized.view()).isEqualTo("ok");
    assertThat(normalized.originalSpan(0, 2).end()).isEqualTo(text.length());
  }

  // --- white space ---

  @Test
  void everyKindOfWhiteSpaceRunCollapsesToOneSpace() {
    String text = "a \t\n\r\u000B\f b\u00A0\u00A0c\u3000d\u2003\u2009e\u2028f\u2029g\u202F\u205Fh";
    assertThat(view(text)).isEqualTo("a b c d e f g h");
  }

  @Test
  void leadingAndTrailingWhiteSpaceIsTrimmed() {
    assertThat(view(" \t\n\u00A0 cash only \r\n\u3000 ")).isEqualTo("cash only");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n\r ", "\u200B\u200B", "\u00A0\u200D \uFEFF", "\uD800", "\uDC00\uD800"})
  void textWithNothingVisibleNormalisesToEmpty(String text) {
    assertThat(view(text)).isEmpty();
  }

  // --- invisible characters ---

  @Test
  void zeroWidthCharactersAreRemovedWithoutLeavingASpace() {
    // ZWSP, ZWNJ, ZWJ, word joiner, BOM / ZWNBSP.
    assertThat(view("c\u200Ba\u200Cs\u200Dh\u2060\uFEFF")).isEqualTo("cash");
  }

  @Test
  void bidiControlsAndSoftHyphensAreRemoved() {
    assertThat(view("\u202Ecash\u202C \u2066on\u00ADly\u2069 \u200Enow\u200F \u061Cx"))
        .isEqualTo("cash only now x");
  }

  @Test
  void variationSelectorsAndFillersAreRemoved() {
    // Default-ignorable code points that are not format chars: variation selectors (Mn),
    // the combining grapheme joiner and Hangul fillers (Lo) can split a word invisibly.
    assertThat(view("c\uFE0Fa\u034Fs\u3164h\uFFA0 \uDB40\uDD00only")).isEqualTo("cash only");
    assertThat(view("\u2764\uFE0F")).isEqualTo(view("\u2764"));
  }

  @Test
  void zeroWidthCharactersBetweenSpacesLeaveOneSpace() {
    assertThat(view("cash \u200B only")).isEqualTo("cash only");
    assertThat(view("cash\u200B \u200Bonly")).isEqualTo("cash only");
  }

  @Test
  void unpairedSurrogatesAreDroppedWithoutException() {
    assertThat(view("ca\uD800sh")).isEqualTo("cash");
    assertThat(view("cash\uDC00")).isEqualTo("cash");
    assertThat(view("\uD83Dcash")).isEqualTo("cash");
    // A low surrogate before a high one is not a pair: both go, the emoji after stays whole.
    assertThat(view("a\uDC00\uD800b\uD83C\uDF51")).isEqualTo("ab\uD83C\uDF51");
  }

  @Test
  void emojiArePassedThroughWhole() {
    assertThat(view("🍑 and 🍆")).isEqualTo("🍑 and 🍆");
  }

  @Test
  void originalIsKeptVerbatim() {
    String text = "  ＣＡＳＨ\u200B only ";
    assertThat(TextNormalizer.normalize(text).original()).isSameAs(text);
  }

  // --- mapping back to the original ---

  private static Span spanOf(String original, String needle) {
    NormalizedText normalized = TextNormalizer.normalize(original);
    int at = normalized.view().indexOf(needle);
    assertThat(at).as("'%s' in view '%s'", needle, normalized.view()).isNotNegative();
    return normalized.originalSpan(at, at + needle.length());
  }

  @Test
  void spanOfAPlainWordIsExact() {
    String text = "Pay with Cash only";
    Span span = spanOf(text, "cash");
    assertThat(span).isEqualTo(new Span(9, 13));
    assertThat(span.of(text)).isEqualTo("Cash");
  }

  @Test
  void spanCoversTheWhiteSpaceRunInsideAPhrase() {
    String text = "x  CASH \t\n\u00A0 Only!";
    assertThat(spanOf(text, "cash only").of(text)).isEqualTo("CASH \t\n\u00A0 Only");
  }

  @Test
  void spanAfterEmojiCountsSurrogatePairs() {
    String text = "🍑🍑 \uD83D\uDE00 Cash now";
    Span span = spanOf(text, "cash");
    assertThat(span.start()).isEqualTo(text.indexOf("Cash"));
    assertThat(span.of(text)).isEqualTo("Cash");
  }

  @Test
  void spanEndingInASurrogatePairIncludesBothHalves() {
    String text = "pay \uD835\uDC1C\uD835\uDC1A\uD835\uDC2C\uD835\uDC21!";
    assertThat(spanOf(text, "cash").of(text)).isEqualTo("\uD835\uDC1C\uD835\uDC1A\uD835\uDC2C\uD835\uDC21");
  }

  @Test
  void spanOfAnEmojiIsTheWholeEmoji() {
    String text = "ab🍑cd";
    assertThat(spanOf(text, "🍑").of(text)).isEqualTo("🍑");
  }

  @Test
  void spanCoversFullWidthAndLigatureSources() {
    String text = "a ＣＡＳＨ ﬁne";
    assertThat(spanOf(text, "cash").of(text)).isEqualTo("ＣＡＳＨ");
    assertThat(spanOf(text, "fine").of(text)).isEqualTo("ﬁne");
    // Half of a ligature still maps to the whole source char.
    assertThat(spanOf(text, "f").of(text)).isEqualTo("ﬁ");
  }

  @Test
  void spanIncludesInvisibleCharsInsideTheMatchButNotAround() {
    String text = "\u200Bca\u200B\u00ADsh\u200B";
    assertThat(spanOf(text, "cash").of(text)).isEqualTo("ca\u200B\u00ADsh");
  }

  @Test
  void spanOfAComposedCharCoversItsCombiningMarks() {
    String text = "cafe\u0301 ok";
    assertThat(spanOf(text, "cafe").of(text)).isEqualTo("cafe\u0301");
  }

  @Test
  void emptySpansMapToAPositionAndOutOfRangeIsRefused() {
    NormalizedText normalized = TextNormalizer.normalize("  ab ");
    assertThat(normalized.view()).isEqualTo("ab");
    assertThat(normalized.originalSpan(0, 0)).isEqualTo(new Span(2, 2));
    assertThat(normalized.originalSpan(2, 2)).isEqualTo(new Span(5, 5));
    assertThatThrownBy(() -> normalized.originalSpan(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> normalized.originalSpan(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void everySpanOfRandomTrickyTextNormalisesBackToWhatMatched() {
    String[] pool = {"a", "B", "z", "0", " ", "\t", "\n", "\u00A0", "\u3000", "\u200B", "\u200D", "\u00AD",
        "\u202E", "\uFE0F", "Ｘ", "ﬁ", "🍑", "\uD835\uDC1C", "e\u0301", "\u00e9", "\u0301", "\uD800", "\uDC00",
        "İ", "ß", "!", "-"};
    Random random = new Random(42);
    for (int round = 0; round < 150; round++) {
      StringBuilder sb = new StringBuilder();
      int parts = random.nextInt(20);
      for (int p = 0; p < parts; p++) {
        sb.append(pool[random.nextInt(pool.length)]);
      }
      String text = sb.toString();
      NormalizedText normalized = TextNormalizer.normalize(text);
      String view = normalized.view();
      assertThat(view).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
      for (int i = 0; i < view.length(); i++) {
        for (int j = i + 1; j <= view.length(); j++) {
          if (view.charAt(i) == ' ' || view.charAt(j - 1) == ' '
              || Character.isLowSurrogate(view.charAt(i)) || Character.isHighSurrogate(view.charAt(j - 1))) {
            continue;
          }
          Span span = normalized.originalSpan(i, j);
          assertThat(span.end()).isLessThanOrEqualTo(text.length());
          assertThat(view(span.of(text)))
              .as("view [%d,%d) of %s", i, j, escape(text))
              .contains(view.substring(i, j));
        }
      }
    }
  }

  @Test
  void tenMegabytesNormaliseCorrectly() {
    String unit = "Ｐay\u200B  CASH\tonly ";
    int repeats = 10_000_000 / unit.length();
    String text = unit.repeat(repeats);
    NormalizedText normalized = TextNormalizer.normalize(text);
    String expected = "pay cash only ".repeat(repeats);
    assertThat(normalized.view()).isEqualTo(expected.substring(0, expected.length() - 1));
    int last = normalized.view().length();
    assertThat(normalized.originalSpan(last - 4, last).of(text)).isEqualTo("only");
    assertThat(normalized.originalSpan(last - 4, last).end()).isEqualTo(text.length() - 1);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c < 0x7F && c >= 0x20 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
    return sb.toString();
  }
}
