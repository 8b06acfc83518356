package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs built to make a scanner backtrack or rescan. Each must finish (the scanners are linear,
 * so a regression shows as a test that hangs) and yield the expected entities.
 */
class ContactHostileInputTest {

  private static final int MB = 1 << 20;

  @Test
  void tenMegabytesOfOneLetter() {
    assertThat(ContactExtractor.extract("a".repeat(10 * MB))).isEmpty();
  }

  @Test
  void tenMegabytesOfProseWithOneAddressAtTheEnd() {
    String prose = "Lovely evening. Prices from $200, v1.2.3, see photo.jpg. Mr. Smith said hi!\n";
    StringBuilder text = new StringBuilder(10 * MB + 100);
    while (text.length() < 10 * MB) {
      text.append(prose);
    }
    int at = text.length();
    text.append("jen@example.com");
    List<Entity> found = ContactExtractor.extract(text.toString());
    assertThat(found).containsExactly(
        new Entity(Entity.TYPE_EMAIL, "jen@example.com", new Span(at, at + 15)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "a@", "@", ".", "a.", "co.", "a (at) ", "(at)", "[.]", "a[.]", " dot ", "a dot ", "$a",
    "http://", "https://a", "www.", "ig: ", "ig: @", "-", "a-", "0x", "bc1", "1", "x at ",
  })
  void aMegabyteOfOneRepeatedFragmentYieldsNothing(String fragment) {
    String text = fragment.repeat(MB / fragment.length());
    assertThat(ContactExtractor.extract(text)).isEmpty();
  }

  @Test
  void aMegabyteOfAtSignsBetweenLetters() {
    assertThat(ContactExtractor.extract("a@".repeat(MB / 2) + "a")).isEmpty();
    assertThat(ContactExtractor.extract("a@a.".repeat(MB / 4))).isEmpty();
  }

  @Test
  void anOverlongHostOrLocalPartIsNothing() {
    assertThat(ContactExtractor.extract("x@" + "ab.".repeat(MB / 3) + "com")).isEmpty();
    assertThat(ContactExtractor.extract("a".repeat(MB) + "@example.com")).isEmpty();
    assertThat(ContactExtractor.extract("a".repeat(65) + "@example.com")).isEmpty();
    assertThat(ContactExtractor.extract("a".repeat(64) + "@example.com")).hasSize(1);
  }

  @Test
  void aUrlWithAMegabyteOfPathIsCutAtItsLimit() {
    String text = "https://example.com/" + "(".repeat(MB);
    List<Entity> found = ContactExtractor.extract(text);
    assertThat(found).extracting(Entity::type).containsExactly(Entity.TYPE_URL, Entity.TYPE_DOMAIN);
    assertThat(found.get(0).span().end()).isLessThan(4096);
  }

  @Test
  void aMegabyteOfDotsAndWordsBetweenLabels() {
    assertThat(ContactExtractor.extract("a dot com ".repeat(MB / 10))).isEmpty();
    assertThat(ContactExtractor.extract("example" + ".".repeat(MB) + "com")).isEmpty();
  }

  @Test
  void aFloodOfAddressesStopsAtTheLimit() {
    List<Entity> found = ContactExtractor.extract("jen@example.com ".repeat(MB / 16));
    assertThat(found).hasSize(ContactExtractor.MAX_ENTITIES);
    assertThat(found.get(0).span()).isEqualTo(new Span(0, 15));
  }

  @Test
  void concurrentCallsGetTheSameResults() throws Exception {
    List<String> texts = List.of(
        "jen (at) example (dot) com, t.me/jenny_love, $jenny",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa and 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "https://www.example.com/a?b=c#d and bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
    List<List<Entity>> expected = texts.stream().map(ContactExtractor::extract).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int k = i % texts.size();
        runs.add(pool.submit(() -> ContactExtractor.extract(texts.get(k)).equals(expected.get(k))));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
