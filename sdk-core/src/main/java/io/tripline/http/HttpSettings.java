package io.tripline.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What Tripline's HTTP clients (feeds, reports, the CyberTipline adapter) check and set up alike:
 * a base URL that can carry no credential, positive timeouts, and an OkHttp client that follows
 * no redirect, so a credential goes nowhere but the configured base. Support code for the SDK's
 * own clients, not an extension point.
 */
public final class HttpSettings {

  private HttpSettings() {}

  /**
   * {@code baseUrl} parsed, with a trailing {@code /} dropped so that {@code .../} and {@code ...}
   * resolve alike.
   *
   * @param credentialSetter the builder method to name when the URL carries user info
   * @throws IllegalArgumentException if it is not an http(s) URL, or carries user info, a query or
   *     a fragment
   */
  public static HttpUrl baseUrl(String baseUrl, String credentialSetter) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    HttpUrl url = HttpUrl.parse(baseUrl);
    if (url == null) {
      throw new IllegalArgumentException("baseUrl is not an http or https URL");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException("baseUrl must not carry user info; use " + credentialSetter + "(...)");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment");
    }
    List<String> segments = url.pathSegments();
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      url = url.newBuilder().removePathSegment(segments.size() - 1).build();
    }
    return url;
  }

  /**
   * A copy of {@code given} to keep as a credential, after wiping {@code previous} (the one it
   * replaces, if any).
   *
   * @throws NullPointerException if {@code given} is null
   * @throws IllegalArgumentException if it is empty
   */
  public static char[] credential(char @Nullable [] previous, char[] given) {
    Objects.requireNonNull(given, "credential");
    if (given.length == 0) {
      throw new IllegalArgumentException("credential must not be empty");
    }
    if (previous != null) {
      Arrays.fill(previous, '\0');
    }
    return given.clone();
  }

  /**
   * {@code duration}, checked.
   *
   * @throws NullPointerException if it is null
   * @throws IllegalArgumentException if it is zero or negative
   */
  public static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }

  /**
   * A client derived from {@code base} (sharing its pool and dispatcher) or a new one, with these
   * timeouts ({@code read} for writes too) and no redirects followed.
   */
  public static OkHttpClient.Builder client(@Nullable OkHttpClient base, Duration connect, Duration read,
      Duration call) {
    return (base != null ? base.newBuilder() : new OkHttpClient.Builder())
        .connectTimeout(connect)
        .readTimeout(read)
        .writeTimeout(read)
        .callTimeout(call)
        .followRedirects(false)
        .followSslRedirects(false);
  }
}
