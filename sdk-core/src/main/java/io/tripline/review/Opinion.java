package io.tripline.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Feedback on an indicator for the clearinghouse that shares it (protocol, Opinions): a
 * reviewer's dismissal of a flag is a {@link Kind#FALSE_POSITIVE}.
 *
 * @param feed the indicator's feed
 * @param indicator the indicator's id
 * @param opinion what the platform thinks of it
 * @param note a short reason, at most 500 characters; never the reviewer's own note
 */
public record Opinion(String feed, String indicator, Kind opinion, @Nullable String note) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a reviewer found an indicator to be. */
  public enum Kind {
    TRUE_POSITIVE,
    FALSE_POSITIVE
  }

  /**
   * @throws IllegalArgumentException if the feed or indicator is blank or longer than 200
   *     characters, or the note longer than 500
   */
  public Opinion {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(opinion, "opinion");
    if (feed.isBlank() || feed.length() > 200 || indicator.isBlank() || indicator.length() > 200) {
      throw new IllegalArgumentException("feed and indicator must be 1..200 characters, not blank");
    }
    if (note != null && note.length() > 500) {
      throw new IllegalArgumentException("note must be at most 500 characters, was " + note.length());
    }
  }

  /** The protocol body: {@code {"feed","indicator","opinion","note"}}. */
  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("feed", feed);
    o.put("indicator", indicator);
    o.put("opinion", opinion.name());
    if (note != null) {
      o.put("note", note);
    }
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a protocol body.
   *
   * @throws IllegalArgumentException if it is not an opinion
   */
  public static Opinion fromJson(byte[] json) {
    try {
      JsonNode o = JSON.readTree(json);
      if (o == null || !o.isObject() || !o.path("feed").isTextual() || !o.path("indicator").isTextual()
          || !o.path("opinion").isTextual()) {
        throw new IllegalArgumentException("not an opinion: feed, indicator and opinion are required");
      }
      return new Opinion(o.get("feed").asText(), o.get("indicator").asText(),
          Kind.valueOf(o.get("opinion").asText()), o.path("note").isTextual() ? o.get("note").asText() : null);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an opinion: " + e.getMessage(), e);
    }
  }
}
