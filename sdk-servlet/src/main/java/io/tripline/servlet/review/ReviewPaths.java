package io.tripline.servlet.review;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The review servlet's URLs, below its base (context path and servlet path). Thread-safe. */
final class ReviewPaths {
  /** What an item id in a path may be; anything else is no item, without asking the queue. */
  static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private ReviewPaths() {}

  static String item(String base, String id) {
    return base + "/items/" + encode(id);
  }

  static String action(String base, String id, String action) {
    return item(base, id) + "/" + action;
  }

  static String preview(String base, String id, int file) {
    return item(base, id) + "/files/" + file + "/preview.png";
  }

  static String apiItem(String base, String id) {
    return base + "/api/items/" + encode(id);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
