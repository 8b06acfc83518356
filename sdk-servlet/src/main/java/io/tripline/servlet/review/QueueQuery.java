package io.tripline.servlet.review;

import io.tripline.review.ReviewFilter;
import io.tripline.review.ReviewState;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The queue's filters as the query string carries them, for the queue page and
 * {@code GET /api/items} alike:
 *
 * <ul>
 *   <li>{@code state}: {@code open} (pending and claimed; the default), {@code all}, or a state
 *       name; repeatable;
 *   <li>{@code label}, {@code signalType}: exact values;
 *   <li>{@code overdue=true}: overdue items only;
 *   <li>{@code escalated}: {@code true} (only escalated), {@code false} (none), absent or
 *       {@code any} (both);
 *   <li>{@code offset} (default 0), {@code limit} (1..{@value #MAX_LIMIT}, default
 *       {@value #DEFAULT_LIMIT}).
 * </ul>
 *
 * @param stateParam what {@code state} said, normalised ({@code open}, {@code all} or state names)
 */
record QueueQuery(List<String> stateParam, Set<ReviewState> states, @Nullable String label,
    @Nullable String signalType, boolean overdueOnly, @Nullable Boolean escalated, int offset, int limit) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  private static final int MAX_VALUE = 200;

  QueueQuery {
    stateParam = List.copyOf(stateParam);
    states = states.isEmpty() ? Set.of() : Set.copyOf(states);
  }

  /**
   * The query of {@code request}.
   *
   * @throws InvalidInput if a parameter is malformed
   */
  static QueueQuery of(HttpServletRequest request) {
    String[] stateValues = request.getParameterValues("state");
    List<String> stateParam = new ArrayList<>();
    Set<ReviewState> states = EnumSet.noneOf(ReviewState.class);
    if (stateValues == null || stateValues.length == 0) {
      stateParam.add("open");
      states.addAll(EnumSet.of(ReviewState.PENDING, ReviewState.CLAIMED));
    } else {
      for (String value : stateValues) {
        String v = value.strip();
        if (v.equalsIgnoreCase("open")) {
          states.addAll(EnumSet.of(ReviewState.PENDING, ReviewState.CLAIMED));
          stateParam.add("open");
        } else if (v.equalsIgnoreCase("all") || v.isEmpty()) {
          states.clear();
          stateParam.clear();
          stateParam.add("all");
          break;
        } else {
          try {
            ReviewState state = ReviewState.valueOf(v.toUpperCase(Locale.ROOT));
            states.add(state);
            stateParam.add(state.name());
          } catch (IllegalArgumentException e) {
            throw new InvalidInput("state must be open, all, PENDING, CLAIMED or DECIDED");
          }
        }
      }
    }
    return new QueueQuery(stateParam, states, text(request, "label"), text(request, "signalType"),
        bool(request, "overdue", false), escalated(request), integer(request, "offset", 0, 0, Integer.MAX_VALUE),
        integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
  }

  /** The filter for {@link io.tripline.review.ReviewQueue#list}, one more than a page to tell whether there is a next. */
  ReviewFilter filterWithLookahead() {
    ReviewFilter f = ReviewFilter.all().page(offset, limit + 1).withLabel(label).withSignalType(signalType)
        .withOverdueOnly(overdueOnly).withEscalated(escalated);
    if (states.isEmpty()) {
      return f;
    }
    ReviewState[] rest = states.stream().skip(1).toArray(ReviewState[]::new);
    return f.withStates(states.iterator().next(), rest);
  }

  /** The query string of this query at {@code newOffset}, starting with {@code ?}. */
  String queryString(int newOffset) {
    StringBuilder q = new StringBuilder();
    for (String s : stateParam) {
      add(q, "state", s);
    }
    if (label != null) {
      add(q, "label", label);
    }
    if (signalType != null) {
      add(q, "signalType", signalType);
    }
    if (overdueOnly) {
      add(q, "overdue", "true");
    }
    if (escalated != null) {
      add(q, "escalated", escalated.toString());
    }
    if (newOffset > 0) {
      add(q, "offset", Integer.toString(newOffset));
    }
    if (limit != DEFAULT_LIMIT) {
      add(q, "limit", Integer.toString(limit));
    }
    return q.toString();
  }

  /** The single state chosen in the filter form: {@code open}, {@code all} or a state name. */
  String stateChoice() {
    return stateParam.size() == 1 ? stateParam.get(0) : "all";
  }

  private static void add(StringBuilder q, String name, String value) {
    q.append(q.length() == 0 ? '?' : '&').append(name).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static @Nullable String text(HttpServletRequest request, String name) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.length() > MAX_VALUE || v.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInput(name + " must be at most " + MAX_VALUE + " characters without control characters");
    }
    return v;
  }

  private static boolean bool(HttpServletRequest request, String name, boolean absent) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return absent;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "on", "1", "yes" -> true;
      case "false", "off", "0", "no" -> false;
      default -> throw new InvalidInput(name + " must be true or false");
    };
  }

  private static @Nullable Boolean escalated(HttpServletRequest request) {
    String value = request.getParameter("escalated");
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("any")) {
      return null;
    }
    return bool(request, "escalated", false);
  }

  private static int integer(HttpServletRequest request, String name, int absent, int min, int max) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) {
        throw new InvalidInput(name + " must be " + min + ".." + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInput(name + " must be a whole number");
    }
  }
}
