package io.tripline.servlet.review;

import io.tripline.servlet.review.ReviewerAuthorizer.Anonymous;
import io.tripline.servlet.review.ReviewerAuthorizer.Authorization;
import io.tripline.servlet.review.ReviewerAuthorizer.Authorized;
import io.tripline.servlet.review.ReviewerAuthorizer.NotAReviewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the review UI and API: every review request passes {@link #admit} first, which sets
 * the {@link SecurityHeaders}, asks the {@link ReviewerAuthorizer} who is there, and checks the
 * {@link CsrfTokens CSRF token} of every state-changing request. A refused request is answered
 * here, before the review code runs, so it has no side effect:
 *
 * <ul>
 *   <li>no one signed in: 401. With {@link Builder#basicRealm(String)} the answer carries
 *       {@code WWW-Authenticate: Basic realm="..."}, for containers that use BASIC login;
 *       without it there is no challenge. With FORM login, constrain the review paths in the
 *       container too: it then redirects an anonymous browser to the login page before this
 *       guard runs, and the 401 only reaches clients that bypass it (the JSON API).
 *   <li>signed in but not a reviewer: 403.
 *   <li>a POST, PUT, PATCH or DELETE without the session's CSRF token (form field
 *       {@value CsrfTokens#FIELD} or header {@value CsrfTokens#HEADER}): 403.
 * </ul>
 *
 * For {@link Audience#UI} the refusal is a plain HTML page, for {@link Audience#API}
 * {@code application/problem+json}; neither says more than the refusal.
 *
 * <pre>{@code
 * ReviewGuard guard = ReviewGuard.builder().build();      // container roles, no BASIC challenge
 * Optional<Reviewer> reviewer = guard.admit(request, response, Audience.UI);
 * if (reviewer.isEmpty()) return;                         // already answered
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ReviewGuard {
  private static final Logger log = LoggerFactory.getLogger(ReviewGuard.class);

  static final String PROBLEM_TYPE_BASE = "https://tripline.io/problems/";

  private final ReviewerAuthorizer authorizer;
  private final @Nullable String basicRealm;

  private ReviewGuard(Builder builder) {
    this.authorizer = builder.authorizer;
    this.basicRealm = builder.basicRealm;
  }

  /** A builder: {@link ContainerRoleAuthorizer} with the default roles, no BASIC challenge. */
  public static Builder builder() {
    return new Builder();
  }

  /** Who a refusal is written for. */
  public enum Audience {
    /** A browser on the HTML pages: refusals are HTML. */
    UI,
    /** A client of the JSON API: refusals are problem+json. */
    API
  }

  /**
   * Lets {@code request} in, or answers it.
   *
   * @return the reviewer, with the security headers set on {@code response}; empty if the
   *     request was refused and {@code response} written
   * @throws NullPointerException if an argument is null
   * @throws IOException if a refusal cannot be written
   */
  public Optional<Reviewer> admit(HttpServletRequest request, HttpServletResponse response, Audience audience)
      throws IOException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(audience, "audience");
    SecurityHeaders.apply(response);
    Authorization authorization = authorizer.authorize(request);
    if (authorization instanceof Anonymous) {
      if (basicRealm != null) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + basicRealm + "\", charset=\"UTF-8\"");
      }
      refuse(request, response, audience, Refusal.UNAUTHENTICATED);
      return Optional.empty();
    }
    if (authorization instanceof NotAReviewer notAReviewer) {
      log.info("review request refused: {} is not a reviewer", notAReviewer.principal());
      refuse(request, response, audience, Refusal.NOT_A_REVIEWER);
      return Optional.empty();
    }
    Reviewer reviewer = ((Authorized) authorization).reviewer();
    if (CsrfTokens.needsToken(request.getMethod()) && !CsrfTokens.isValid(request)) {
      log.info("review request refused: {} {} by {} without a valid CSRF token", request.getMethod(),
          request.getRequestURI(), reviewer.id());
      refuse(request, response, audience, Refusal.CSRF);
      return Optional.empty();
    }
    return Optional.of(reviewer);
  }

  /** The reasons {@link #admit} refuses, with what the refusal says. */
  enum Refusal {
    UNAUTHENTICATED(401, "review-unauthenticated", "Sign-in required",
        "Sign in with a reviewer account to use the review pages."),
    NOT_A_REVIEWER(403, "review-forbidden", "Not a reviewer",
        "Your account may not use the review pages. Ask your trust-and-safety lead for the reviewer role."),
    CSRF(403, "review-csrf", "Request refused",
        "This form has expired or did not come from the review pages, so nothing was changed. "
            + "Go back, reload the page and try again.");

    final int status;
    final String slug;
    final String title;
    final String detail;

    Refusal(int status, String slug, String title, String detail) {
      this.status = status;
      this.slug = slug;
      this.title = title;
      this.detail = detail;
    }
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response, Audience audience,
      Refusal refusal) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    if (audience == Audience.UI) {
      Html main = new Html().element("p", refusal.detail, "class", "notice error");
      ReviewLayout.send(response, refusal.status,
          ReviewLayout.page(request.getContextPath() + reviewBase(request), refusal.title, null, List.of(), main));
      return;
    }
    byte[] body = ("{\"type\":\"" + PROBLEM_TYPE_BASE + refusal.slug + "\",\"title\":\"" + refusal.title
        + "\",\"status\":" + refusal.status + ",\"detail\":\"" + refusal.detail + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    response.setStatus(refusal.status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The servlet's path (the review UI's base), so the refusal page finds the stylesheet. */
  private static String reviewBase(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    return servletPath == null ? "" : servletPath;
  }

  /**
   * Configures a {@link ReviewGuard}. Not thread-safe; {@link #build()} copies the configuration.
   */
  public static final class Builder {
    private ReviewerAuthorizer authorizer = ContainerRoleAuthorizer.withDefaultRoles();
    private @Nullable String basicRealm;

    Builder() {}

    /**
     * Who may review; default {@link ContainerRoleAuthorizer#withDefaultRoles()}.
     *
     * @throws NullPointerException if {@code authorizer} is null
     */
    public Builder authorizer(ReviewerAuthorizer authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /**
     * Answer an anonymous request's 401 with a BASIC challenge for {@code realm}: set this when the
     * container authenticates with BASIC. Default: no challenge.
     *
     * @throws NullPointerException if {@code realm} is null
     * @throws IllegalArgumentException if {@code realm} is blank or holds a quote, backslash or
     *     control character
     */
    public Builder basicRealm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.isBlank() || realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("realm must be non-blank text without quotes, backslashes or control characters");
      }
      this.basicRealm = realm;
      return this;
    }

    /** The guard. */
    public ReviewGuard build() {
      return new ReviewGuard(this);
    }
  }
}
