package io.tripline.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds feed terms (words and phrases, normalised with {@link TextNormalizer}) in a normalised
 * text, at word boundaries: a term that starts or ends with a letter or digit matches only where
 * the neighbouring char is not one. Immutable and thread-safe.
 *
 * @param <T> what each term stands for, e.g. the indicators that carry it
 */
public final class TermMatcher<T> {

  /** One occurrence of a term: the view range it covers and the value registered for it. */
  public record Hit<T>(int start, int end, String term, T value) {}

  private final String[] terms;
  private final List<T> values;

  private TermMatcher(String[] terms, List<T> values) {
    this.terms = terms;
    this.values = values;
  }

  /**
   * A matcher for the given raw terms (normalised here). Terms that normalise to nothing are
   * ignored.
   */
  public static <T> TermMatcher<T> of(Map<String, T> rawTerms) {
    Map<String, T> normalised = new LinkedHashMap<>();
    rawTerms.forEach((term, value) -> {
      String view = TextNormalizer.normalize(term).view();
      if (!view.isEmpty()) {
        normalised.put(view, value);
      }
    });
    return new TermMatcher<>(normalised.keySet().toArray(String[]::new), List.copyOf(normalised.values()));
  }

  /** The number of distinct normalised terms. */
  public int size() {
    return terms.length;
  }

  /** Every occurrence of every term in {@code text}, ordered by term then position. */
  public List<Hit<T>> find(NormalizedText text) {
    String view = text.view();
    List<Hit<T>> hits = new ArrayList<>();
    for (int t = 0; t < terms.length; t++) {
      String term = terms[t];
      int from = 0;
      int at;
      while ((at = view.indexOf(term, from)) >= 0) {
        int end = at + term.length();
        if (boundaryBefore(view, at, term) && boundaryAfter(view, end, term)) {
          hits.add(new Hit<>(at, end, term, values.get(t)));
        }
        from = at + 1;
      }
    }
    return hits;
  }

  /** The values of all terms, in registration order. */
  public Collection<T> values() {
    return values;
  }

  private static boolean boundaryBefore(String view, int at, String term) {
    return at == 0 || !isWordChar(term.codePointAt(0)) || !isWordChar(view.codePointBefore(at));
  }

  private static boolean boundaryAfter(String view, int end, String term) {
    return end == view.length()
        || !isWordChar(term.codePointBefore(term.length()))
        || !isWordChar(view.codePointAt(end));
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetterOrDigit(cp);
  }
}
