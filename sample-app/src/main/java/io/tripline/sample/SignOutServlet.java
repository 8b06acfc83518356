package io.tripline.sample;

import io.tripline.servlet.review.ReviewGuard;
import io.tripline.servlet.review.Reviewer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /review/logout}: signs the reviewer out (the session ends) and goes back to the
 * classifieds. Through the {@link ReviewGuard}, so it needs a signed-in reviewer and the CSRF
 * token the review pages' sign-out form carries.
 */
final class SignOutServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ReviewGuard guard = ReviewGuard.builder().build();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    Optional<Reviewer> admitted = guard.admit(request, response, ReviewGuard.Audience.UI);
    if (admitted.isEmpty()) {
      return;
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", request.getContextPath() + "/");
  }
}
