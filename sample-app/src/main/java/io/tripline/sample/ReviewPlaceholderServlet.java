package io.tripline.sample;

import io.tripline.servlet.review.CsrfTokens;
import io.tripline.servlet.review.Html;
import io.tripline.servlet.review.ReviewGuard;
import io.tripline.servlet.review.ReviewLayout;
import io.tripline.servlet.review.Reviewer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /review/*} until the review servlet exists: {@code GET /review/} says the queue is coming
 * and who is signed in; {@code POST /review/logout} (with the CSRF token) signs out;
 * {@code GET /review/assets/review.css} is the review stylesheet (not constrained, the login page
 * uses it). Everything else is 404. The container lets only {@value DemoUsers#REVIEWER_ROLE}
 * users in; the {@link ReviewGuard} checks again and checks CSRF.
 */
final class ReviewPlaceholderServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ReviewGuard guard = ReviewGuard.builder().build();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    if (path.equals(ReviewLayout.STYLESHEET_PATH) && "GET".equals(request.getMethod())) {
      ReviewLayout.sendStylesheet(response);
      return;
    }
    Optional<Reviewer> admitted = guard.admit(request, response, ReviewGuard.Audience.UI);
    if (admitted.isEmpty()) {
      return;
    }
    String base = request.getContextPath() + SampleApp.REVIEW_PATH;
    if (path.equals("/logout") && "POST".equals(request.getMethod())) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", request.getContextPath() + "/");
      return;
    }
    if (!path.equals("/") || !"GET".equals(request.getMethod())) {
      ReviewLayout.send(response, 404, ReviewLayout.page(base, "Not found", admitted.get(), nav(request),
          new Html().element("p", "There is no such review page.", "class", "notice")));
      return;
    }
    Html main = new Html()
        .element("p", "The review queue is coming: flagged ads will be listed here for review.", "class", "notice")
        .open("p", "class", "meta").text("You are signed in as ").element("strong", admitted.get().displayName())
        .text(".").close("p")
        .open("form", "method", "post", "action", base + "/logout")
        .csrfField(CsrfTokens.tokenFor(request))
        .element("button", "Sign out", "type", "submit", "class", "secondary")
        .close("form");
    ReviewLayout.send(response, 200, ReviewLayout.page(base, "Review queue", admitted.get(), nav(request), main));
  }

  private static List<ReviewLayout.Link> nav(HttpServletRequest request) {
    String context = request.getContextPath();
    return List.of(new ReviewLayout.Link("Queue", context + SampleApp.REVIEW_PATH + "/", true),
        new ReviewLayout.Link("Classifieds", context + "/", false));
  }
}
