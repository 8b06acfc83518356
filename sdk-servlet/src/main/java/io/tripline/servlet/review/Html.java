package io.tripline.servlet.review;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds HTML in which every text and every attribute value is escaped: there is no way to add a
 * caller's string unescaped. Markup comes only from tag and attribute names (checked to be plain
 * names) and from other {@code Html} fragments, which were escaped when they were built.
 *
 * <pre>{@code
 * Html row = new Html()
 *     .open("tr")
 *     .element("td", ad.title())                       // escaped
 *     .open("td").element("a", "Open", "href", "items/" + id).close("td")
 *     .close("tr");
 * }</pre>
 *
 * <p>Attributes are name/value pairs; a null value leaves the attribute out, {@code ""} writes a
 * boolean attribute ({@code required=""}). URL attributes ({@code href}, {@code src},
 * {@code action}, {@code formaction}) take relative URLs and {@code http}, {@code https} or
 * {@code mailto} ones; any other scheme ({@code javascript:}, {@code data:}) is replaced by
 * {@code #}. Tags must be closed in order: {@link #toString()} refuses unclosed ones.
 *
 * <p>Not thread-safe; a fragment is built by one thread, then appended or rendered.
 */
public final class Html {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
      "link", "meta", "source", "track", "wbr");
  private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "cite");
  private static final Set<String> NO_TEXT = Set.of("script", "style");

  private final StringBuilder out = new StringBuilder(256);
  private final Deque<String> open = new ArrayDeque<>();

  /** An empty fragment. */
  public Html() {}

  /**
   * A start tag with {@code attributes} (name, value, name, value, ...); close it with
   * {@link #close(String)}.
   *
   * @throws IllegalArgumentException if a name is not a plain lower-case name, the tag is a void
   *     element (use {@link #empty(String, String...)}), or the attributes are not pairs
   */
  public Html open(String tag, @Nullable String... attributes) {
    checkTag(tag);
    if (VOID.contains(tag)) {
      throw new IllegalArgumentException("<" + tag + "> is a void element: use empty()");
    }
    startTag(tag, attributes);
    open.push(tag);
    return this;
  }

  /**
   * The end tag of the innermost open element.
   *
   * @throws IllegalStateException if {@code tag} is not the innermost open element
   */
  public Html close(String tag) {
    String innermost = open.peek();
    if (!Objects.equals(innermost, tag)) {
      throw new IllegalStateException("cannot close <" + tag + ">: the innermost open element is "
          + (innermost == null ? "none" : "<" + innermost + ">"));
    }
    open.pop();
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag attributes>text</tag>}, the text escaped. */
  public Html element(String tag, String text, @Nullable String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  /** A void element such as {@code input}, {@code img}, {@code link} or {@code meta}. */
  public Html empty(String tag, @Nullable String... attributes) {
    checkTag(tag);
    if (!VOID.contains(tag)) {
      throw new IllegalArgumentException("<" + tag + "> is not a void element: use open() and close()");
    }
    startTag(tag, attributes);
    return this;
  }

  /**
   * {@code text}, escaped.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public Html text(String text) {
    Objects.requireNonNull(text, "text");
    escapeInto(text, out);
    return this;
  }

  /**
   * Another fragment, as built (its text was escaped when added to it).
   *
   * @throws IllegalStateException if {@code fragment} has unclosed elements
   */
  public Html append(Html fragment) {
    out.append(fragment.toString());
    return this;
  }

  /**
   * The hidden form field with the CSRF {@code token}; see {@link CsrfTokens#tokenFor}.
   */
  public Html csrfField(String token) {
    return empty("input", "type", "hidden", "name", CsrfTokens.FIELD, "value", token);
  }

  /** Markup written by this class itself (the doctype); never a caller's string. */
  Html markup(String constant) {
    out.append(constant);
    return this;
  }

  /**
   * The HTML.
   *
   * @throws IllegalStateException if an element is still open
   */
  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    return out.toString();
  }

  /** {@code text} escaped for an HTML text node or a double-quoted attribute value. */
  public static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    escapeInto(text, escaped);
    return escaped.toString();
  }

  private void startTag(String tag, @Nullable String[] attributes) {
    if (NO_TEXT.contains(tag)) {
      // Their content is not parsed as HTML, so escaping would not protect it.
      throw new IllegalArgumentException("<" + tag + "> is not allowed: the review UI has no inline scripts or styles");
    }
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name/value pairs, got " + attributes.length + " strings");
    }
    out.append('<').append(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      String name = attributes[i];
      String value = attributes[i + 1];
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not an attribute name: " + name);
      }
      if (name.startsWith("on") || name.equals("style")) {
        throw new IllegalArgumentException("attribute '" + name + "' is not allowed: the policy forbids inline code and styles");
      }
      if (value == null) {
        continue;
      }
      if (URL_ATTRIBUTES.contains(name) && !isSafeUrl(value)) {
        value = "#";
      }
      out.append(' ').append(name).append("=\"");
      escapeInto(value, out);
      out.append('"');
    }
    out.append('>');
  }

  private static void checkTag(String tag) {
    if (tag == null || !NAME.matcher(tag).matches()) {
      throw new IllegalArgumentException("not a tag name: " + tag);
    }
  }

  /** Relative, or http(s) / mailto; control characters and whitespace tricks are not relative. */
  static boolean isSafeUrl(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    String u = url.strip().toLowerCase(Locale.ROOT);
    int colon = u.indexOf(':');
    int firstDelimiter = firstOf(u, "/?#");
    if (colon < 0 || (firstDelimiter >= 0 && firstDelimiter < colon)) {
      return true;
    }
    String scheme = u.substring(0, colon);
    return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static void escapeInto(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '`' -> out.append("&#96;");
        case '\0' -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
  }
}
