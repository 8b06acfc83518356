package io.tripline.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import org.jspecify.annotations.Nullable;

/**
 * The fixed tables of normalisation version {@value TextNormalizer#VERSION}, as listed in
 * {@code docs/text-normalisation.md}. A change to any of them is a new version.
 */
final class NormalizerTables {

  private NormalizerTables() {}

  private static final String[] NUMBERS = new String[21];
  private static final String[] LETTERS = new String[26];

  static {
    for (int n = 0; n < NUMBERS.length; n++) {
      NUMBERS[n] = Integer.toString(n);
    }
    for (int l = 0; l < LETTERS.length; l++) {
      LETTERS[l] = String.valueOf((char) ('a' + l));
    }
  }

  /**
   * The plain letters or digits of a styled character that NFKC leaves styled or wraps in
   * punctuation (⑴ becomes "(1)" under NFKC, ❶ stays), or null for any other character.
   */
  static @Nullable String plainForm(int cp) {
    if (cp < 0x2474) {
      return null;
    }
    if (cp <= 0x2487) {
      return NUMBERS[cp - 0x2474 + 1]; // ⑴..⒇ parenthesized 1..20
    }
    if (cp <= 0x249B) {
      return NUMBERS[cp - 0x2488 + 1]; // ⒈..⒛ number full stop 1..20
    }
    if (cp <= 0x24B5) {
      return LETTERS[cp - 0x249C]; // ⒜..⒵ parenthesized small a..z
    }
    if (cp >= 0x24EB && cp <= 0x24F4) {
      return NUMBERS[cp - 0x24EB + 11]; // ⓫..⓴ negative circled 11..20
    }
    if (cp >= 0x24F5 && cp <= 0x24FE) {
      return NUMBERS[cp - 0x24F5 + 1]; // ⓵..⓾ double circled 1..10
    }
    if (cp == 0x24FF) {
      return NUMBERS[0]; // ⓿ negative circled zero
    }
    if (cp >= 0x2776 && cp <= 0x2793) {
      return NUMBERS[(cp - 0x2776) % 10 + 1]; // ❶..❿, ➀..➉, ➊..➓ dingbat circled 1..10
    }
    if (cp < 0x1F100) {
      return null;
    }
    if (cp == 0x1F100) {
      return NUMBERS[0]; // 🄀 digit zero full stop
    }
    if (cp <= 0x1F10A) {
      return NUMBERS[cp - 0x1F101]; // 🄁..🄊 digit comma 0..9
    }
    if (cp <= 0x1F10C) {
      return NUMBERS[0]; // 🄋 🄌 dingbat circled sans-serif zero, negative
    }
    if (cp >= 0x1F110 && cp <= 0x1F129) {
      return LETTERS[cp - 0x1F110]; // 🄐..🄩 parenthesized A..Z
    }
    if (cp == 0x1F12A) {
      return LETTERS['s' - 'a']; // 🄪 tortoise shell bracketed S
    }
    if (cp >= 0x1F150 && cp <= 0x1F169) {
      return LETTERS[cp - 0x1F150]; // 🅐..🅩 negative circled A..Z
    }
    if (cp >= 0x1F170 && cp <= 0x1F189) {
      return LETTERS[cp - 0x1F170]; // 🅰..🆉 negative squared A..Z
    }
    if (cp == 0x1F51F) {
      return NUMBERS[10]; // 🔟 keycap ten
    }
    return null;
  }

  /**
   * Combining marks removed by the canonical view: the generic diacritic blocks (Combining
   * Diacritical Marks and its Extended and Supplement blocks, Combining Diacritical Marks for
   * Symbols, Combining Half Marks) and every enclosing mark (keycap, enclosing circle). Marks that
   * belong to one script (Devanagari vowel signs, Hebrew points, kana voicing marks) stay.
   */
  static boolean isStrippedMark(int cp) {
    if (cp < 0x0300) {
      return false;
    }
    return cp <= 0x036F
        || (cp >= 0x1AB0 && cp <= 0x1AFF)
        || (cp >= 0x1DC0 && cp <= 0x1DFF)
        || (cp >= 0x20D0 && cp <= 0x20FF)
        || (cp >= 0xFE20 && cp <= 0xFE2F)
        || UCharacter.getType(cp) == UCharacterCategory.ENCLOSING_MARK;
  }

  /**
   * The letter a leetspeak character stands for in the confusables view, or 0. Digits 2 and 6 are
   * left alone: they stand for words ("2nite") more often than for letters.
   */
  static char leetLetter(int cp) {
    return switch (cp) {
      case '0' -> 'o';
      case '1', '!' -> 'l';
      case '3', '€' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      case '8' -> 'b';
      case '9' -> 'g';
      default -> 0;
    };
  }

  /** Whether {@code cp} is a leetspeak symbol (not a digit): mapped only inside a word. */
  static boolean isLeetSymbol(int cp) {
    return cp == '!' || cp == '€' || cp == '@' || cp == '$';
  }

  /**
   * Spelled-out digits recognised in digit-dense stretches of the digits view, English then
   * Spanish; the digit of {@code NUMBER_WORDS[k]} is {@code NUMBER_DIGITS[k]}.
   */
  static final String[] NUMBER_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
    "oh", "o", "i", "l",
  };

  static final char[] NUMBER_DIGITS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
    '0', '0', '1', '1',
  };

  /**
   * Entries of {@link #NUMBER_WORDS} from this index on are weak: "oh" and the look-alike letters
   * o, i, l are also ordinary words, so a stretch does not begin or end with a word made only of
   * them when a space separates it from the rest.
   */
  static final int FIRST_WEAK_WORD = 20;

  /** {@code UCharacter.isLetterOrDigit}, without the property lookup for ASCII. */
  static boolean isLetterOrDigit(int cp) {
    if (cp < 0x80) {
      int lower = cp | 0x20;
      return (lower >= 'a' && lower <= 'z') || (cp >= '0' && cp <= '9');
    }
    return UCharacter.isLetterOrDigit(cp);
  }

  /** {@code UCharacter.isLetter}, without the property lookup for ASCII. */
  static boolean isLetter(int cp) {
    if (cp < 0x80) {
      int lower = cp | 0x20;
      return lower >= 'a' && lower <= 'z';
    }
    return UCharacter.isLetter(cp);
  }

  /** {@code UCharacter.isDigit}, without the property lookup for ASCII. */
  static boolean isDigit(int cp) {
    return cp < 0x80 ? cp >= '0' && cp <= '9' : UCharacter.isDigit(cp);
  }

  /** For each letter a..z, the indices of the {@link #NUMBER_WORDS} that start with it. */
  static final int[][] NUMBER_WORDS_BY_INITIAL = new int[26][];

  static {
    for (int letter = 0; letter < 26; letter++) {
      int count = 0;
      int[] words = new int[NUMBER_WORDS.length];
      for (int w = 0; w < NUMBER_WORDS.length; w++) {
        if (NUMBER_WORDS[w].charAt(0) == 'a' + letter) {
          words[count++] = w;
        }
      }
      NUMBER_WORDS_BY_INITIAL[letter] = java.util.Arrays.copyOf(words, count);
    }
  }

  /** Chars that may separate the digit groups of one digit-dense stretch (at most three of them). */
  static boolean isDigitGroupSeparator(char c) {
    return switch (c) {
      case ' ', '-', '.', '(', ')', '[', ']', '/', '_', '*', ',', '+', '~', '·', '•' -> true;
      default -> false;
    };
  }

  /** Chars that may separate the single letters or digits of a spaced-out word. */
  static boolean isSpacingSeparator(char c) {
    return switch (c) {
      case ' ', '.', '-', '_', '*', '/', ',', '+', '~', '·', '•', '|' -> true;
      default -> false;
    };
  }
}
