package io.tripline.report;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The field checks of the report model; each failure names its field. */
final class Check {

  static final Set<String> ISO_3166_ALPHA_2 = Set.of(Locale.getISOCountries());
  private static final Pattern IPV4 = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** Platform user ids: printable ASCII, no spaces. */
  static final Pattern USER_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private Check() {}

  /** Runs {@code make}, naming fields of its errors under {@code prefix}. */
  static <T> T within(String prefix, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (InvalidReportException e) {
      if (e.field().startsWith(prefix + ".") || e.field().startsWith(prefix + "[")) {
        throw e; // already a full path (read from JSON)
      }
      throw invalid(prefix + "." + e.field(), e.reason());
    }
  }

  static InvalidReportException invalid(String field, String reason) {
    return new InvalidReportException(field, reason);
  }

  static <T> T present(@Nullable T value, String field) {
    if (value == null) {
      throw invalid(field, "is required");
    }
    return value;
  }

  /** A required text of 1..max characters, not blank, without control characters. */
  static String text(@Nullable String value, String field, int max) {
    present(value, field);
    return optionalText(value, field, max);
  }

  static @Nullable String optionalText(@Nullable String value, String field, int max) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw invalid(field, "must not be blank");
    }
    if (value.length() > max) {
      throw invalid(field, "must be at most " + max + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw invalid(field, "must not contain control characters");
      }
    }
    return value;
  }

  static String matches(@Nullable String value, String field, Pattern pattern, String expected) {
    present(value, field);
    if (!pattern.matcher(value).matches()) {
      throw invalid(field, "must be " + expected);
    }
    return value;
  }

  /** Lower-case hex of exactly {@code digits} digits. */
  static @Nullable String hex(@Nullable String value, String field, int digits, boolean required) {
    if (value == null) {
      if (required) {
        throw invalid(field, "is required");
      }
      return null;
    }
    boolean ok = value.length() == digits;
    for (int i = 0; ok && i < value.length(); i++) {
      char c = value.charAt(i);
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!ok) {
      throw invalid(field, "must be " + digits + " lower-case hex digits");
    }
    return value;
  }

  static void size(Collection<?> values, String field, int min, int max) {
    if (values.size() < min) {
      throw invalid(field, min == 1 ? "must have at least one entry" : "must have at least " + min + " entries");
    }
    if (values.size() > max) {
      throw invalid(field, "must have at most " + max + " entries, has " + values.size());
    }
  }

  static String country(@Nullable String code, String field) {
    present(code, field);
    if (!ISO_3166_ALPHA_2.contains(code)) {
      String hint = code.equalsIgnoreCase("UK") ? " (the United Kingdom is GB)"
          : code.equalsIgnoreCase("EL") ? " (Greece is GR)"
          : ISO_3166_ALPHA_2.contains(code.toUpperCase(Locale.ROOT)) ? " (codes are upper case)" : "";
      throw invalid(field, "'" + shorten(code) + "' is not an ISO 3166-1 alpha-2 country code" + hint);
    }
    return code;
  }

  /** An IPv4 or IPv6 literal; never a host name (no lookup is made). */
  static String ip(@Nullable String ip, String field) {
    present(ip, field);
    if (IPV4.matcher(ip).matches()) {
      return ip;
    }
    if (ip.indexOf(':') >= 0 && IPV6_CHARS.matcher(ip).matches()) {
      try {
        // With a ':' the JDK parses an IPv6 literal and never resolves a name.
        InetAddress.getByName(ip);
        return ip;
      } catch (UnknownHostException e) {
        // fall through
      }
    }
    throw invalid(field, "must be an IPv4 or IPv6 address literal");
  }

  static void notBefore(Instant later, Instant earlier, String field, String earlierField) {
    if (later.isBefore(earlier)) {
      throw invalid(field, "must not be before " + earlierField + " (" + later + " < " + earlier + ")");
    }
  }

  /** A value from a server or caller, quoted in an error only in part. */
  static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
