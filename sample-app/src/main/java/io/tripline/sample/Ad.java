package io.tripline.sample;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One classified ad as stored: what the uploader wrote, and whether it is public.
 *
 * @param id the store's id, increasing with every ad, so newer ads have larger ids
 * @param title the title as typed
 * @param text the body as typed
 * @param status whether the ad is public or waits for a reviewer
 * @param postedAt when it was stored
 * @param hasImage whether an image (and its public thumbnail) was stored with it
 * @param reviewItem the review item of a flagged ad, or null
 */
record Ad(long id, String title, String text, Status status, Instant postedAt, boolean hasImage,
    @Nullable String reviewItem) {

  Ad {
    if (id <= 0) {
      throw new IllegalArgumentException("id must be positive, was " + id);
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(postedAt, "postedAt");
  }

  /** Where an ad stands; the JSON API and the store use {@link #wireName()}. */
  enum Status {
    /** Tripline allowed it: shown to everyone. */
    PUBLISHED,
    /** Tripline flagged it (or could not vouch for it): held until a reviewer decides. */
    PENDING_REVIEW,
    /** A reviewer took it down: shown to nobody. */
    REMOVED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status fromWireName(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
