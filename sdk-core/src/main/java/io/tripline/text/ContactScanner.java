package io.tripline.text;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One extraction over one text. Scanners run in a fixed order (wallets, URLs with a scheme,
 * emails, bare hosts, handles), each a single left-to-right pass that reads a bounded number of
 * chars at each position and never backtracks, so time is linear in the text. A later scanner
 * does not start inside what an earlier one found, so an email's domain or a {@code $name} in a
 * URL is not reported twice. Not thread-safe; {@link ContactExtractor} makes one per call.
 */
final class ContactScanner {

  /** Receives what a scanner found, in view indices; false when no more is wanted. */
  interface Sink {
    boolean add(String type, String value, int from, int to);
  }

  /** Mail domains whose second-level label makes "name at gmail.com" an address. */
  private static final Set<String> MAIL_PROVIDERS = Set.of(
      "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "msn",
      "aol", "icloud", "me", "mac", "protonmail", "proton", "pm", "tutanota", "tuta", "gmx",
      "mail", "yandex", "zoho", "fastmail", "hushmail", "qq", "163", "126", "web", "comcast",
      "mailfence", "inbox", "email");

  /** Words before " at " that are prose ("meet me at", "look at"), never an address's local part. */
  private static final Set<String> NOT_LOCAL = Set.of(
      "me", "us", "you", "him", "her", "them", "it", "we", "i", "they", "look", "looking",
      "here", "there", "home", "work", "stay", "meet", "see", "find", "call", "text", "reach",
      "available", "back", "out", "in", "up", "all", "not", "is", "are", "was", "be", "been",
      "best", "least", "most", "only", "just", "once", "right", "left", "anytime", "arrive",
      "email", "mail", "write", "contact", "message", "dm", "hit", "and", "or", "but", "so",
      "then", "now", "again", "aimed", "good", "bad", "met", "stayed", "arrived", "worked",
      "lived", "looked", "seen", "were", "am", "meeting", "staying", "working");

  /** Places after " at " in prose ("at home dot com" is a joke, not an address). */
  private static final Set<String> NOT_MAIL_DOMAIN = Set.of(
      "home", "work", "school", "night", "noon", "midnight", "the", "a", "my", "your", "least",
      "last", "first", "once", "all", "best", "time", "times", "dawn", "dusk", "lunch", "dinner",
      "church", "hotel", "bar", "club", "beach", "five", "ten");

  private static final int MAX_URL_TAIL = 2048;

  private final ContactText t;
  private final int limit;
  private final BitSet taken;
  private final ContactHost.Reader hosts = new ContactHost.Reader();
  private final List<Entity> found = new ArrayList<>();
  private final Sink sink = this::add;

  private ContactScanner(String original, int limit) {
    this.t = ContactText.of(original);
    this.limit = limit;
    this.taken = new BitSet(t.length);
  }

  /** Every contact entity in {@code original}, in text order, at most {@code limit}. */
  static List<Entity> scan(String original, int limit) {
    ContactScanner s = new ContactScanner(original, limit);
    WalletFinder.find(s.t, s.sink);
    s.schemeUrls();
    s.emails();
    s.bareHosts();
    s.handles();
    return s.sorted();
  }

  /** Only the wallets in {@code original}, in text order. */
  static List<Entity> wallets(String original, int limit) {
    ContactScanner s = new ContactScanner(original, limit);
    WalletFinder.find(s.t, s.sink);
    return s.sorted();
  }

  private List<Entity> sorted() {
    found.sort(Comparator.comparingInt((Entity e) -> e.span().start())
        .thenComparing(e -> -e.span().end()));
    return List.copyOf(found);
  }

  private boolean add(String type, String value, int from, int to) {
    if (found.size() >= limit) {
      return false;
    }
    found.add(new Entity(type, value, t.span(from, to)));
    taken.set(from, to);
    return found.size() < limit;
  }

  private boolean full() {
    return found.size() >= limit;
  }

  // ---- URLs ---------------------------------------------------------------------------------

  /** {@code http://}, {@code https://} and the defanged {@code hxxp(s)://}. */
  private void schemeUrls() {
    char[] v = t.chars;
    int i = 0;
    while (i < t.length && !full()) {
      char c = v[i];
      if ((c != 'h' && c != 'H') || ContactHost.isAsciiAlnum(t.at(i - 1))) {
        i++;
        continue;
      }
      int p = i;
      if (ContactHost.wordAt(t, p, "http") || ContactHost.wordAt(t, p, "hxxp")) {
        p += 4;
      } else {
        i++;
        continue;
      }
      boolean secure = t.at(p) == 's' || t.at(p) == 'S';
      if (secure) {
        p++;
      }
      if (!(t.at(p) == ':' && t.at(p + 1) == '/' && t.at(p + 2) == '/')) {
        i++;
        continue;
      }
      ContactHost host =
          hosts.read(t, p + 3, ContactHost.REAL_DOT | ContactHost.BRACKET_DOT);
      if (host == null) {
        i = p + 3;
        continue;
      }
      i = url(i, host, secure ? "https" : "http");
    }
  }

  /** Bare hosts: {@code example.com}, {@code www.example.com/x}, {@code example[.]com}. */
  private void bareHosts() {
    char[] v = t.chars;
    int i = 0;
    while (i < t.length && !full()) {
      char c = v[i];
      char before = t.at(i - 1);
      if (!ContactHost.isLabelChar(c) || ContactHost.isLabelChar(before) || notBeforeHost(before)
          || taken.get(i)) {
        i++;
        continue;
      }
      boolean www = ContactHost.wordAt(t, i, "www.");
      int flags = ContactHost.REAL_DOT | ContactHost.BRACKET_DOT | ContactHost.WORD_DOT
          | (www ? 0 : ContactHost.KNOWN_TLD);
      ContactHost host = hosts.read(t, i, flags);
      if (host != null && !overlapsTaken(host.start, host.end)) {
        boolean path = t.at(host.end) == '/' && !host.wordDot;
        if (www || path) {
          i = url(i, host, "https");
          continue;
        }
        if (!host.tldIsWord() || host.bracketDot) {
          add(Entity.TYPE_DOMAIN, host.domain(), host.start, host.end);
          i = host.end;
          continue;
        }
      }
      // Nothing starts inside this run of label chars and dots: each would follow one of them.
      i = Math.max(i + 1, hosts.overlongEnd);
      while (i < t.length && (ContactHost.isLabelChar(v[i]) || v[i] == '.')) {
        i++;
      }
    }
  }

  private static boolean notBeforeHost(char c) {
    return ".@/\\_$#%&=+~".indexOf(c) >= 0;
  }

  private boolean overlapsTaken(int from, int to) {
    int next = taken.nextSetBit(from);
    return next >= 0 && next < to;
  }

  /**
   * Reads the port, path, query and fragment after {@code host}, and reports the URL (value
   * canonical: lower-case scheme and host, default port and fragment dropped, {@code /} for an
   * empty path), its domain and any handle its path names. Returns the view index after it.
   */
  private int url(int start, ContactHost host, String scheme) {
    int p = host.end;
    String port = "";
    if (t.at(p) == ':' && isDigit(t.at(p + 1))) {
      int q = p + 1;
      while (isDigit(t.at(q)) && q - p <= 5) {
        q++;
      }
      if (!ContactHost.isAsciiAlnum(t.at(q)) && q - p <= 6) {
        String digits = t.slice(p + 1, q);
        int number = Integer.parseInt(digits);
        boolean dflt = scheme.equals("https") ? number == 443 : number == 80;
        if (number <= 65535) {
          port = dflt ? "" : ":" + number;
          p = q;
        }
      }
    }
    int tailStart = p;
    char first = t.at(p);
    if (first == '/' || first == '?' || first == '#') {
      while (p < t.length && p - tailStart < MAX_URL_TAIL && isUrlChar(t.chars[p])) {
        p++;
      }
      p = trimTail(tailStart, p);
    }
    String tail = t.slice(tailStart, p);
    int hash = tail.indexOf('#');
    if (hash >= 0) {
      tail = tail.substring(0, hash);
    }
    if (tail.isEmpty() || tail.charAt(0) != '/') {
      tail = "/" + tail;
    }
    String value = scheme + "://" + host.ascii + port + tail;
    if (!add(Entity.TYPE_URL, value, start, p)) {
      return t.length;
    }
    String domain = host.domain();
    if (!add(Entity.TYPE_DOMAIN, domain, host.start, host.end)) {
      return t.length;
    }
    int query = tail.indexOf('?');
    String handle = ContactHandles.fromUrl(domain, query < 0 ? tail : tail.substring(0, query));
    if (handle != null && !add(Entity.TYPE_HANDLE, handle, start, p)) {
      return t.length;
    }
    return p;
  }

  /** Drops the sentence's punctuation after a URL, and closing brackets it did not open. */
  private int trimTail(int from, int to) {
    int open = 0;
    int close = 0;
    int openSquare = 0;
    int closeSquare = 0;
    for (int i = from; i < to; i++) {
      switch (t.chars[i]) {
        case '(' -> open++;
        case ')' -> close++;
        case '[' -> openSquare++;
        case ']' -> closeSquare++;
        default -> { }
      }
    }
    int end = to;
    while (end > from + 1) {
      char c = t.chars[end - 1];
      if (".,;:!?'\"*".indexOf(c) >= 0) {
        end--;
      } else if (c == ')' && close > open) {
        close--;
        end--;
      } else if (c == ']' && closeSquare > openSquare) {
        closeSquare--;
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  private static boolean isUrlChar(char c) {
    if (c < 0x80) {
      return c > 0x20 && c < 0x7F && "<>\"`{}|\\^".indexOf(c) < 0;
    }
    return Character.isLetterOrDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---- Emails -------------------------------------------------------------------------------

  private static final int SYMBOL_AT = 0;
  private static final int BRACKET_AT = 1;
  private static final int WORD_AT = 2;

  /**
   * {@code name@example.com}, {@code name (at) example (dot) com}, {@code name [at] example
   * [dot] com}, and {@code name at example dot com} when the domain is obfuscated too or a known
   * mail provider and the name is not a word of prose.
   */
  private void emails() {
    char[] v = t.chars;
    int i = 0;
    while (i < t.length && !full()) {
      char c = v[i];
      int kind;
      int localEnd = i;
      int domainStart;
      if (c == '@') {
        kind = SYMBOL_AT;
        domainStart = i + 1;
      } else if (ContactHost.closerOf(c) != 0) {
        int p = ContactHost.skipSpaces(t, i + 1, 1);
        if (ContactHost.wordAt(t, p, "at")) {
          p += 2;
        } else if (t.at(p) == '@') {
          p++;
        } else {
          i++;
          continue;
        }
        p = ContactHost.skipSpaces(t, p, 1);
        if (t.at(p) != ContactHost.closerOf(c)) {
          i++;
          continue;
        }
        kind = BRACKET_AT;
        domainStart = ContactHost.skipSpaces(t, p + 1, 2);
        while (localEnd > 0 && i - localEnd < 2 && t.at(localEnd - 1) == ' ') {
          localEnd--;
        }
      } else if (c == ' ' && t.at(i - 1) != ' ' && ContactHost.wordAt(t, i + 1, "at")
          && t.at(i + 3) == ' ') {
        kind = WORD_AT;
        domainStart = ContactHost.skipSpaces(t, i + 3, 2);
      } else {
        i++;
        continue;
      }
      int end = email(kind, localEnd, domainStart);
      i = end > i ? end : i + 1;
    }
  }

  /** Reports the address around an at-sign, if there is one; returns its end or -1. */
  private int email(int kind, int localEnd, int domainStart) {
    int s = localEnd;
    while (s > 0 && isLocalChar(t.at(s - 1))) {
      s--;
      if (localEnd - s > 64) {
        return -1;
      }
    }
    // "a@a@a": a local part right after an at-sign is the tail of something else.
    if (t.at(s - 1) == '@') {
      return -1;
    }
    while (s < localEnd && t.at(s) == '.') {
      s++;
    }
    if (s == localEnd || t.at(localEnd - 1) == '.' || taken.get(s) || taken.get(localEnd - 1)) {
      return -1;
    }
    String local = t.slice(s, localEnd);
    if (local.contains("..")) {
      return -1;
    }
    int flags = ContactHost.REAL_DOT | ContactHost.BRACKET_DOT | ContactHost.WORD_DOT
        | ContactHost.KNOWN_TLD;
    ContactHost host = hosts.read(t, domainStart, flags);
    if (host == null || host.start != domainStart) {
      return -1;
    }
    String lowerLocal = local.toLowerCase(Locale.ROOT);
    if (kind == WORD_AT && (NOT_LOCAL.contains(lowerLocal)
        || NOT_MAIL_DOMAIN.contains(host.secondLevel)
        || !(host.obfuscated || MAIL_PROVIDERS.contains(host.secondLevel)))) {
      return -1;
    }
    add(Entity.TYPE_EMAIL, lowerLocal + "@" + host.ascii, s, host.end);
    return host.end;
  }

  private static boolean isLocalChar(char c) {
    return ContactHost.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+'
        || c == '-';
  }

  // ---- Handles ------------------------------------------------------------------------------

  /** Labelled handles ("snap: name", "insta @name", "telegram: @name") and $cashtags. */
  private void handles() {
    char[] v = t.chars;
    int i = 0;
    while (i < t.length && !full()) {
      char c = v[i];
      char before = t.at(i - 1);
      if (c == '$' && !ContactHost.isAsciiAlnum(before) && before != '$' && !taken.get(i)) {
        i = cashtag(i);
        continue;
      }
      if (!isAsciiLetter(c) || ContactHost.isAsciiAlnum(before) || before == '_') {
        i++;
        continue;
      }
      int wordEnd = i;
      while (isAsciiLetter(t.at(wordEnd)) && wordEnd - i <= 10) {
        wordEnd++;
      }
      // Label words are 2 to 9 letters and start with one of these: skip other words unread.
      if (ContactHost.isAsciiAlnum(t.at(wordEnd)) || wordEnd - i < 2 || wordEnd - i > 9
          || "cikostvCIKOSTV".indexOf(c) < 0) {
        i = skipWord(wordEnd);
        continue;
      }
      String word = t.slice(i, wordEnd).toLowerCase(Locale.ROOT);
      if (word.equals("cash") && t.at(wordEnd) == ' ' && ContactHost.wordAt(t, wordEnd + 1, "app")
          && !ContactHost.isAsciiAlnum(t.at(wordEnd + 4))) {
        word = "cashapp";
        wordEnd += 4;
      }
      String service = ContactHandles.LABELS.get(word);
      if (service == null || taken.get(i)) {
        i = wordEnd;
        continue;
      }
      int end = labelled(i, wordEnd, service);
      i = end > 0 ? end : wordEnd;
    }
  }

  private int skipWord(int from) {
    int p = from;
    while (ContactHost.isAsciiAlnum(t.at(p))) {
      p++;
    }
    return p;
  }

  /** A name after a label word; returns its end or -1. */
  private int labelled(int start, int wordEnd, String service) {
    int p = ContactHost.skipSpaces(t, wordEnd, 2);
    boolean separated = false;
    char c = t.at(p);
    if (c == ':' || c == '=' || c == '-' || c == '\u2013') {
      int after = ContactHost.skipSpaces(t, p + 1, 2);
      // "insta-famous" is a compound word; "insta - jen" and "ig-: jen" are labels.
      boolean dash = c == '-' || c == '\u2013';
      if (dash && p == wordEnd && after == p + 1) {
        return -1;
      }
      p = after;
      separated = true;
    }
    if (t.at(p) == '@' || (service.equals(ContactHandles.CASHAPP) && t.at(p) == '$')) {
      p++;
      separated = true;
    }
    if (!separated || taken.get(p)) {
      return -1;
    }
    int max = ContactHandles.maxLength(service);
    int q = p;
    while (ContactHandles.isNameChar(service, t.at(q)) && q - p <= max) {
      q++;
    }
    int end = q;
    while (end > p && (t.at(end - 1) == '.' || t.at(end - 1) == '-')) {
      end--;
    }
    if (ContactHandles.isNameChar(service, t.at(q)) || t.at(q) == '@') {
      return -1; // too long, or an email address
    }
    String name = ContactHandles.checkName(service, t.slice(p, end));
    if (name == null) {
      return -1;
    }
    add(Entity.TYPE_HANDLE, service + ":" + name, start, end);
    return end;
  }

  /** {@code $name}: a letter, then 1 to 20 letters or digits; {@code $200} is a price. */
  private int cashtag(int dollar) {
    int p = dollar + 1;
    int q = p;
    while (ContactHost.isAsciiAlnum(t.at(q)) && q - p <= 21) {
      q++;
    }
    if (ContactHost.isAsciiAlnum(t.at(q)) || t.at(q) == '_' || t.at(q) == '@') {
      return skipWord(q);
    }
    @Nullable String name = ContactHandles.checkName(ContactHandles.CASHAPP, t.slice(p, q));
    if (name == null) {
      return Math.max(q, dollar + 1);
    }
    add(Entity.TYPE_HANDLE, ContactHandles.CASHAPP + ":" + name, dollar, q);
    return q;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
