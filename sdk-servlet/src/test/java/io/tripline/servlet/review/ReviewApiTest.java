package io.tripline.servlet.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.Priority;
import io.tripline.review.AuditAction;
import io.tripline.review.ReviewState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The review servlet's JSON API on Jetty with BASIC security, over a real queue. */
class ReviewApiTest {

  @RegisterExtension
  @Order(1)
  static final ReviewDesk desk = new ReviewDesk();

  @RegisterExtension
  @Order(2)
  static final ReviewJetty jetty = new ReviewJetty(desk::servlet);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void listsItemsInQueueOrderWithFiltersCountsAndPaging() throws Exception {
    String normal = desk.textItem(Priority.NORMAL, "api-list");
    desk.clock.advance(Duration.ofSeconds(1));
    String urgent = desk.textItem(Priority.URGENT, "api-list");
    desk.clock.advance(Duration.ofSeconds(1));
    String image = desk.imageItem("api-list");
    ReviewJetty.Client rita = jetty.client("rita");

    HttpResponse<String> response = rita.get("/review/api/items?label=api-list");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode list = JSON.readTree(response.body());
    assertThat(ids(list)).containsExactly(urgent, image, normal);
    JsonNode first = list.get("items").get(0);
    assertThat(first.get("priority").asText()).isEqualTo("URGENT");
    assertThat(first.get("labels").toString()).isEqualTo("[\"api-list\"]");
    assertThat(first.get("signalTypes").toString()).isEqualTo("[\"phone.sha256\"]");
    assertThat(first.get("rule").toString())
        .isEqualTo("{\"pack\":\"default\",\"version\":\"2026.12.0\",\"id\":\"review-trafficking-lead\"}");
    assertThat(first.get("url").asText()).isEqualTo("/review/api/items/" + urgent);
    assertThat(first.get("page").asText()).isEqualTo("/review/items/" + urgent);
    assertThat(list.get("counts").get("PENDING").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(list.get("next").isNull()).isTrue();

    assertThat(ids(JSON.readTree(rita.get("/review/api/items?label=api-list&signalType=pdq").body())))
        .containsExactly(image);
    JsonNode page = JSON.readTree(rita.get("/review/api/items?label=api-list&limit=2").body());
    assertThat(ids(page)).containsExactly(urgent, image);
    assertThat(page.get("next").asText()).isEqualTo("/review/api/items?state=open&label=api-list&offset=2&limit=2");
    assertThat(ids(JSON.readTree(rita.get(page.get("next").asText()).body()))).containsExactly(normal);
  }

  @Test
  void itemHasItsEvidenceAndAPreviewUrlButNoContent() throws Exception {
    String image = desk.imageItem("api-item");
    String text = desk.textItem(Priority.HIGH, "api-item");
    ReviewJetty.Client rita = jetty.client("rita");

    HttpResponse<String> response = rita.get("/review/api/items/" + image);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode item = JSON.readTree(response.body());
    assertThat(item.get("state").asText()).isEqualTo("PENDING");
    assertThat(item.get("version").asLong()).isEqualTo(1);
    JsonNode match = item.get("matches").get(0);
    assertThat(match.get("feed").asText()).isEqualTo("confirmed-hashes");
    assertThat(match.get("distance").asInt()).isEqualTo(12);
    JsonNode file = item.get("files").get(0);
    assertThat(file.get("preview").asText()).isEqualTo("/review/items/" + image + "/files/0/preview.png");
    assertThat(file.get("previewVariant").asText()).isEqualTo("PROTECTED");
    assertThat(file.get("sha256").asText()).isEqualTo(ReviewDesk.digest("SHA-256", ReviewDesk.IMAGE));
    assertThat(item.get("audit").get(0).get("action").asText()).isEqualTo("SUBMIT");
    assertThat(item.get("mayDecide").asBoolean()).isTrue();
    // No byte of the image, in any encoding.
    String base64 = Base64.getEncoder().encodeToString(ReviewDesk.IMAGE);
    assertThat(response.body()).doesNotContain(base64.substring(0, 40)).doesNotContain("iVBORw0KGgo");

    JsonNode excerpt = JSON.readTree(rita.get("/review/api/items/" + text).body()).get("excerpts").get(0);
    assertThat(excerpt.get("field").asText()).isEqualTo("body");
    assertThat(excerpt.get("text").asText()).startsWith("New in town, call 555-0100 now ");
    assertThat(excerpt.get("spans").toString()).isEqualTo("[{\"start\":18,\"end\":26}]");
  }

  @Test
  void claimRevealAndDecideWithTheCsrfHeader() throws Exception {
    String id = desk.imageItem("api-decide");
    ReviewJetty.Client rita = jetty.client("rita");
    JsonNode csrf = JSON.readTree(rita.get("/review/api/csrf").body());
    assertThat(csrf.get("header").asText()).isEqualTo("X-CSRF-Token");
    String token = csrf.get("token").asText();

    JsonNode claimed = JSON.readTree(ok(rita.postJson("/review/api/items/" + id + "/claim", "", token)));
    assertThat(claimed.get("state").asText()).isEqualTo("CLAIMED");
    assertThat(claimed.get("claimedBy").asText()).isEqualTo("rita");

    JsonNode revealed = JSON.readTree(ok(rita.postJson("/review/api/items/" + id + "/reveal", "", token)));
    assertThat(revealed.get("revealedByYou").asBoolean()).isTrue();
    assertThat(revealed.get("files").get(0).get("previewVariant").asText()).isEqualTo("CLEAR");

    JsonNode decided = JSON.readTree(ok(rita.postJson("/review/api/items/" + id + "/decide",
        "{\"kind\":\"APPROVE\",\"reasonCode\":\"NOT_A_MATCH\",\"note\":\"a holiday photo\",\"expectedVersion\":"
            + claimed.get("version").asLong() + "}", token)));
    assertThat(decided.get("state").asText()).isEqualTo("DECIDED");
    assertThat(decided.get("decision").get("kind").asText()).isEqualTo("APPROVE");
    assertThat(decided.get("decision").get("contentViewed").asBoolean()).isTrue();
    assertThat(decided.get("decidedBy").asText()).isEqualTo("rita");
    List<String> actions = new ArrayList<>();
    decided.get("audit").forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions).containsExactly("SUBMIT", "CLAIM", "REVEAL", "DECIDE");
    assertThat(ids(JSON.readTree(rita.get("/review/api/items?label=api-decide").body()))).isEmpty();
  }

  @Test
  void secondDeciderOfTheSameVersionGets409WithTheCurrentState() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "api-race");
    ReviewJetty.Client rita = jetty.client("rita");
    ReviewJetty.Client sam = jetty.client("sam");
    String body = "{\"kind\":\"REMOVE\",\"reasonCode\":\"SCAM_OR_SPAM\",\"expectedVersion\":1}";

    assertThat(rita.postJson("/review/api/items/" + id + "/decide", body, token(rita)).statusCode()).isEqualTo(200);
    HttpResponse<String> second = sam.postJson("/review/api/items/" + id + "/decide", body, token(sam));

    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(second.body());
    assertThat(problem.get("type").asText()).isEqualTo("https://tripline.io/problems/review-version-conflict");
    assertThat(problem.get("status").asInt()).isEqualTo(409);
    assertThat(problem.get("detail").asText()).startsWith("Another reviewer decided this item first");
    assertThat(problem.get("state").asText()).isEqualTo("DECIDED");
    assertThat(problem.get("decidedBy").asText()).isEqualTo("rita");
  }

  @Test
  void escalatedItemIsRefusedToAReviewerAndDecidedByASenior() throws Exception {
    String id = desk.escalatedItem("api-escalated", "rita");
    long version = desk.queue.get(id).version();
    String body = "{\"kind\":\"REMOVE\",\"reasonCode\":\"POLICY_VIOLATION\",\"expectedVersion\":" + version + "}";
    ReviewJetty.Client rita = jetty.client("rita");
    ReviewJetty.Client sam = jetty.client("sam");

    assertThat(JSON.readTree(rita.get("/review/api/items/" + id).body()).get("mayDecide").asBoolean()).isFalse();
    HttpResponse<String> refused = rita.postJson("/review/api/items/" + id + "/decide", body, token(rita));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("type").asText()).endsWith("/review-senior-only");
    assertThat(desk.queue.get(id).version()).isEqualTo(version);

    assertThat(sam.postJson("/review/api/items/" + id + "/decide", body, token(sam)).statusCode()).isEqualTo(200);
    assertThat(desk.queue.get(id).state()).isEqualTo(ReviewState.DECIDED);
  }

  @Test
  void errorsAreProblems() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "api-errors");
    ReviewJetty.Client rita = jetty.client("rita");
    String token = token(rita);

    assertProblem(rita.get("/review/api/items/rv_nosuchitem"), 404, "review-item-not-found");
    assertProblem(rita.postJson("/review/api/items/rv_nosuchitem/claim", "", token), 404, "review-item-not-found");
    assertProblem(rita.get("/review/api/nowhere"), 404, "review-not-found");
    assertProblem(rita.get("/review/api/items?state=LOST"), 400, "review-bad-request");
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", "{\"kind\":\"APPROVE\","
        + "\"reasonCode\":\"SCAM_OR_SPAM\",\"expectedVersion\":1}", token), 400, "review-bad-request");
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", "{\"kind\":\"REMOVE\","
        + "\"reasonCode\":\"SCAM_OR_SPAM\"}", token), 400, "review-bad-request");
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", "not json", token), 400, "review-bad-request");
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", "{\"kind\":\"REMOVE\","
        + "\"reasonCode\":\"SCAM_OR_SPAM\",\"expectedVersion\":1,\"extra\":true}", token), 400, "review-bad-request");
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", "{\"kind\":\"REMOVE\",\"reasonCode\":"
        + "\"SCAM_OR_SPAM\",\"expectedVersion\":1,\"note\":\"" + "x".repeat(20_000) + "\"}", token), 413,
        "review-body-too-large");
    assertProblem(rita.send("POST", "/review/api/items/" + id + "/release", CsrfTokens.HEADER, token), 409,
        "review-refused");
    assertProblem(rita.send("PUT", "/review/api/items/" + id, CsrfTokens.HEADER, token), 405,
        "review-method-not-allowed");
    assertThat(desk.queue.audit(id)).extracting(e -> e.action()).containsExactly(AuditAction.SUBMIT);
  }

  @Test
  void anonymousNonReviewerAndMissingTokenAreRefused() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "api-security");
    String body = "{\"kind\":\"REMOVE\",\"reasonCode\":\"SCAM_OR_SPAM\",\"expectedVersion\":1}";

    assertProblem(jetty.client(null).get("/open/api/items"), 401, "review-unauthenticated");
    assertProblem(jetty.client("mallory").get("/review/api/items"), 403, "review-forbidden");
    assertProblem(jetty.client("mallory").get("/review/api/csrf"), 403, "review-forbidden");
    ReviewJetty.Client rita = jetty.client("rita");
    token(rita);
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", body, null), 403, "review-csrf");
    assertProblem(rita.postJson("/review/api/items/" + id + "/decide", body, "forged"), 403, "review-csrf");
    assertThat(desk.queue.get(id).version()).isEqualTo(1);
  }

  private static String token(ReviewJetty.Client client) throws Exception {
    return JSON.readTree(client.get("/review/api/csrf").body()).get("token").asText();
  }

  private static String ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("https://tripline.io/problems/" + slug);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("items").forEach(i -> ids.add(i.get("id").asText()));
    return ids;
  }
}
