package io.tripline.servlet.review;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Synchronizer tokens against cross-site request forgery: one random token per session, put in
 * every form as the hidden field {@value #FIELD} (or sent by scripts and API clients as the header
 * {@value #HEADER}), and checked on every state-changing request.
 *
 * <p>A token is 32 bytes from {@link SecureRandom}, base64url without padding, kept in the
 * {@link HttpSession}, so a new session has a new token. It is also bound to the signed-in user:
 * containers keep a session's attributes when they renew its id on login (Jetty renews it on
 * every BASIC-authenticated request), so a token planted in a session before the login (session
 * fixation) or issued to another user of the same session no longer counts, and a new one is
 * issued. Tokens are compared in constant time.
 *
 * <p>Thread-safe.
 */
public final class CsrfTokens {

  /** The form field that carries the token. */
  public static final String FIELD = "_csrf";
  /** The request header that carries the token. */
  public static final String HEADER = "X-CSRF-Token";

  static final String SESSION_ATTRIBUTE = CsrfTokens.class.getName();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 32;

  private CsrfTokens() {}

  /**
   * The token for {@code request}'s session and user, creating the session or a new token if
   * needed. Put it in every form (see {@link Html#csrfField(String)}).
   *
   * @throws NullPointerException if {@code request} is null
   */
  public static String tokenFor(HttpServletRequest request) {
    Objects.requireNonNull(request, "request");
    HttpSession session = request.getSession(true);
    synchronized (lockFor(session)) {
      Bound bound = current(request, session);
      if (bound == null) {
        bound = new Bound(userOf(request), newToken());
        session.setAttribute(SESSION_ATTRIBUTE, bound);
      }
      return bound.token;
    }
  }

  /**
   * Whether {@code request} carries the current token of its session and user, in the form field
   * {@value #FIELD} or the header {@value #HEADER}. False without a session, without a token, or
   * with a token of another session or issued to another user. Reads the form field only for form posts
   * ({@code application/x-www-form-urlencoded}, or multipart if the servlet has a multipart
   * config), so a JSON body is not consumed.
   *
   * @throws NullPointerException if {@code request} is null
   */
  public static boolean isValid(HttpServletRequest request) {
    Objects.requireNonNull(request, "request");
    HttpSession session = request.getSession(false);
    if (session == null) {
      return false;
    }
    Bound bound;
    synchronized (lockFor(session)) {
      bound = current(request, session);
    }
    if (bound == null) {
      return false;
    }
    String offered = request.getHeader(HEADER);
    if (offered == null && isForm(request)) {
      offered = request.getParameter(FIELD);
    }
    if (offered == null) {
      return false;
    }
    return MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), bound.token.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code method} changes state, so needs a token: anything but GET, HEAD, OPTIONS, TRACE. */
  public static boolean needsToken(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
      default -> true;
    };
  }

  /** The session's token, if it was issued to this user; else null. */
  private static @Nullable Bound current(HttpServletRequest request, HttpSession session) {
    Object attribute = session.getAttribute(SESSION_ATTRIBUTE);
    if (attribute instanceof Bound bound && Objects.equals(bound.user, userOf(request))) {
      return bound;
    }
    return null;
  }

  private static @Nullable String userOf(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    String t = type.toLowerCase(Locale.ROOT);
    return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data");
  }

  private static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Jetty and Tomcat hand out one object per live session, so two first requests of a session do
   * not issue two tokens; elsewhere the worst case is a second token replacing the first.
   */
  private static Object lockFor(HttpSession session) {
    return session;
  }

  /** A token and what it was issued to; serializable, for containers that persist sessions. */
  private record Bound(@Nullable String user, String token) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return "CsrfToken[session bound]";
    }
  }
}
