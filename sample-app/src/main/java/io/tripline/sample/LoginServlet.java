package io.tripline.sample;

import io.tripline.servlet.review.Html;
import io.tripline.servlet.review.ReviewLayout;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /login}: the container's FORM login page for the review pages. The form posts
 * {@code j_username} and {@code j_password} to {@code j_security_check}, which Jetty's
 * {@code FormAuthenticator} handles; it sends a failed login back here with {@code ?error}.
 */
final class LoginServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String context = request.getContextPath();
    Html main = new Html();
    if (request.getParameter("error") != null) {
      main.element("p", "That user name and password did not match. Try again.", "class", "notice error", "role", "alert");
    }
    main.element("p", "The review pages are for the platform's trust-and-safety reviewers.", "class", "meta")
        .open("form", "class", "decision", "method", "post", "action", context + "/j_security_check")
        .element("label", "User name", "for", "username")
        .empty("input", "type", "text", "id", "username", "name", "j_username", "autocomplete", "username",
            "required", "", "autofocus", "")
        .element("label", "Password", "for", "password")
        .empty("input", "type", "password", "id", "password", "name", "j_password", "autocomplete",
            "current-password", "required", "")
        .element("button", "Sign in", "type", "submit")
        .close("form");
    ReviewLayout.send(response, 200, ReviewLayout.page(context + SampleApp.REVIEW_PATH, "Sign in", null,
        List.of(new ReviewLayout.Link("Classifieds", context + "/", false)), main));
  }
}
