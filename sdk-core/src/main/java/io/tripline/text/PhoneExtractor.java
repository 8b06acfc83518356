package io.tripline.text;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.tripline.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds phone numbers in a text, after seeing through obfuscation: it searches the
 * {@linkplain TextViews#digits() digits view}, so {@code (202) five5five-01two3} and full-width or
 * keycap digits are found, and reports each number as an {@link Entity} of type
 * {@link Entity#TYPE_PHONE} whose value is the E.164 form ({@code +12025550123}) and whose span
 * covers what the uploader wrote.
 *
 * <p>Numbers are found with libphonenumber at leniency {@code POSSIBLE}, then kept only when
 * plausible: a full-length number (not one that is only possible as a local number without its
 * area code), valid for its region or in the fictional North American range 555-0100..555-0199,
 * and not preceded by a currency symbol. Numbers written in national form are read in the default
 * region; numbers written with {@code +} in any region.
 *
 * <p>Immutable and thread-safe.
 */
public final class PhoneExtractor {

  /** Region code that reads only numbers written in international form. */
  public static final String UNKNOWN_REGION = "ZZ";

  // A mask over a wallet address becomes this char: not part of any phone number pattern, so the
  // digits on either side of it never join into one candidate.
  private static final char MASK = ';';

  /**
   * The longest piece of a stretch of digits and punctuation handed to libphonenumber at once;
   * longer stretches are cut at spaces. A formatted number is at most about 25 chars.
   */
  static final int MAX_PIECE = 48;

  /** The most pieces handed to libphonenumber for one text, which bounds the time a text takes. */
  static final int MAX_LOOKUPS = 256;

  /** Chars of context after a stretch of digits handed to libphonenumber. */
  private static final int CONTEXT = 4;

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final String region;

  private PhoneExtractor(String region) {
    this.region = region;
  }

  /**
   * An extractor that reads numbers in national form as numbers of {@code region}.
   *
   * @param region an ISO 3166-1 alpha-2 region code known to libphonenumber ("US", "GB"), or
   *     {@value #UNKNOWN_REGION} to read only numbers in international form
   * @throws NullPointerException if region is null
   * @throws IllegalArgumentException if the region is not known
   */
  public static PhoneExtractor forRegion(String region) {
    Objects.requireNonNull(region, "region");
    String code = region.toUpperCase(Locale.ROOT);
    if (!code.equals(UNKNOWN_REGION) && !PHONES.getSupportedRegions().contains(code)) {
      throw new IllegalArgumentException("unknown region '" + region + "': expected an ISO 3166-1 alpha-2 code"
          + " such as US or GB, or " + UNKNOWN_REGION);
    }
    return new PhoneExtractor(code);
  }

  /** The region numbers in national form are read in. */
  public String region() {
    return region;
  }

  /**
   * The phone numbers in {@code text}, in order.
   *
   * @throws NullPointerException if text is null
   */
  public List<Entity> find(String text) {
    return find(TextViews.of(text), List.of());
  }

  /**
   * The phone numbers in the text of {@code views}, in order, except those overlapping a span of
   * {@code masked}: spans of the original text that hold other entities, such as wallet
   * addresses, whose digits must not be read as a phone number.
   *
   * @throws NullPointerException if views or masked is null, or masked holds null
   */
  public List<Entity> find(TextViews views, List<Span> masked) {
    Objects.requireNonNull(views, "views");
    Span[] masks = masked.toArray(Span[]::new);
    for (Span mask : masks) {
      Objects.requireNonNull(mask, "masked span");
    }
    NormalizedText digits = views.digits();
    String view = digits.view();
    if (countDigits(view) < NormalizerDigits.MIN_DIGITS) {
      return List.of();
    }
    if (masks.length > 0) {
      Arrays.sort(masks, (a, b) -> Integer.compare(a.start(), b.start()));
      view = mask(digits, masks);
    }
    List<Entity> phones = new ArrayList<>();
    // libphonenumber only sees the stretches of digits and phone punctuation that hold enough
    // digits for a number, in pieces of at most MAX_PIECE chars and at most MAX_LOOKUPS of them:
    // its matcher is slow on prose and very slow on long runs of digits ("1 1 1 1 ...").
    int n = view.length();
    int k = 0;
    int reported = 0;
    int lookups = 0;
    while (k < n && lookups < MAX_LOOKUPS) {
      if (!isPhoneChar(view.charAt(k))) {
        k++;
        continue;
      }
      int start = k;
      int digitCount = 0;
      while (k < n && isPhoneChar(view.charAt(k))) {
        if (Character.isDigit(view.charAt(k))) {
          digitCount++;
        }
        k++;
      }
      if (view.charAt(start) == '+' && start > 0 && Character.isLetterOrDigit(view.charAt(start - 1))) {
        start++; // "zip+4 90210-1234": a plus glued to a word is not an international prefix
      }
      if (digitCount < NormalizerDigits.MIN_DIGITS) {
        continue;
      }
      int piece = start;
      while (piece < k && lookups < MAX_LOOKUPS) {
        int end = pieceEnd(view, piece, k);
        if (countDigits(view, piece, end) >= NormalizerDigits.MIN_DIGITS) {
          if (end == k) {
            // A little context after it lets libphonenumber see that "2024-05-01 10" is followed
            // by ":30", a time stamp and not a number. Not letters: "x" would be an extension.
            while (end < n && end < k + CONTEXT && !Character.isLetter(view.charAt(end))) {
              end++;
            }
          }
          reported = findIn(view, piece, end, reported, digits, masks, phones);
          lookups++;
        }
        piece = Math.min(end, k);
      }
    }
    return List.copyOf(phones);
  }

  /** The end of the piece of stretch {@code [start, end)} that begins at {@code from}: cut at a space. */
  private static int pieceEnd(String view, int from, int end) {
    if (end - from <= MAX_PIECE) {
      return end;
    }
    int cut = view.lastIndexOf(' ', from + MAX_PIECE);
    return cut > from ? cut : from + MAX_PIECE;
  }

  /** Adds the numbers of {@code view[start, end)} that start after {@code reported}; returns the new end. */
  private int findIn(String view, int start, int end, int reported, NormalizedText digits, Span[] masks,
      List<Entity> phones) {
    String window = view.substring(start, end);
    for (PhoneNumberMatch match : PHONES.findNumbers(window, region, PhoneNumberUtil.Leniency.POSSIBLE, Long.MAX_VALUE)) {
      PhoneNumber number = match.number();
      int at = start + match.start();
      if (at < reported || !isPlausible(number) || followsCurrency(view, at)) {
        continue;
      }
      Span span = digits.originalSpan(at, start + match.end());
      if (overlapsAny(span, masks)) {
        continue;
      }
      phones.add(new Entity(Entity.TYPE_PHONE, PHONES.format(number, PhoneNumberFormat.E164), span));
      reported = start + match.end();
    }
    return reported;
  }

  /** Digits and the punctuation libphonenumber accepts inside a number. */
  private static boolean isPhoneChar(char c) {
    if (c < 0x80) {
      return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '['
          || c == ']' || c == '/' || c == '+' || c == '~';
    }
    return Character.isDigit(c) || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC;
  }

  static boolean isPlausible(PhoneNumber number) {
    if (PHONES.isPossibleNumberWithReason(number) != ValidationResult.IS_POSSIBLE) {
      return false;
    }
    return PHONES.isValidNumber(number) || isFictionalNorthAmerican(number);
  }

  /**
   * Whether the number is +1 NXX 555-01XX: the range the North American Numbering Plan keeps for
   * fiction, which libphonenumber calls invalid under some area codes.
   */
  static boolean isFictionalNorthAmerican(PhoneNumber number) {
    if (number.getCountryCode() != 1 || number.hasItalianLeadingZero()) {
      return false;
    }
    long national = number.getNationalNumber();
    if (national < 2_000_000_000L || national > 9_999_999_999L) {
      return false;
    }
    long subscriber = national % 10_000_000L; // exchange and line: 555 01XX
    return subscriber >= 5_550_100L && subscriber <= 5_550_199L;
  }

  private static int countDigits(String view) {
    return countDigits(view, 0, view.length());
  }

  private static int countDigits(String view, int from, int to) {
    int digits = 0;
    for (int k = from; k < to; k++) {
      if (Character.isDigit(view.charAt(k))) {
        digits++;
      }
    }
    return digits;
  }

  /** The view with every char that came from a masked span replaced by {@link #MASK}. */
  private static String mask(NormalizedText digits, Span[] masks) {
    char[] chars = digits.view().toCharArray();
    int m = 0;
    for (int k = 0; k < chars.length && m < masks.length; k++) {
      int start = digits.originStart(k);
      int end = digits.originEnd(k);
      while (m < masks.length && masks[m].end() <= start) {
        m++;
      }
      // Masks are sorted by start; one that starts at or before this char and is not behind it.
      for (int j = m; j < masks.length && masks[j].start() < end; j++) {
        if (masks[j].end() > start) {
          chars[k] = MASK;
          break;
        }
      }
    }
    return new String(chars);
  }

  private static boolean overlapsAny(Span span, Span[] masks) {
    for (Span mask : masks) {
      if (mask.start() < span.end() && span.start() < mask.end()) {
        return true;
      }
    }
    return false;
  }

  /** Whether a currency symbol comes right before {@code start} (spaces aside): a price. */
  private static boolean followsCurrency(String view, int start) {
    int k = start - 1;
    while (k >= 0 && view.charAt(k) == ' ') {
      k--;
    }
    return k >= 0 && Character.getType(view.charAt(k)) == Character.CURRENCY_SYMBOL;
  }
}
