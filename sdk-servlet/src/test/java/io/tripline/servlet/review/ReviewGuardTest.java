package io.tripline.servlet.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard on Jetty with BASIC security: who gets in, CSRF, and the headers on every answer. */
class ReviewGuardTest {

  @RegisterExtension
  static final ReviewJetty jetty = new ReviewJetty();

  private static final Map<String, String> HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'",
      "X-Content-Type-Options", "nosniff",
      "Cache-Control", "no-store",
      "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY");

  @ParameterizedTest
  @ValueSource(strings = {"/review/", "/review/assets/review.css", "/review/preview.png", "/review/api/items"})
  void everyReviewerResponseCarriesTheSecurityHeaders(String path) throws Exception {
    assertSecurityHeaders(jetty.client("rita").get(path), 200);
  }

  @Test
  void refusalsCarryTheSecurityHeadersToo() throws Exception {
    assertSecurityHeaders(jetty.client(null).get("/open/"), 401);
    assertSecurityHeaders(jetty.client("mallory").get("/review/"), 403);
    assertSecurityHeaders(jetty.client("rita").postForm("/review/decide", "x=1"), 403);
  }

  @Test
  void stylesheetAndPreviewHaveTheirTypes() throws Exception {
    HttpResponse<String> css = jetty.client("rita").get("/review/assets/review.css");
    assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    assertThat(css.body()).contains("table.queue").contains(".excerpt mark").contains(":focus-visible");

    HttpResponse<String> png = jetty.client("rita").get("/review/preview.png");
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
  }

  @Test
  void reviewerIsLetInAndNamedInTheHeader() throws Exception {
    HttpResponse<String> page = jetty.client("rita").get("/review/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("Signed in as <strong>rita</strong>")
        .contains("<link rel=\"stylesheet\" href=\"/review/assets/review.css\">")
        .doesNotContain("senior");
  }

  @Test
  void seniorReviewerIsMarkedSenior() throws Exception {
    assertThat(jetty.client("sam").get("/review/").body()).contains("<strong>sam</strong> <span class=\"badge role\">senior</span>");
  }

  @Test
  void reviewerNameIsEscaped() throws Exception {
    HttpResponse<String> page = jetty.client("eve<script>").get("/review/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<strong>eve&lt;script&gt;</strong>").doesNotContain("<script");
  }

  @Test
  void anonymousIsChallengedByTheContainerOnConstrainedPaths() throws Exception {
    HttpResponse<String> response = jetty.client(null).get("/review/");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }

  @Test
  void anonymousGets401FromTheGuardWithTheBasicChallengeWhenConfigured() throws Exception {
    HttpResponse<String> page = jetty.client(null).get("/open/");

    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Tripline review\", charset=\"UTF-8\"");
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("Sign-in required").doesNotContain("Signed in as");

    HttpResponse<String> api = jetty.client(null).get("/open/api/items");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(api.body()).contains("\"status\":401").contains("review-unauthenticated");
  }

  @Test
  void anonymousPostIsRefusedBeforeAnySideEffect() throws Exception {
    int before = jetty.sideEffects();

    assertThat(jetty.client(null).postForm("/open/decide", "_csrf=x").statusCode()).isEqualTo(401);
    assertThat(jetty.sideEffects()).isEqualTo(before);
  }

  @Test
  void nonReviewerGets403AsHtmlOrProblem() throws Exception {
    HttpResponse<String> page = jetty.client("mallory").get("/review/");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(page.body()).contains("Not a reviewer").doesNotContain("mallory");

    HttpResponse<String> api = jetty.client("mallory").get("/open/api/items");
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(api.body()).contains("review-forbidden");
  }

  @Test
  void nonReviewerPostWithAValidTokenIsStillRefused() throws Exception {
    int before = jetty.sideEffects();
    ReviewJetty.Client mallory = jetty.client("mallory");

    assertThat(mallory.postForm("/review/decide", "_csrf=anything").statusCode()).isEqualTo(403);
    assertThat(jetty.sideEffects()).isEqualTo(before);
  }

  @Test
  void formPostWithTheSessionTokenIsAccepted() throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");
    String page = rita.get("/review/").body();
    String token = page.replaceFirst("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    int before = jetty.sideEffects();

    HttpResponse<String> response = rita.postForm("/review/decide", "decision=dismiss&_csrf=" + encode(token));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(jetty.sideEffects()).isEqualTo(before + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void apiCallWithTheTokenInTheHeaderIsAccepted(String method) throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");
    String token = rita.token("/review");
    int before = jetty.sideEffects();

    assertThat(rita.send(method, "/review/api/items/1", "X-CSRF-Token", token).statusCode()).isEqualTo(200);
    assertThat(jetty.sideEffects()).isEqualTo(before + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
  void apiCallWithoutATokenIsRefused(String method) throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");
    rita.token("/review");
    int before = jetty.sideEffects();

    HttpResponse<String> response = rita.send(method, "/review/api/items/1", null, null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("review-csrf");
    assertThat(jetty.sideEffects()).isEqualTo(before);
  }

  @Test
  void missingWrongOrForeignTokensAreRefusedWithoutSideEffects() throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");
    String token = rita.token("/review");
    String otherSessionsToken = jetty.client("rita").token("/review");
    assertThat(otherSessionsToken).isNotEqualTo(token);
    int before = jetty.sideEffects();

    HttpResponse<String> missing = rita.postForm("/review/decide", "decision=dismiss");
    HttpResponse<String> empty = rita.postForm("/review/decide", "decision=dismiss&_csrf=");
    HttpResponse<String> wrong = rita.postForm("/review/decide", "_csrf=" + encode(token.substring(1) + "A"));
    HttpResponse<String> foreign = rita.postForm("/review/decide", "_csrf=" + encode(otherSessionsToken));
    HttpResponse<String> wrongHeader = rita.send("POST", "/review/api/items/1", "X-CSRF-Token", otherSessionsToken);

    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(missing.body()).contains("nothing was changed");
    assertThat(empty.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(wrongHeader.statusCode()).isEqualTo(403);
    assertThat(jetty.sideEffects()).isEqualTo(before);
  }

  @Test
  void postWithoutASessionIsRefused() throws Exception {
    int before = jetty.sideEffects();

    assertThat(jetty.client("rita").postForm("/review/decide", "_csrf=abc").statusCode()).isEqualTo(403);
    assertThat(jetty.sideEffects()).isEqualTo(before);
  }

  @Test
  void anotherUserInTheSameSessionGetsANewTokenAndTheOldOneStopsCounting() throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");
    String ritasToken = rita.token("/review");
    ReviewJetty.Client sam = rita.as("sam");
    int before = jetty.sideEffects();

    assertThat(sam.postForm("/review/decide", "_csrf=" + encode(ritasToken)).statusCode()).isEqualTo(403);
    String samsToken = sam.token("/review");
    assertThat(samsToken).isNotEqualTo(ritasToken);
    assertThat(sam.postForm("/review/decide", "_csrf=" + encode(samsToken)).statusCode()).isEqualTo(200);
    assertThat(jetty.sideEffects()).isEqualTo(before + 1);
  }

  @Test
  void tokenIsStableWithinASession() throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");

    assertThat(rita.token("/review")).isEqualTo(rita.token("/review"));
  }

  private static void assertSecurityHeaders(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    HEADERS.forEach((name, value) ->
        assertThat(response.headers().allValues(name)).as(name).containsExactly(value));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
