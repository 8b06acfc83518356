package io.tripline.text;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The normalised views of one text, each a {@link NormalizedText} that maps its chars back to the
 * original, as specified (version {@value TextNormalizer#VERSION}) in
 * {@code docs/text-normalisation.md}:
 *
 * <ul>
 *   <li>{@link #canonical()}: NFKC_Casefold, invisible characters and diacritics removed, styled
 *       letters and digits plain, white space collapsed; what {@link TextNormalizer#normalize}
 *       returns;
 *   <li>{@link #confusables()}: the canonical view with look-alike characters (UTS #39 skeleton)
 *       and leetspeak undone, for matching terms: {@code раураl} and {@code p4yp4l} read
 *       {@code paypal};
 *   <li>{@link #squeezed()}: the canonical view with spaced-out words joined: {@code c a s h a p p}
 *       reads {@code cashapp};
 *   <li>{@link #digits()}: the canonical view with spelled-out and look-alike digits turned into
 *       digits inside digit-dense stretches, for phone numbers only: {@code five5five-01two3}
 *       reads {@code 555-0123}.
 * </ul>
 *
 * <p>The canonical view is computed at once, the others on first use. Thread-safe: views are
 * immutable, and two threads asking for the same view first at the same time may each compute it.
 */
public final class TextViews {

  private final NormalizedText canonical;
  private @Nullable NormalizedText confusables;
  private @Nullable NormalizedText squeezed;
  private @Nullable NormalizedText digits;

  private TextViews(NormalizedText canonical) {
    this.canonical = canonical;
  }

  /**
   * The views of {@code text}.
   *
   * @throws NullPointerException if text is null
   */
  public static TextViews of(String text) {
    Objects.requireNonNull(text, "text");
    return new TextViews(TextNormalizer.normalize(text));
  }

  /** The text as submitted. */
  public String original() {
    return canonical.original();
  }

  /** The canonical view, the base of the others. */
  public NormalizedText canonical() {
    return canonical;
  }

  /** The canonical view with look-alike characters and leetspeak undone; for terms only. */
  public NormalizedText confusables() {
    NormalizedText view = confusables;
    if (view == null) {
      view = NormalizerConfusables.derive(canonical);
      confusables = view;
    }
    return view;
  }

  /** The canonical view with spaced-out words joined; the canonical view itself if there are none. */
  public NormalizedText squeezed() {
    NormalizedText view = squeezed;
    if (view == null) {
      view = NormalizerSqueezer.derive(canonical);
      squeezed = view;
    }
    return view;
  }

  /**
   * The canonical view with spelled-out and look-alike digits made digits in digit-dense stretches;
   * for phone numbers only. The canonical view itself if there is nothing to convert.
   */
  public NormalizedText digits() {
    NormalizedText view = digits;
    if (view == null) {
      view = NormalizerDigits.derive(canonical);
      digits = view;
    }
    return view;
  }
}
