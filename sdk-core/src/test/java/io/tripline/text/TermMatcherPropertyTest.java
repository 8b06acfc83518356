package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TermMatcher} against the brute-force scan it replaced: one {@code indexOf} per term. */
class TermMatcherPropertyTest {

  /**
   * Few symbols, so terms overlap and nest a lot: ASCII letters, a digit, space and punctuation,
   * an accented letter, an emoji and a supplementary letter (both surrogate pairs).
   */
  private static final String[] SYMBOLS = {"a", "b", "a", "b", "1", " ", "-", "é", "🍭", "\uD840\uDC00"};

  @Test
  void findsWhatOneIndexOfPerTermFinds() {
    Random random = new Random(7);
    for (int round = 0; round < 3_000; round++) {
      Map<String, Integer> terms = new LinkedHashMap<>();
      int count = 1 + random.nextInt(round % 10 == 0 ? 200 : 12);
      for (int t = 0; t < count; t++) {
        terms.put(randomString(random, 1 + random.nextInt(5)), t);
      }
      TermMatcher<Integer> matcher = TermMatcher.ofNormalized(terms);
      for (int k = 0; k < 5; k++) {
        String text = randomString(random, random.nextInt(40));
        if (random.nextInt(8) == 0) {
          // A lone surrogate in the text: no term can contain it, and it is not a word char.
          int at = random.nextInt(text.length() + 1);
          text = text.substring(0, at) + (random.nextBoolean() ? '\uD83C' : '\uDF6D') + text.substring(at);
        }
        String context = "terms " + terms.keySet() + " text '" + text + "'";
        assertThat(describe(matcher.find(text))).as(context).isEqualTo(describe(bruteForce(terms, text)));
      }
    }
  }

  @Test
  void ofAgreesWithTheBruteForceScanOnNormalisedText() {
    Random random = new Random(11);
    String[] words = {"cash", "Cash", "only", "CASH ONLY", "ash", "ＣＡＳＨ", "🍑", "🍑🍑", "$", "onlycash", "é"};
    for (int round = 0; round < 500; round++) {
      Map<String, Integer> raw = new LinkedHashMap<>();
      for (int t = 0; t < 1 + random.nextInt(6); t++) {
        raw.put(words[random.nextInt(words.length)], t);
      }
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < random.nextInt(10); w++) {
        text.append(words[random.nextInt(words.length)]).append(random.nextBoolean() ? " " : "");
      }
      NormalizedText normalized = TextNormalizer.normalize(text.toString());
      Map<String, Integer> views = new LinkedHashMap<>();
      raw.forEach((term, value) -> views.put(TextNormalizer.normalize(term).view(), value));
      assertThat(describe(TermMatcher.of(raw).find(normalized)))
          .as("terms %s text '%s'", raw.keySet(), text)
          .isEqualTo(describe(bruteForce(views, normalized.view())));
    }
  }

  @Test
  void aLargeMatcherStillFindsPlantedTerms() {
    Random random = new Random(3);
    Set<String> distinct = new LinkedHashSet<>();
    while (distinct.size() < 200_000) {
      StringBuilder term = new StringBuilder();
      int words = 1 + random.nextInt(3);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          term.append(' ');
        }
        for (int c = 0, length = 3 + random.nextInt(6); c < length; c++) {
          term.append((char) ('a' + random.nextInt(26)));
        }
      }
      if (random.nextInt(100) == 0) {
        term.append("🍭");
      }
      distinct.add(term.toString());
    }
    Map<String, Integer> terms = new LinkedHashMap<>();
    for (String term : distinct) {
      terms.put(term, terms.size());
    }
    TermMatcher<Integer> matcher = TermMatcher.ofNormalized(terms);
    assertThat(matcher.size()).isEqualTo(200_000);

    List<String> all = new ArrayList<>(distinct);
    StringBuilder text = new StringBuilder("Start: ");
    List<String> planted = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String term = all.get(random.nextInt(all.size()));
      planted.add(term);
      text.append(term).append(i % 3 == 0 ? ", " : " ... ");
    }
    String view = text.toString();
    List<TermMatcher.Hit<Integer>> hits = matcher.find(view);
    assertThat(hits).extracting(TermMatcher.Hit::term).containsAll(planted);
    assertThat(describe(hits)).isEqualTo(describe(bruteForce(terms, view)));
  }

  private static String randomString(Random random, int symbols) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < symbols; i++) {
      s.append(SYMBOLS[random.nextInt(SYMBOLS.length)]);
    }
    return s.toString();
  }

  private static <T> List<String> describe(List<TermMatcher.Hit<T>> hits) {
    return hits.stream().map(h -> h.start() + ".." + h.end() + ":" + h.term() + "=" + h.value()).toList();
  }

  /** The implementation this class replaced, ordered by start, then longer first. */
  private static <T> List<TermMatcher.Hit<T>> bruteForce(Map<String, T> terms, String view) {
    Map<String, T> distinct = new HashMap<>();
    terms.forEach((term, value) -> {
      if (!term.isEmpty()) {
        distinct.put(term, value);
      }
    });
    List<TermMatcher.Hit<T>> hits = new ArrayList<>();
    distinct.forEach((term, value) -> {
      for (int at = view.indexOf(term); at >= 0; at = view.indexOf(term, at + 1)) {
        int end = at + term.length();
        boolean before = at == 0 || !isWord(term.codePointAt(0)) || !isWord(view.codePointBefore(at));
        boolean after = end == view.length() || !isWord(term.codePointBefore(term.length()))
            || !isWord(view.codePointAt(end));
        if (before && after) {
          hits.add(new TermMatcher.Hit<>(at, end, term, value));
        }
      }
    });
    hits.sort(Comparator.<TermMatcher.Hit<T>>comparingInt(TermMatcher.Hit::start)
        .thenComparing(TermMatcher.Hit::end, Comparator.reverseOrder()));
    return hits;
  }

  private static boolean isWord(int cp) {
    return Character.isLetterOrDigit(cp);
  }
}
