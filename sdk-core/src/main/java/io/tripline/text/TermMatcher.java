package io.tripline.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds feed terms (words, phrases, emoji sequences) in a normalised text, at word boundaries: a
 * term that starts (ends) with a letter or digit matches only where the char before (after) it is
 * not one, so {@code cash} is not found in {@code cashew}; a term that starts or ends with a
 * symbol or emoji needs no boundary on that side, so {@code 🍑} is found in {@code nice🍑peach}.
 * Every occurrence of every term is reported, overlapping and nested ones included.
 *
 * <p>One pass over the text finds all terms at once, whatever their number (an Aho-Corasick
 * automaton; about 20 bytes per char of distinct term prefix). Immutable and thread-safe.
 *
 * @param <T> what each term stands for, e.g. the indicators that carry it
 */
public final class TermMatcher<T> {

  /**
   * One occurrence of a term: the view range {@code [start, end)} it covers, the term (equal to
   * that range of the view) and the value registered for it.
   */
  public record Hit<T>(int start, int end, String term, T value) {}

  private final TermAutomaton automaton;
  private final List<T> values;

  private TermMatcher(String[] terms, List<T> values) {
    this.automaton = TermAutomaton.build(terms);
    this.values = values;
  }

  /**
   * A matcher for the given raw terms, each normalised here with {@link TextNormalizer}. Terms
   * that normalise to nothing are ignored. Terms that normalise to the same view count once, at
   * the position of the first one, with the value of the last one.
   *
   * @throws NullPointerException if {@code rawTerms} or one of its keys or values is null
   */
  public static <T> TermMatcher<T> of(Map<String, T> rawTerms) {
    Map<String, T> normalised = new LinkedHashMap<>();
    rawTerms.forEach((term, value) -> {
      String view = TextNormalizer.normalize(term).view();
      if (!view.isEmpty()) {
        normalised.put(view, Objects.requireNonNull(value, "value"));
      }
    });
    return new TermMatcher<>(normalised.keySet().toArray(String[]::new), List.copyOf(normalised.values()));
  }

  /**
   * A matcher for terms that are already normalised the way the texts they will be matched
   * against are: for a caller that matches views of its own (a confusables skeleton, a squeezed
   * view) with {@link #find(CharSequence)}. Keys are used as they are; empty keys are ignored.
   *
   * @throws NullPointerException if {@code terms} or one of its keys or values is null
   * @throws IllegalArgumentException if a key has an unpaired surrogate (no normalised view has)
   */
  public static <T> TermMatcher<T> ofNormalized(Map<String, T> terms) {
    List<String> keys = new ArrayList<>(terms.size());
    List<T> values = new ArrayList<>(terms.size());
    terms.forEach((term, value) -> {
      if (!Objects.requireNonNull(term, "term").isEmpty()) {
        requireWellFormed(term);
        keys.add(term);
        values.add(value);
      }
    });
    return new TermMatcher<>(keys.toArray(String[]::new), List.copyOf(values));
  }

  /** The number of distinct normalised terms. */
  public int size() {
    return values.size();
  }

  /** The values of all terms, in registration order. */
  public Collection<T> values() {
    return values;
  }

  /**
   * Every occurrence of every term in {@code text}'s view, ordered by start, then longer first.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public List<Hit<T>> find(NormalizedText text) {
    return find(text.view());
  }

  /**
   * Every occurrence of every term in {@code view}, a text already normalised like the terms, in
   * its coordinates, ordered by start, then longer first.
   *
   * @throws NullPointerException if {@code view} is null
   */
  public List<Hit<T>> find(CharSequence view) {
    String text = view.toString();
    TermHits found = new TermHits();
    automaton.scan(text, found);
    int count = found.size();
    if (count == 0) {
      return List.of();
    }
    // The scan reports by end, and at one end longer first; sort by start, then longer first,
    // unless hits neither nest nor overlap and so are in that order already.
    long[] order = null;
    for (int h = 1; h < count; h++) {
      if (found.start(h) <= found.start(h - 1)) {
        order = new long[count];
        break;
      }
    }
    if (order != null) {
      // At one start the scan saw the shorter hit first: a later hit sorts first there.
      for (int h = 0; h < count; h++) {
        order[h] = ((long) found.start(h) << 32) | (Integer.MAX_VALUE - h);
      }
      Arrays.sort(order);
    }
    List<Hit<T>> hits = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int h = order == null ? k : Integer.MAX_VALUE - (int) order[k];
      int start = found.start(h);
      int end = found.end(h);
      hits.add(new Hit<>(start, end, text.substring(start, end), values.get(found.term(h))));
    }
    return hits;
  }

  /** The bytes this matcher's own arrays take (the value objects not counted): an estimate. */
  long bytesUsed() {
    return automaton.bytesUsed() + 16 + 4L * values.size();
  }

  int states() {
    return automaton.states();
  }

  private static void requireWellFormed(String term) {
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < term.length() && Character.isLowSurrogate(term.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("term has an unpaired surrogate at " + i + ": " + term);
      }
    }
  }
}
