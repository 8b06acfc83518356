package io.tripline.clearinghouse.feed;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A feed as {@code GET /v1/feeds} lists it.
 *
 * @param id the feed's id, e.g. {@code confirmed-hashes}: letters, digits, '.', '_', '-'
 * @param title a human title
 * @param signalTypes the signal types its indicators use, e.g. {@code pdq}
 * @param labels the labels its indicators carry
 */
public record FeedDefinition(String id, String title, List<String> signalTypes, List<String> labels) {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /**
   * @throws IllegalArgumentException if the id, a signal type or a label is malformed, or the
   *     title is blank or longer than 200 characters
   */
  public FeedDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("feed id '" + id + "' must be 1..128 letters, digits, '.', '_' or '-'");
    }
    if (title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("title must be 1..200 characters");
    }
    signalTypes = words(signalTypes, "signal type");
    labels = words(labels, "label");
  }

  static List<String> words(List<String> words, String what) {
    List<String> copy = List.copyOf(words);
    for (String w : copy) {
      if (!WORD.matcher(w).matches()) {
        throw new IllegalArgumentException(what + " '" + w + "' must be 1..64 of a-z, 0-9, '.', '_', '-'");
      }
    }
    return copy;
  }
}
