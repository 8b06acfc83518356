package io.tripline.text;

import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A host name read from a {@link ContactText}, with the dots it was written with: real dots,
 * bracketed ones ({@code example[.]com}, {@code example (dot) com}) or the bare word
 * ({@code example dot com}).
 *
 * <p>Top-level domains. Where a host has no scheme and no {@code www.}, its last label must be
 * one of {@link #TLDS}: the generic TLDs that ads and spam use (com, net, org, info, biz, xyz,
 * top, site, online, app, dev, onion, ...), the two-letter country codes, and {@code test},
 * {@code example}, {@code invalid} (RFC 2606) so tests and docs need no real domain. Country
 * codes that are also common file extensions ({@code .py .sh .md .rs .pl .pm .ps .mk .so .ai})
 * are left out, so {@code main.py} is not a domain; a scheme or {@code www.} still makes them
 * hosts. Country codes that are English words ({@code it}, {@code me}, {@code to}, {@code no},
 * ...) count only with a path, a scheme, {@code www.} or a bracketed dot, since "done.It was"
 * is a missing space far more often than a site. The list is a choice, not the root zone: a
 * bare host on a TLD outside it is missed, and that is the trade for not reading "photo.jpg".
 */
final class ContactHost {

  static final int REAL_DOT = 1;
  static final int BRACKET_DOT = 2;
  static final int WORD_DOT = 4;
  /** The last label must be in {@link #TLDS}; otherwise any alphabetic label (or IPv4). */
  static final int KNOWN_TLD = 8;

  private static final int MAX_LABELS = 128;

  static final Set<String> TLDS = Set.of(
      // generic
      "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "name", "pro", "mobi",
      "asia", "tel", "travel", "jobs", "xxx", "app", "dev", "page", "blog", "shop", "store",
      "online", "site", "website", "space", "tech", "xyz", "top", "club", "vip", "live", "life",
      "fun", "icu", "buzz", "link", "click", "email", "agency", "company", "group", "ltd",
      "digital", "world", "today", "love", "sexy", "porn", "adult", "sex", "cam", "dating",
      "chat", "social", "network", "media", "news", "photo", "photos", "pics", "video", "tube",
      "cloud", "host", "press", "services", "support", "zone", "global", "best", "bet",
      "casino", "games", "guru", "ninja", "rocks", "wiki", "win", "work", "one", "men", "date",
      "party", "girl", "girls", "boutique", "massage", "spa", "fit", "beauty", "hair", "city",
      "moe", "lol", "art", "gg", "ly",
      // special use: Tor, and RFC 2606 names for tests and examples
      "onion", "test", "example", "invalid",
      // country codes
      "ac", "ad", "ae", "af", "ag", "al", "am", "ao", "aq", "ar", "as", "at", "au", "aw",
      "ax", "az", "ba", "bb", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bm", "bn", "bo", "br",
      "bs", "bt", "bw", "by", "bz", "ca", "cc", "cd", "cf", "cg", "ch", "ci", "ck", "cl", "cm",
      "cn", "co", "cr", "cu", "cv", "cw", "cx", "cy", "cz", "de", "dj", "dk", "dm", "do", "dz",
      "ec", "ee", "eg", "er", "es", "et", "eu", "fi", "fj", "fk", "fm", "fo", "fr", "ga", "gd",
      "ge", "gf", "gh", "gi", "gl", "gm", "gn", "gp", "gq", "gr", "gs", "gt", "gu", "gw",
      "gy", "hk", "hm", "hn", "hr", "ht", "hu", "id", "ie", "il", "im", "in", "io", "iq", "ir",
      "is", "it", "je", "jm", "jo", "jp", "ke", "kg", "kh", "ki", "km", "kn", "kp", "kr", "kw",
      "ky", "kz", "la", "lb", "lc", "li", "lk", "lr", "ls", "lt", "lu", "lv", "ma", "mc",
      "me", "mg", "mh", "ml", "mm", "mn", "mo", "mp", "mq", "mr", "ms", "mt", "mu", "mv", "mw",
      "mx", "my", "mz", "na", "nc", "ne", "nf", "ng", "ni", "nl", "no", "np", "nr", "nu", "nz",
      "om", "pa", "pe", "pf", "pg", "ph", "pk", "pn", "pr", "pt", "pw", "qa", "re", "ro", "ru",
      "rw", "sa", "sb", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "sr", "ss", "st",
      "su", "sv", "sx", "sy", "sz", "tc", "td", "tf", "tg", "th", "tj", "tk", "tl", "tm", "tn",
      "to", "tr", "tt", "tv", "tw", "tz", "ua", "ug", "uk", "us", "uy", "uz", "va", "vc", "ve",
      "vg", "vi", "vn", "vu", "wf", "ws", "ye", "yt", "za", "zm", "zw");

  /** Known TLDs that are also English words: a bare host on one needs more evidence. */
  private static final Set<String> WORD_TLDS = Set.of(
      "am", "as", "at", "be", "by", "do", "id", "im", "in", "is", "it", "me", "my", "no", "to",
      "us", "one", "win", "work", "date", "love", "life", "live", "fun", "best", "name", "art",
      "ly");

  /** Words that come before "dot" in prose ("the dot com era"), never as a domain label. */
  private static final Set<String> NOT_BEFORE_WORD_DOT = Set.of(
      "a", "an", "the", "this", "that", "my", "your", "his", "her", "our", "their", "its", "no",
      "one", "big", "little", "small", "tiny", "polka", "red", "blue", "green", "black", "white",
      "with", "and", "or", "of", "to", "in", "on", "at", "for", "every", "each", "last", "final",
      "next", "first", "second", "old", "new", "is", "was", "be");

  /** Where in the view: {@code [start, end)}. */
  final int start;
  final int end;
  /** Lower case, IDNA ASCII. */
  final String ascii;
  /** The label before the top-level one, lower case ("example" of "www.example.co"). */
  final String secondLevel;
  final String tld;
  /** Whether a bracketed or word dot was used. */
  final boolean obfuscated;
  final boolean wordDot;
  final boolean bracketDot;

  private ContactHost(int start, int end, String ascii, String secondLevel, String tld,
      boolean wordDot, boolean bracketDot) {
    this.start = start;
    this.end = end;
    this.ascii = ascii;
    this.secondLevel = secondLevel;
    this.tld = tld;
    this.wordDot = wordDot;
    this.bracketDot = bracketDot;
    this.obfuscated = wordDot || bracketDot;
  }

  /** Whether the top-level domain is a known one that is also an English word. */
  boolean tldIsWord() {
    return WORD_TLDS.contains(tld);
  }

  /** The host without a leading {@code www.}: the domain value. */
  String domain() {
    return ascii.startsWith("www.") && ascii.indexOf('.', 4) > 0 ? ascii.substring(4) : ascii;
  }

  static boolean isLabelChar(char c) {
    return c < 0x80 ? isAsciiAlnum(c) || c == '-' : Character.isLetterOrDigit(c);
  }

  static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * Reads hosts, reusing its label buffers from one read to the next; one per scan, not
   * thread-safe.
   */
  static final class Reader {
    private final int[] labelStart = new int[MAX_LABELS];
    private final int[] labelEnd = new int[MAX_LABELS];
    private final int[] separator = new int[MAX_LABELS]; // kind of the dot before label k
    /**
     * After a read that gave up on a name too long to be a host: where it stopped. A read from
     * any later label of that chain would give up on the same chain, so a caller skips to here.
     */
    int overlongEnd = -1;

    /**
     * Reads the longest plausible host starting at view index {@code start}, with the dot forms
     * and TLD rule that {@code flags} allow; null if there is none. Reads at most 254 chars of
     * labels, so time is bounded whatever follows.
     */
    @Nullable ContactHost read(ContactText t, int start, int flags) {
      char[] v = t.chars;
      int n = 0;
      int pos = start;
      int total = 0;
      overlongEnd = -1;
      while (true) {
        int s = pos;
        while (pos < t.length && isLabelChar(v[pos])) {
          pos++;
          if (pos - s > 63) {
            overlongEnd = pos;
            return null;
          }
        }
        if (pos == s) {
          break;
        }
        total += pos - s + 1;
        if (total > 254 || n == MAX_LABELS) {
          overlongEnd = pos;
          return null;
        }
        labelStart[n] = s;
        labelEnd[n] = pos;
        n++;
        int next = -1;
        int kind = 0;
        if ((flags & REAL_DOT) != 0 && t.at(pos) == '.' && isLabelChar(t.at(pos + 1))) {
          next = pos + 1;
          kind = REAL_DOT;
        }
        if (next < 0 && (flags & BRACKET_DOT) != 0) {
          next = bracketDot(t, pos);
          kind = BRACKET_DOT;
        }
        if (next < 0 && (flags & WORD_DOT) != 0) {
          next = wordDot(t, pos);
          kind = WORD_DOT;
        }
        if (next < 0) {
          break;
        }
        separator[n] = kind;
        pos = next;
      }
      boolean knownTld = (flags & KNOWN_TLD) != 0;
      for (int k = n; k >= 2; k--) {
        ContactHost host = accept(t, labelStart, labelEnd, separator, k, knownTld);
        if (host != null) {
          return host;
        }
      }
      return null;
    }
  }

  private static @Nullable ContactHost accept(ContactText t, int[] labelStart, int[] labelEnd,
      int[] separator, int k, boolean knownTld) {
    char[] v = t.chars;
    String tld = t.slice(labelStart[k - 1], labelEnd[k - 1]);
    boolean wordDot = false;
    boolean bracketDot = false;
    for (int i = 1; i < k; i++) {
      wordDot |= separator[i] == WORD_DOT;
      bracketDot |= separator[i] == BRACKET_DOT;
    }
    boolean ipv4 = !knownTld && k == 4 && !wordDot && !bracketDot && isIpv4(t, labelStart, labelEnd);
    if (!ipv4) {
      if (tld.length() < 2 || !isAsciiLetters(tld)) {
        return null;
      }
      String lowerTld = tld.toLowerCase(Locale.ROOT);
      if (knownTld) {
        // "hello.It was": a capitalised TLD is a sentence start, not a domain.
        boolean oneCase = tld.equals(lowerTld) || tld.equals(tld.toUpperCase(Locale.ROOT));
        if (!TLDS.contains(lowerTld) || !oneCase) {
          return null;
        }
      }
    }
    StringBuilder host = new StringBuilder(labelEnd[k - 1] - labelStart[0]);
    boolean ascii = true;
    for (int i = 0; i < k; i++) {
      if (v[labelStart[i]] == '-' || v[labelEnd[i] - 1] == '-') {
        return null;
      }
      if (i > 0) {
        host.append('.');
      }
      for (int j = labelStart[i]; j < labelEnd[i]; j++) {
        char c = v[j];
        ascii &= c < 0x80;
        host.append(c);
      }
    }
    String name = host.toString().toLowerCase(Locale.ROOT);
    if (!ascii) {
      try {
        name = IDN.toASCII(name);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (name.length() > 253) {
        return null;
      }
    }
    String secondLevel = t.slice(labelStart[k - 2], labelEnd[k - 2]).toLowerCase(Locale.ROOT);
    if (wordDot) {
      for (int i = 1; i < k; i++) {
        if (separator[i] == WORD_DOT) {
          String before = t.slice(labelStart[i - 1], labelEnd[i - 1]).toLowerCase(Locale.ROOT);
          if (NOT_BEFORE_WORD_DOT.contains(before)) {
            return null;
          }
        }
      }
    }
    return new ContactHost(labelStart[0], labelEnd[k - 1], name, secondLevel,
        tld.toLowerCase(Locale.ROOT), wordDot, bracketDot);
  }

  private static boolean isIpv4(ContactText t, int[] labelStart, int[] labelEnd) {
    for (int i = 0; i < 4; i++) {
      int len = labelEnd[i] - labelStart[i];
      if (len > 3) {
        return false;
      }
      int value = 0;
      for (int j = labelStart[i]; j < labelEnd[i]; j++) {
        char c = t.chars[j];
        if (c < '0' || c > '9') {
          return false;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * After a label at {@code pos}: {@code [.]}, {@code (.)}, {@code [dot]}, {@code (dot)},
   * {@code {dot}} or {@code <dot>}, with up to two spaces either side. Returns where the next
   * label starts, or -1.
   */
  static int bracketDot(ContactText t, int pos) {
    int p = skipSpaces(t, pos, 2);
    char open = t.at(p);
    char close = closerOf(open);
    if (close == 0) {
      return -1;
    }
    p = skipSpaces(t, p + 1, 1);
    if (t.at(p) == '.') {
      p++;
    } else if (wordAt(t, p, "dot")) {
      p += 3;
    } else {
      return -1;
    }
    p = skipSpaces(t, p, 1);
    if (t.at(p) != close) {
      return -1;
    }
    p = skipSpaces(t, p + 1, 2);
    return isLabelChar(t.at(p)) ? p : -1;
  }

  /** After a label at {@code pos}: one or two spaces, "dot", one or two spaces. */
  static int wordDot(ContactText t, int pos) {
    if (t.at(pos) != ' ') {
      return -1;
    }
    int p = skipSpaces(t, pos, 2);
    if (!wordAt(t, p, "dot") || t.at(p + 3) != ' ') {
      return -1;
    }
    p = skipSpaces(t, p + 3, 2);
    return isLabelChar(t.at(p)) ? p : -1;
  }

  static char closerOf(char open) {
    return switch (open) {
      case '(' -> ')';
      case '[' -> ']';
      case '{' -> '}';
      case '<' -> '>';
      default -> 0;
    };
  }

  static int skipSpaces(ContactText t, int pos, int max) {
    int p = pos;
    while (p - pos < max && (t.at(p) == ' ' || t.at(p) == '\t')) {
      p++;
    }
    return p;
  }

  /** Whether {@code word} (lower-case ASCII) is at {@code pos}, in any case. */
  static boolean wordAt(ContactText t, int pos, String word) {
    if (pos < 0 || pos + word.length() > t.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = t.chars[pos + i];
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
