package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneExtractorTest {

  private static final PhoneExtractor US = PhoneExtractor.forRegion("US");

  private static List<String> values(String text) {
    return US.find(text).stream().map(Entity::value).toList();
  }

  /** What the uploader wrote for each number found. */
  private static List<String> written(String text) {
    return US.find(text).stream().map(phone -> phone.span().of(text)).toList();
  }

  // --- finding ---

  @Test
  void aPlainNumberIsFoundAsE164WithItsSpan() {
    String text = "Text me at (202) 555-0143 tonight";
    List<Entity> phones = US.find(text);
    assertThat(phones).containsExactly(
        new Entity(Entity.TYPE_PHONE, "+12025550143", new Span(11, 25)));
    assertThat(phones.get(0).span().of(text)).isEqualTo("(202) 555-0143");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "call (202) five5five-01four3 now                         | (202) five5five-01four3",
      "two0two five five five oh one four three                 | two0two five five five oh one four three",
      "2\uFE0F\u20E30\uFE0F\u20E32\uFE0F\u20E3 555 0143         | 2\uFE0F\u20E30\uFE0F\u20E32\uFE0F\u20E3 555 0143",
      "txt ２０２－５５５－０１４３ pls                            | ２０２－５５５－０１４３",
      "txt 2\u200B0\u200B2\u200B5\u200B5\u200B5\u200B0143      | 2\u200B0\u200B2\u200B5\u200B5\u200B5\u200B0143",
      "call 202.555.O1A3                                        | ",
      "call 2O2.555.Ol43                                        | 2O2.555.Ol43",
      "llama dos cero dos cinco cinco cinco cero uno cuatro tres | dos cero dos cinco cinco cinco cero uno cuatro tres",
      "❷⓿❷ ❺❺❺ ⓿①④③                                            | ❷⓿❷ ❺❺❺ ⓿①④③",
      "\uD835\uDFF8\uD835\uDFF6\uD835\uDFF8-555-0143           | \uD835\uDFF8\uD835\uDFF6\uD835\uDFF8-555-0143",
  })
  void obfuscatedNumbersAreFoundAndSpanWhatWasWritten(String text, String expected) {
    if (expected == null) {
      assertThat(written(text)).isEmpty();
    } else {
      assertThat(written(text)).containsExactly(expected);
      assertThat(values(text)).containsExactly("+12025550143");
    }
  }

  @Test
  void theHighlightOfASpelledOutNumberCoversExactlyThoseChars() {
    String text = "Call me: two0two-five5five-01two3!";
    Entity phone = US.find(text).get(0);
    assertThat(phone.value()).isEqualTo("+12025550123");
    assertThat(phone.span()).isEqualTo(new Span(9, 33));
    assertThat(phone.span().of(text)).isEqualTo("two0two-five5five-01two3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"555-555-0100", "(555) 555-0123", "555.555.0199", "+1 555 555 0150", "1-555-555-0101"})
  void fictionalNumbersAreFoundEvenUnderUnassignedAreaCodes(String number) {
    assertThat(values("call " + number + " now")).hasSize(1).allMatch(v -> v.startsWith("+1555555"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"555-555-0200", "555-555-0099", "555-555-1234", "123-456-7890"})
  void numbersNeitherValidNorFictionalAreNotPhones(String number) {
    assertThat(values("call " + number + " now")).isEmpty();
  }

  @Test
  void aSevenDigitLocalNumberWithoutAreaCodeIsNotReported() {
    // No E.164 form without the area code; the digits view still reads it for other uses.
    assertThat(values("call five5five-01two3")).isEmpty();
    assertThat(values("call 555-0143")).isEmpty();
  }

  @Test
  void internationalNumbersAreFoundWhateverTheDefaultRegion() {
    String text = "UK +44 20 7946 0958, FR +33 1 99 00 12 34, DE +49 30 901820, US +1 202 555 0143";
    List<String> expected = List.of("+442079460958", "+33199001234", "+4930901820", "+12025550143");
    assertThat(values(text)).isEqualTo(expected);
    assertThat(PhoneExtractor.forRegion("GB").find(text).stream().map(Entity::value).toList()).isEqualTo(expected);
    assertThat(PhoneExtractor.forRegion("ZZ").find(text).stream().map(Entity::value).toList()).isEqualTo(expected);
  }

  @Test
  void nationalNumbersAreReadInTheDefaultRegion() {
    assertThat(PhoneExtractor.forRegion("GB").find("ring 020 7946 0958").stream().map(Entity::value).toList())
        .containsExactly("+442079460958");
    assertThat(PhoneExtractor.forRegion("ZZ").find("call (202) 555-0143")).isEmpty();
    assertThat(values("ring 020 7946 0958")).isEmpty();
  }

  @Test
  void severalNumbersAreFoundInOrder() {
    String text = "(202) 555-0143 or 202-555-0144 / 202.555.0145, also +44 20 7946 0958";
    assertThat(values(text)).containsExactly("+12025550143", "+12025550144", "+12025550145", "+442079460958");
  }

  // --- not phones ---

  @ParameterizedTest
  @ValueSource(strings = {
      "$200 per hour, $2,500 overnight, €150",
      "Available 24/7 since 2024",
      "Open 10:30 to 23:45, 2024-05-01 10:30",
      "Zip 90210, zip+4 90210-1234",
      "5 foot 4, 36-24-36, 120 lbs, 21 yo",
      "Order 1234567890 shipped",
      "price $2025550143 firm",
      "Dates 12/25/2024 and 01/01/2025",
      "for a little extra, call me at one",
      "one two three girls, seven days a week, nine to five",
      "Fresh arrivals! Sweet girls new in town, 100% real, incall/outcall, roses only. Ask for Candy.",
      "Room 1204, floor 12, 2 hours, 3 girls, 4 rooms, 1000000 views",
  })
  void ordinaryNumbersInTextAreNotPhones(String text) {
    assertThat(US.find(text)).isEmpty();
  }

  // --- masks ---

  @Test
  void aNumberOverlappingAMaskIsNotReported() {
    String text = "wallet 2025550143 phone (202) 555-0144";
    List<Entity> phones = US.find(TextViews.of(text), List.of(new Span(7, 17)));
    assertThat(phones).extracting(Entity::value).containsExactly("+12025550144");
    assertThat(US.find(TextViews.of(text), List.of(new Span(0, 9), new Span(30, 31))))
        .isEmpty();
  }

  @Test
  void digitsBesideAMaskDoNotJoinAcrossIt() {
    // "202 555" before the masked address and "0143" after must not make one number.
    String text = "202 555 bc1q9h7zq 0143 then +44 20 7946 0958";
    List<Entity> phones = US.find(TextViews.of(text), List.of(new Span(8, 17)));
    assertThat(phones).extracting(Entity::value).containsExactly("+442079460958");
  }

  @Test
  void masksMayComeInAnyOrderAndOverlap() {
    String text = "(202) 555-0143 x 0x52908400098527886E0F7030069857D2E4169EE7 (202) 555-0145";
    List<Span> masks = List.of(new Span(17, 59), new Span(20, 30), new Span(6, 9));
    assertThat(US.find(TextViews.of(text), masks)).extracting(Entity::value).containsExactly("+12025550145");
  }

  // --- contract ---

  @Test
  void regionsAreValidated() {
    assertThat(PhoneExtractor.forRegion("us").region()).isEqualTo("US");
    assertThatThrownBy(() -> PhoneExtractor.forRegion("XX"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown region 'XX'");
    assertThatThrownBy(() -> PhoneExtractor.forRegion(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> US.find(TextViews.of("x"), null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void invalidUtf16AroundANumberIsHarmless() {
    String text = "\uD800(202)\uDC00 555-\uDBFF0143\uD800";
    assertThat(values(text)).containsExactly("+12025550143");
  }

  @Test
  void concurrentUseGivesTheSameResults() throws Exception {
    String text = "call (202) five5five-01two3 or +44 20 7946 0958, $200";
    List<Entity> expected = US.find(text);
    assertThat(expected).hasSize(2);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Entity>>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        results.add(pool.submit(() -> US.find(text)));
      }
      for (Future<List<Entity>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aNumberAtTheEndOfTenMegabytesIsFound() {
    String filler = "Sweet girls new in town, 24/7, $200, 5 foot 4, zip 90210. ";
    String text = filler.repeat(10_000_000 / filler.length()) + "call (202) five5five-01two3";
    List<Entity> phones = US.find(text);
    assertThat(phones).extracting(Entity::value).containsExactly("+12025550123");
    assertThat(phones.get(0).span().of(text)).isEqualTo("(202) five5five-01two3");
  }

  @Test
  void pathologicalDigitRunsAreBounded() {
    assertThat(US.find("1 ".repeat(200_000))).isEmpty();
    assertThat(US.find("0".repeat(1_000_000))).isEmpty();
    assertThat(US.find("1 ".repeat(200_000) + "+44 20 7946 0958")).isEmpty(); // past the lookup budget
    // One stretch of 20 000 numbers: read in pieces, up to the budget.
    List<Entity> phones = US.find("(202) 555-0143 ".repeat(20_000));
    assertThat(phones).hasSizeBetween(PhoneExtractor.MAX_LOOKUPS, 3 * PhoneExtractor.MAX_LOOKUPS)
        .allMatch(phone -> phone.value().equals("+12025550143"));
  }

  @Test
  void aLongListOfNumbersIsReadWhole() {
    StringBuilder text = new StringBuilder("Girls: ");
    for (int i = 0; i < 100; i++) {
      text.append(String.format("(202) 555-01%02d", i)).append(i % 2 == 0 ? ", " : " / ");
    }
    List<Entity> phones = US.find(text.toString());
    assertThat(phones).hasSize(100);
    assertThat(phones.get(99).value()).isEqualTo("+12025550199");
  }
}
