package io.tripline.text;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Messaging and payment handles: which services, how each writes a name, and how a profile URL
 * or a label ("snap: name") names one. A handle's value is {@code <service>:<name>}, lower case.
 *
 * <table>
 *   <caption>Services</caption>
 *   <tr><th>service</th><th>from a URL</th><th>from a label</th><th>name</th></tr>
 *   <tr><td>telegram</td><td>t.me/, telegram.me/, telegram.dog/</td>
 *       <td>telegram, tg, tele</td><td>5-32 of a-z 0-9 _</td></tr>
 *   <tr><td>whatsapp</td><td>wa.me/DIGITS</td><td>(phones are the phone extractor's)</td>
 *       <td>+ and 7-15 digits</td></tr>
 *   <tr><td>cashapp</td><td>cash.app/$, cash.me/$</td><td>cashapp, cash app; also a bare
 *       $cashtag</td><td>a letter, then 1-20 of a-z 0-9</td></tr>
 *   <tr><td>paypal</td><td>paypal.me/, paypal.com/paypalme/</td><td>(none)</td>
 *       <td>1-20 of a-z 0-9</td></tr>
 *   <tr><td>venmo</td><td>venmo.com/u/, venmo.com/</td><td>venmo</td>
 *       <td>5-30 of a-z 0-9 _ -</td></tr>
 *   <tr><td>snapchat</td><td>snapchat.com/add/</td><td>snapchat, snap, sc</td>
 *       <td>3-15 of a-z 0-9 . _ -</td></tr>
 *   <tr><td>instagram</td><td>instagram.com/</td><td>instagram, insta, ig</td>
 *       <td>1-30 of a-z 0-9 . _</td></tr>
 *   <tr><td>kik</td><td>kik.me/</td><td>kik</td><td>2-20 of a-z 0-9 . _</td></tr>
 *   <tr><td>onlyfans</td><td>onlyfans.com/</td><td>onlyfans</td>
 *       <td>2-30 of a-z 0-9 . _ -</td></tr>
 * </table>
 *
 * <p>A label needs a colon, equals sign, dash or {@code @} before the name ("snap: jen",
 * "insta @jen", "telegram: @jen"): "snap photos" is no handle. A name needs a letter.
 */
final class ContactHandles {

  static final String TELEGRAM = "telegram";
  static final String WHATSAPP = "whatsapp";
  static final String CASHAPP = "cashapp";
  static final String PAYPAL = "paypal";
  static final String VENMO = "venmo";
  static final String SNAPCHAT = "snapchat";
  static final String INSTAGRAM = "instagram";
  static final String KIK = "kik";
  static final String ONLYFANS = "onlyfans";

  /** Label words, lower case, to the service they name. */
  static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("telegram", TELEGRAM), Map.entry("tg", TELEGRAM), Map.entry("tele", TELEGRAM),
      Map.entry("venmo", VENMO),
      Map.entry("snapchat", SNAPCHAT), Map.entry("snap", SNAPCHAT), Map.entry("sc", SNAPCHAT),
      Map.entry("instagram", INSTAGRAM), Map.entry("insta", INSTAGRAM),
      Map.entry("ig", INSTAGRAM),
      Map.entry("kik", KIK),
      Map.entry("cashapp", CASHAPP),
      Map.entry("onlyfans", ONLYFANS));

  /** Words after a label that are prose, not a name ("ig: none", "snap - me"). */
  private static final Set<String> NOT_NAMES = Set.of(
      "me", "my", "us", "is", "at", "the", "and", "or", "dm", "pm", "only", "none", "same",
      "below", "above", "here", "yes", "no", "add", "for", "name", "user", "username",
      // Words ads put after a label and a dash: "cash app - serious only", "venmo - text first".
      "serious", "text", "call", "first", "now", "today", "please", "ok", "deposit", "cash", "pay",
      "accepted", "preferred", "available");

  /** $WORDs that are currency codes, not cashtags. */
  private static final Set<String> CURRENCIES = Set.of(
      "usd", "us", "cad", "aud", "nzd", "hkd", "sgd", "mxn", "usdt", "usdc", "twd", "ars",
      "clp", "cop", "brl", "uyu");

  /** First path segments of profile hosts that are pages, not people. */
  private static final Set<String> RESERVED = Set.of(
      "joinchat", "addstickers", "addemoji", "addlist", "share", "proxy", "socks", "iv",
      "login", "setlanguage", "c", "s", "u", "p", "reel", "reels", "explore", "stories",
      "accounts", "direct", "tv", "about", "legal", "developer", "help", "signup", "signin",
      "business", "my", "posts", "home", "privacy", "terms", "add", "paypalme", "download");

  private ContactHandles() {}

  /** The minimum and maximum name length and extra name chars of {@code service}. */
  static int minLength(String service) {
    return switch (service) {
      case TELEGRAM, VENMO -> 5;
      case SNAPCHAT -> 3;
      case KIK, ONLYFANS, CASHAPP -> 2;
      default -> 1;
    };
  }

  static int maxLength(String service) {
    return switch (service) {
      case TELEGRAM -> 32;
      case VENMO, INSTAGRAM, ONLYFANS -> 30;
      case SNAPCHAT -> 15;
      case CASHAPP -> 21;
      default -> 20;
    };
  }

  /** Whether {@code c} may be in a name of {@code service}. */
  static boolean isNameChar(String service, char c) {
    if (ContactHost.isAsciiAlnum(c)) {
      return true;
    }
    return switch (service) {
      case TELEGRAM -> c == '_';
      case VENMO -> c == '_' || c == '-';
      case SNAPCHAT, ONLYFANS -> c == '.' || c == '_' || c == '-';
      case INSTAGRAM, KIK -> c == '.' || c == '_';
      default -> false;
    };
  }

  /**
   * The lower-cased name if {@code name} is a valid one for {@code service}, else null. Trailing
   * dots and dashes (the end of a sentence) must already be trimmed.
   */
  static @Nullable String checkName(String service, String name) {
    int length = name.length();
    if (length < minLength(service) || length > maxLength(service)) {
      return null;
    }
    boolean letter = false;
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (!isNameChar(service, c)) {
        return null;
      }
      letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    if (!letter) {
      return null;
    }
    if (service.equals(CASHAPP) && !Character.isLetter(name.charAt(0))) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (NOT_NAMES.contains(lower) || LABELS.containsKey(lower) || (service.equals(CASHAPP) && CURRENCIES.contains(lower))) {
      return null;
    }
    return lower;
  }

  /**
   * The handle a profile URL names, as {@code service:name}, or null. {@code domain} is the
   * host without {@code www.}; {@code path} starts with {@code /} (query and fragment removed).
   */
  static @Nullable String fromUrl(String domain, String path) {
    String first = segment(path, 0);
    String second = segment(path, 1);
    if (first == null) {
      return null;
    }
    switch (domain) {
      case "t.me", "telegram.me", "telegram.dog" -> {
        return named(TELEGRAM, first.equals("s") ? second : first);
      }
      case "wa.me" -> {
        return whatsapp(first);
      }
      case "paypal.me" -> {
        return named(PAYPAL, first);
      }
      case "paypal.com" -> {
        return first.equalsIgnoreCase("paypalme") ? named(PAYPAL, second) : null;
      }
      case "cash.app", "cash.me" -> {
        return first.length() > 1 && first.charAt(0) == '$' ? named(CASHAPP, first.substring(1)) : null;
      }
      case "venmo.com", "account.venmo.com" -> {
        return named(VENMO, first.equals("u") ? second : first);
      }
      case "instagram.com" -> {
        return named(INSTAGRAM, first);
      }
      case "snapchat.com" -> {
        return first.equals("add") ? named(SNAPCHAT, second) : null;
      }
      case "kik.me" -> {
        return named(KIK, first);
      }
      case "onlyfans.com" -> {
        return named(ONLYFANS, first);
      }
      default -> {
        return null;
      }
    }
  }

  private static @Nullable String named(String service, @Nullable String name) {
    if (name == null || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return null;
    }
    String checked = checkName(service, name);
    return checked == null ? null : service + ":" + checked;
  }

  private static @Nullable String whatsapp(String digits) {
    String d = digits.startsWith("+") ? digits.substring(1) : digits;
    if (d.length() < 7 || d.length() > 15) {
      return null;
    }
    for (int i = 0; i < d.length(); i++) {
      if (d.charAt(i) < '0' || d.charAt(i) > '9') {
        return null;
      }
    }
    return WHATSAPP + ":+" + d;
  }

  /** Path segment {@code index} (0-based) of {@code path}, or null if absent or empty. */
  private static @Nullable String segment(String path, int index) {
    int start = 1;
    for (int i = 0; i < index; i++) {
      int slash = path.indexOf('/', start);
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
    }
    if (start > path.length()) {
      return null;
    }
    int end = path.indexOf('/', start);
    String segment = end < 0 ? path.substring(start) : path.substring(start, end);
    return segment.isEmpty() ? null : segment;
  }
}
