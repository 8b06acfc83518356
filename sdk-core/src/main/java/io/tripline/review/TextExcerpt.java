package io.tripline.review;

import io.tripline.Span;
import java.util.List;
import java.util.Objects;

/**
 * The part of a text field around its matches, at most {@link ReviewQueue#MAX_EXCERPT_CHARS}
 * characters. The text is the uploader's own content and is shown only to reviewers.
 *
 * @param field the text field's name
 * @param text the excerpt
 * @param start where the excerpt begins in the original field (UTF-16 index)
 * @param fieldLength the original field's length, so a UI can show what was cut
 * @param spans the matched characters, rebased onto {@code text} (clipped to it)
 */
public record TextExcerpt(String field, String text, int start, int fieldLength, List<Span> spans) {
  public TextExcerpt {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(text, "text");
    spans = List.copyOf(spans);
  }

  /** Whether text before the excerpt was cut. */
  public boolean cutBefore() {
    return start > 0;
  }

  /** Whether text after the excerpt was cut. */
  public boolean cutAfter() {
    return start + text.length() < fieldLength;
  }

  @Override
  public String toString() {
    // Never the text: toString ends up in logs.
    return "TextExcerpt[field=" + field + ", " + text.length() + " chars at " + start + ", spans=" + spans + "]";
  }
}
