package io.tripline.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FORM login in front of {@code /review/}: anonymous to the login page, roles, sign-out. */
class ReviewLoginTest {

  static final DemoUsers USERS = new DemoUsers("reviewer-pass", "advertiser-pass", true);

  @TempDir
  static Path data;

  private static SampleApp app;

  @BeforeAll
  static void startApp() {
    app = SampleApp.start(0, data, USERS);
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anonymousIsSentToTheLoginPage() throws Exception {
    HttpResponse<String> response = new Session().get("/review/");

    assertThat(response.statusCode()).isBetween(302, 303);
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
  }

  @Test
  void loginPageIsAFormForTheContainer() throws Exception {
    HttpResponse<String> page = new Session().get("/login");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
    assertThat(page.body()).contains("action=\"/j_security_check\"").contains("name=\"j_username\"")
        .contains("name=\"j_password\"").contains("/review/assets/review.css");
  }

  @Test
  void stylesheetIsOpenToTheLoginPage() throws Exception {
    HttpResponse<String> css = new Session().get("/review/assets/review.css");

    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
  }

  @Test
  void reviewerGetsTheQueue() throws Exception {
    Session session = new Session();
    session.signIn(DemoUsers.REVIEWER, USERS.reviewerPassword());

    HttpResponse<String> page = session.get("/review/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Signed in as <strong>reviewer</strong>").contains("Review queue");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void nonReviewerIsRefused() throws Exception {
    Session session = new Session();
    session.signIn(DemoUsers.ADVERTISER, USERS.advertiserPassword());

    HttpResponse<String> refused = session.get("/review/");
    assertThat(refused.statusCode()).isEqualTo(403);
    // The review guard's own page, with the review pages' headers, not the container's.
    assertThat(refused.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(refused.body()).doesNotContain("Review queue");
  }

  @Test
  void wrongPasswordGoesBackToTheLoginPageWithAnError() throws Exception {
    Session session = new Session();
    session.get("/review/");
    HttpResponse<String> response = session.postForm("/j_security_check", "j_username=reviewer&j_password=nope");

    assertThat(response.statusCode()).isBetween(302, 303);
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login?error"));
    assertThat(session.get("/review/").statusCode()).isBetween(302, 303);
  }

  @Test
  void signOutNeedsTheCsrfTokenThenEndsTheSession() throws Exception {
    Session session = new Session();
    session.signIn(DemoUsers.REVIEWER, USERS.reviewerPassword());
    String page = session.get("/review/").body();
    String token = page.replaceFirst("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");

    assertThat(session.postForm("/review/logout", "").statusCode()).isEqualTo(403);
    assertThat(session.get("/review/").statusCode()).isEqualTo(200);

    HttpResponse<String> out = session.postForm("/review/logout", "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(session.get("/review/").statusCode()).isBetween(302, 303);
  }

  /** One browser: its own cookies, no redirects followed. */
  static final class Session {
    private final HttpClient http = HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    HttpResponse<String> get(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String form) throws Exception {
      return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks for the review page, signs in when sent to the login page, as a browser would. */
    void signIn(String user, String password) throws Exception {
      get("/review/");
      HttpResponse<String> response = postForm("/j_security_check", "j_username=" + user + "&j_password="
          + URLEncoder.encode(password, StandardCharsets.UTF_8));
      assertThat(response.statusCode()).isBetween(302, 303);
      assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/review/"));
    }

    private static URI uri(String path) {
      return app.uri().resolve(path);
    }
  }
}
