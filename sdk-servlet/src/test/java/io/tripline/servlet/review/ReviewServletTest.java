package io.tripline.servlet.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Priority;
import io.tripline.review.AuditAction;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The review UI on Jetty with BASIC security, over a real queue with an evidence store. */
class ReviewServletTest {

  @RegisterExtension
  @Order(1)
  static final ReviewDesk desk = new ReviewDesk();

  @RegisterExtension
  @Order(2)
  static final ReviewJetty jetty = new ReviewJetty(desk::servlet);

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern VERSION = Pattern.compile("name=\"expectedVersion\" value=\"([0-9]+)\"");

  // --- Queue ----------------------------------------------------------------------------------

  @Test
  void queueListsItemsByPriorityThenAge() throws Exception {
    String low = desk.textItem(Priority.LOW, "order");
    desk.clock.advance(Duration.ofMinutes(1));
    String urgentOld = desk.textItem(Priority.URGENT, "order");
    desk.clock.advance(Duration.ofMinutes(1));
    String normal = desk.textItem(Priority.NORMAL, "order");
    desk.clock.advance(Duration.ofMinutes(1));
    String urgentNew = desk.textItem(Priority.URGENT, "order");
    desk.textItem(Priority.URGENT, "other");

    HttpResponse<String> page = jetty.client("rita").get("/review/?label=order");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(idsInOrder(page.body())).containsExactly(urgentOld, urgentNew, normal, low);
    assertThat(page.body())
        .contains("<span class=\"badge priority-urgent\">URGENT</span>")
        .contains("<code>default@2026.12.0/review-trafficking-lead</code>")
        .contains("<a href=\"/review/items/" + low + "\">" + low + "</a>")
        .contains("phone.sha256")
        .contains("Due in ")
        .contains("Pending: ")
        .contains("name=\"label\" value=\"order\"")
        .contains("<form method=\"post\" action=\"/review/logout\" class=\"sign-out\">");
  }

  @Test
  void queueFiltersBySignalTypeOverdueEscalatedAndState() throws Exception {
    String text = desk.textItem(Priority.HIGH, "filters");
    desk.clock.advance(Duration.ofSeconds(1));
    String image = desk.imageItem("filters");
    desk.clock.advance(Duration.ofSeconds(1));
    String escalated = desk.escalatedItem("filters", "sam");
    ReviewJetty.Client rita = jetty.client("rita");

    assertThat(idsInOrder(rita.get("/review/?label=filters&signalType=pdq").body())).containsExactly(image);
    assertThat(idsInOrder(rita.get("/review/?label=filters&escalated=true").body())).containsExactly(escalated);
    assertThat(idsInOrder(rita.get("/review/?label=filters&escalated=false").body())).containsExactly(text, image);
    assertThat(idsInOrder(rita.get("/review/?label=filters&state=DECIDED").body())).isEmpty();

    String late = desk.textItem(Priority.URGENT, "filters-late");
    desk.clock.advance(Duration.ofHours(2));
    String page = rita.get("/review/?label=filters-late&overdue=true").body();
    assertThat(idsInOrder(page)).containsExactly(late);
    assertThat(page).contains("<span class=\"overdue\">Overdue</span> by 1 h");
    // HIGH items are due in 4 h: none of them yet.
    assertThat(idsInOrder(rita.get("/review/?label=filters&overdue=true").body())).isEmpty();
    assertThat(idsInOrder(rita.get("/review/?label=filters&state=all").body())).containsExactly(text, image, escalated);
  }

  @Test
  void queuePagesOnWithPreviousAndNextLinks() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(desk.textItem(Priority.NORMAL, "paging"));
      desk.clock.advance(Duration.ofSeconds(1));
    }
    ReviewJetty.Client rita = jetty.client("rita");

    String first = rita.get("/review/?label=paging&limit=2").body();
    assertThat(idsInOrder(first)).containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(first).contains("href=\"/review/?state=open&amp;label=paging&amp;offset=2&amp;limit=2\" rel=\"next\"")
        .doesNotContain("rel=\"prev\"");

    String second = rita.get("/review/?state=open&label=paging&offset=2&limit=2").body();
    assertThat(idsInOrder(second)).containsExactly(ids.get(2));
    assertThat(second).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
  }

  @Test
  void malformedFilterIs400() throws Exception {
    HttpResponse<String> page = jetty.client("rita").get("/review/?limit=9999");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("limit must be 1..200");
  }

  // --- Item -----------------------------------------------------------------------------------

  @Test
  void itemPageShowsMatchesExcerptRuleUploaderAndAudit() throws Exception {
    String id = desk.textItem(Priority.HIGH, "detail");

    HttpResponse<String> page = jetty.client("rita").get("/review/items/" + id);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<td>local-terms</td><td><code>ind-detail</code></td><td>phone.sha256</td><td>0 / 0</td>"
            + "<td>detail</td>")
        .contains("<p class=\"excerpt\">New in town, call <mark>555-0100</mark> now ")
        .contains("<code>default@2026.12.0/review-trafficking-lead</code>")
        .contains("<td>203.0.113.9</td>").contains("<td>u_998</td>").contains("<td>US</td>")
        .contains("<ol class=\"audit\">").contains("Submit \u00b7 new \u2192 PENDING")
        .contains("action=\"/review/items/" + id + "/claim\"")
        .contains("<form class=\"decision\" method=\"post\" action=\"/review/items/" + id + "/decide\">")
        .contains("<option value=\"SCAM_OR_SPAM\">Scam or spam</option>")
        .contains("name=\"expectedVersion\" value=\"1\"")
        .doesNotContain("value=\"REPORT\""); // the rules asked for no report
    assertThat(CSRF.matcher(page.body()).find()).isTrue();
  }

  @Test
  void itemPageShowsTheProtectedPreviewUntilThisReviewerReveals() throws Exception {
    String id = desk.imageItem("reveal");
    ReviewJetty.Client rita = jetty.client("rita");
    String previewPath = "/review/items/" + id + "/files/0/preview.png";

    String page = rita.get("/review/items/" + id).body();
    assertThat(page).contains("<figure class=\"preview protected\"><img src=\"" + previewPath + "\"")
        .contains(">Reveal images</button>");
    BufferedImage protectedPreview = image(rita.getBytes(previewPath));
    assertThat(isGreyscale(protectedPreview)).isTrue();

    HttpResponse<String> reveal = rita.postForm("/review/items/" + id + "/reveal", "_csrf=" + token(page));
    assertThat(reveal.statusCode()).isEqualTo(303);
    assertThat(reveal.headers().firstValue("Location")).hasValue("/review/items/" + id + "#files");

    String after = rita.get("/review/items/" + id).body();
    assertThat(after).contains("<figure class=\"preview\"><img src=\"" + previewPath + "\"")
        .contains("Images revealed.")
        .contains("<strong>rita</strong> Reveal")
        .doesNotContain(">Reveal images</button>");
    BufferedImage clear = image(rita.getBytes(previewPath));
    assertThat(isGreyscale(clear)).isFalse();
    assertThat(clear.getWidth()).isEqualTo(96);
    assertThat(desk.queue.audit(id)).extracting(e -> e.action() + " " + e.actor())
        .contains(AuditAction.REVEAL + " rita");

    // Another reviewer has not revealed it: still protected for sam.
    ReviewJetty.Client sam = jetty.client("sam");
    assertThat(sam.get("/review/items/" + id).body()).contains("<figure class=\"preview protected\">");
    assertThat(isGreyscale(image(sam.getBytes(previewPath)))).isTrue();
  }

  @Test
  void previewCarriesTheSecurityHeadersAndNoMetadata() throws Exception {
    String id = desk.imageItem("headers");

    HttpResponse<byte[]> png = jetty.client("rita").getBytes("/review/items/" + id + "/files/0/preview.png");

    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(png.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(png.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(png.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(chunks(png.body())).containsOnly("IHDR", "IDAT", "IEND");
  }

  @Test
  void previewOfAFileThatIsNotThereIs404() throws Exception {
    String id = desk.textItem(Priority.LOW, "no-file");
    ReviewJetty.Client rita = jetty.client("rita");

    assertThat(rita.get("/review/items/" + id + "/files/0/preview.png").statusCode()).isEqualTo(404);
    assertThat(rita.get("/review/items/rv_nosuchitem/files/0/preview.png").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownItemIs404() throws Exception {
    HttpResponse<String> page = jetty.client("rita").get("/review/items/rv_nosuchitem");

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("There is no review item rv_nosuchitem.");
    assertThat(jetty.client("rita").get("/review/items/%3Cscript%3E").statusCode()).isEqualTo(404);
  }

  // --- Workflow -------------------------------------------------------------------------------

  @Test
  void claimThenDecideTakesTheItemOutOfTheOpenQueueAndAuditsIt() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "decide");
    ReviewJetty.Client rita = jetty.client("rita");
    String page = rita.get("/review/items/" + id).body();

    HttpResponse<String> claim = rita.postForm("/review/items/" + id + "/claim", "_csrf=" + token(page));
    assertThat(claim.statusCode()).isEqualTo(303);
    assertThat(claim.headers().firstValue("Location")).hasValue("/review/items/" + id);
    page = rita.get("/review/items/" + id).body();
    assertThat(page).contains("You hold item " + id + " until").contains(">Release</button>");
    assertThat(version(page)).isEqualTo(2);

    HttpResponse<String> decide = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token(page),
        "expectedVersion", "2", "kind", "REMOVE", "reasonCode", "SCAM_OR_SPAM", "note", "same phone as last week"));
    assertThat(decide.statusCode()).isEqualTo(303);
    assertThat(decide.headers().firstValue("Location")).hasValue("/review/");

    String queue = rita.get("/review/?label=decide").body();
    assertThat(queue).contains("Item " + id + " decided: Remove (Scam or spam).");
    assertThat(idsInOrder(queue)).doesNotContain(id);
    assertThat(idsInOrder(rita.get("/review/?label=decide&state=DECIDED").body())).containsExactly(id);
    String item = rita.get("/review/items/" + id).body();
    assertThat(item).contains("<strong>rita</strong> Decide \u00b7 CLAIMED \u2192 DECIDED \u00b7 REMOVE (SCAM_OR_SPAM)")
        .contains("<blockquote class=\"note\">same phone as last week</blockquote>")
        .doesNotContain("<form class=\"decision\"");
    assertThat(desk.queue.get(id).state()).isEqualTo(ReviewState.DECIDED);
  }

  @Test
  void releaseGivesTheItemBack() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "release");
    ReviewJetty.Client rita = jetty.client("rita");
    String token = token(rita.get("/review/items/" + id).body());
    rita.postForm("/review/items/" + id + "/claim", "_csrf=" + token);

    HttpResponse<String> release = rita.postForm("/review/items/" + id + "/release", "_csrf=" + token);

    assertThat(release.statusCode()).isEqualTo(303);
    assertThat(release.headers().firstValue("Location")).hasValue("/review/");
    assertThat(desk.queue.get(id).state()).isEqualTo(ReviewState.PENDING);
  }

  @Test
  void claimHeldByAnotherIsRefusedWithWhoAndUntil() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "held");
    ReviewJetty.Client sam = jetty.client("sam");
    sam.postForm("/review/items/" + id + "/claim", "_csrf=" + token(sam.get("/review/items/" + id).body()));
    ReviewJetty.Client rita = jetty.client("rita");
    String page = rita.get("/review/items/" + id).body();
    assertThat(page).contains("Claimed by sam until").doesNotContain("<form class=\"decision\"");

    HttpResponse<String> claim = rita.postForm("/review/items/" + id + "/claim", "_csrf=" + sessionToken(rita));

    assertThat(claim.statusCode()).isEqualTo(409);
    assertThat(claim.body()).contains("Claimed by another reviewer").contains("sam holds this item until 2026-");
    assertThat(desk.queue.get(id).claimedBy()).isEqualTo("sam");
  }

  @Test
  void badDecisionFormIs400WithAMessage() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "bad-form");
    ReviewJetty.Client rita = jetty.client("rita");
    String token = token(rita.get("/review/items/" + id).body());

    HttpResponse<String> mismatch = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token,
        "expectedVersion", "1", "kind", "APPROVE", "reasonCode", "SCAM_OR_SPAM"));
    HttpResponse<String> noVersion = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token,
        "kind", "REMOVE", "reasonCode", "SCAM_OR_SPAM"));
    HttpResponse<String> noKind = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token,
        "expectedVersion", "1", "reasonCode", "SCAM_OR_SPAM"));

    HttpResponse<String> withNote = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token,
        "expectedVersion", "1", "kind", "APPROVE", "reasonCode", "SCAM_OR_SPAM", "note", "<b>long</b> note"));

    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("that reason is not a reason to APPROVE")
        .contains("<form class=\"decision\""); // the page again, to correct the choice
    assertThat(withNote.body())
        .contains("value=\"APPROVE\" required=\"\" checked=\"\"")
        .contains("<option value=\"SCAM_OR_SPAM\" selected=\"\">")
        .contains(">&lt;b&gt;long&lt;/b&gt; note</textarea>");
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(noVersion.body()).contains("expectedVersion is missing");
    assertThat(noKind.statusCode()).isEqualTo(400);
    assertThat(desk.queue.get(id).version()).isEqualTo(1);
  }

  @Test
  void escalatedItemIsDecidedBySeniorReviewersOnly() throws Exception {
    String id = desk.escalatedItem("escalated", "rita");
    ReviewJetty.Client rita = jetty.client("rita");
    String page = rita.get("/review/items/" + id).body();
    assertThat(page).contains("This item was escalated by rita (Age unclear): only a senior reviewer can claim or decide it.")
        .doesNotContain("<form class=\"decision\"").doesNotContain(">Claim this item</button>");
    long version = desk.queue.get(id).version();

    // Posted anyway, with a valid token: refused.
    String token = sessionToken(rita);
    HttpResponse<String> ritaDecides = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token,
        "expectedVersion", Long.toString(version), "kind", "REMOVE", "reasonCode", "POLICY_VIOLATION"));
    HttpResponse<String> ritaClaims = rita.postForm("/review/items/" + id + "/claim", "_csrf=" + token);

    assertThat(ritaDecides.statusCode()).isEqualTo(403);
    assertThat(ritaDecides.body()).contains("Senior reviewers only");
    assertThat(ritaClaims.statusCode()).isEqualTo(403);
    assertThat(desk.queue.get(id).version()).isEqualTo(version);

    ReviewJetty.Client sam = jetty.client("sam");
    String samsPage = sam.get("/review/items/" + id).body();
    assertThat(samsPage).contains("<form class=\"decision\"");
    HttpResponse<String> samDecides = sam.postForm("/review/items/" + id + "/decide", form("_csrf", token(samsPage),
        "expectedVersion", Long.toString(version(samsPage)), "kind", "REMOVE", "reasonCode", "POLICY_VIOLATION"));
    assertThat(samDecides.statusCode()).isEqualTo(303);
    ReviewItem decided = desk.queue.get(id);
    assertThat(decided.state()).isEqualTo(ReviewState.DECIDED);
    assertThat(decided.decidedBy()).isEqualTo("sam");
  }

  @Test
  void secondOfTwoReviewersDecidingTheSameVersionIsToldAnotherDecidedFirst() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "race");
    ReviewJetty.Client rita = jetty.client("rita");
    ReviewJetty.Client sam = jetty.client("sam");
    String ritasPage = rita.get("/review/items/" + id).body();
    String samsPage = sam.get("/review/items/" + id).body();

    HttpResponse<String> first = rita.postForm("/review/items/" + id + "/decide", form("_csrf", token(ritasPage),
        "expectedVersion", Long.toString(version(ritasPage)), "kind", "APPROVE", "reasonCode", "NOT_A_MATCH"));
    HttpResponse<String> second = sam.postForm("/review/items/" + id + "/decide", form("_csrf", token(samsPage),
        "expectedVersion", Long.toString(version(samsPage)), "kind", "REMOVE", "reasonCode", "SCAM_OR_SPAM"));

    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body()).contains("Another reviewer decided this item first: APPROVE (NOT_A_MATCH) by rita, now DECIDED");
    assertThat(desk.queue.get(id).decidedBy()).isEqualTo("rita");
  }

  @Test
  void ofTwoReviewersDecidingAtOnceOneWins() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "race-threads");
    ReviewJetty.Client rita = jetty.client("rita");
    ReviewJetty.Client sam = jetty.client("sam");
    String ritasToken = token(rita.get("/review/items/" + id).body());
    String samsToken = token(sam.get("/review/items/" + id).body());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<HttpResponse<String>>> deciders = List.of(
          () -> {
            start.await();
            return rita.postForm("/review/items/" + id + "/decide", form("_csrf", ritasToken, "expectedVersion", "1",
                "kind", "APPROVE", "reasonCode", "NOT_A_MATCH"));
          },
          () -> {
            start.await();
            return sam.postForm("/review/items/" + id + "/decide", form("_csrf", samsToken, "expectedVersion", "1",
                "kind", "REMOVE", "reasonCode", "SCAM_OR_SPAM"));
          });
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (Callable<HttpResponse<String>> d : deciders) {
        futures.add(pool.submit(d));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      String loserBody = null;
      for (Future<HttpResponse<String>> f : futures) {
        HttpResponse<String> r = f.get();
        statuses.add(r.statusCode());
        if (r.statusCode() == 409) {
          loserBody = r.body();
        }
      }
      assertThat(statuses).containsExactlyInAnyOrder(303, 409);
      assertThat(loserBody).contains("Another reviewer decided this item first");
      assertThat(desk.queue.audit(id)).filteredOn(e -> e.action() == AuditAction.DECIDE).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // --- Security -------------------------------------------------------------------------------

  @Test
  void anonymousIsRefused401() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "anonymous");

    assertThat(jetty.client(null).get("/review/").statusCode()).isEqualTo(401);
    HttpResponse<String> page = jetty.client(null).get("/open/items/" + id);
    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.body()).contains("Sign-in required").doesNotContain(id);
    assertThat(jetty.client(null).get("/open/items/" + id + "/files/0/preview.png").statusCode()).isEqualTo(401);
  }

  @Test
  void nonReviewerIsRefused403() throws Exception {
    String id = desk.imageItem("mallory");
    ReviewJetty.Client mallory = jetty.client("mallory");

    HttpResponse<String> queue = mallory.get("/review/?label=mallory");
    assertThat(queue.statusCode()).isEqualTo(403);
    assertThat(queue.body()).contains("Not a reviewer").doesNotContain(id);
    assertThat(mallory.get("/review/items/" + id).statusCode()).isEqualTo(403);
    HttpResponse<byte[]> preview = mallory.getBytes("/review/items/" + id + "/files/0/preview.png");
    assertThat(preview.statusCode()).isEqualTo(403);
    assertThat(preview.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(mallory.postForm("/review/items/" + id + "/reveal", "_csrf=x").statusCode()).isEqualTo(403);
    assertThat(desk.queue.get(id).version()).isEqualTo(1);
    assertThat(desk.queue.audit(id)).extracting(e -> e.action()).containsExactly(AuditAction.SUBMIT);
  }

  @Test
  void postWithoutOrWithAWrongCsrfTokenIs403AndChangesNothing() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "csrf");
    ReviewJetty.Client rita = jetty.client("rita");
    String token = token(rita.get("/review/items/" + id).body());
    String decide = "expectedVersion=1&kind=REMOVE&reasonCode=SCAM_OR_SPAM";

    List<HttpResponse<String>> refused = List.of(
        rita.postForm("/review/items/" + id + "/decide", decide),
        rita.postForm("/review/items/" + id + "/decide", decide + "&_csrf=" + encode(token.substring(1) + "A")),
        rita.postForm("/review/items/" + id + "/claim", "_csrf="),
        rita.postForm("/review/items/" + id + "/reveal", "_csrf=" + encode(jetty.client("rita").get("/review/").body()
            .replaceFirst("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1"))));

    assertThat(refused).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("nothing was changed");
    });
    ReviewItem item = desk.queue.get(id);
    assertThat(item.version()).isEqualTo(1);
    assertThat(item.state()).isEqualTo(ReviewState.PENDING);
    assertThat(item.audit()).hasSize(1);
  }

  @Test
  void scriptAndAttributePayloadsInTheAdAreRenderedInert() throws Exception {
    String script = "<script>alert(1)</script>";
    String attribute = "\"><img src=x onerror=alert(1)>";
    String body = "call 555-0100 " + script + " " + attribute;
    String id = desk.textItem(Priority.URGENT, "xss\"><b>label", body, new io.tripline.Span(5, 13));
    ReviewJetty.Client rita = jetty.client("rita");

    String page = rita.get("/review/items/" + id).body();
    assertThat(page)
        .doesNotContain(script).doesNotContain("<img src=x").doesNotContain("<b>label")
        .contains("call <mark>555-0100</mark> &lt;script&gt;alert(1)&lt;/script&gt; "
            + "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("xss&quot;&gt;&lt;b&gt;label");
    assertThat(page.toLowerCase()).doesNotContain("<script");

    String queue = rita.get("/review/?label=" + encode("xss\"><b>label")).body();
    assertThat(idsInOrder(queue)).containsExactly(id);
    assertThat(queue).doesNotContain("<b>label").contains("value=\"xss&quot;&gt;&lt;b&gt;label\"");

    // A reviewer's note is escaped in the audit trail too.
    rita.postForm("/review/items/" + id + "/decide", form("_csrf", token(page), "expectedVersion", "1",
        "kind", "ESCALATE", "reasonCode", "UNSURE", "note", script));
    String after = jetty.client("sam").get("/review/items/" + id).body();
    assertThat(after).doesNotContain(script).contains("<blockquote class=\"note\">&lt;script&gt;alert(1)&lt;/script&gt;</blockquote>");
  }

  @Test
  void pagesAndStylesheetCarryTheSecurityHeaders() throws Exception {
    String id = desk.textItem(Priority.NORMAL, "headers-page");
    ReviewJetty.Client rita = jetty.client("rita");

    for (String path : List.of("/review/", "/review/items/" + id, "/review/assets/review.css")) {
      HttpResponse<String> r = rita.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
    assertThat(rita.get("/review/assets/review.css").body()).contains("table.queue");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    ReviewJetty.Client rita = jetty.client("rita");
    String token = sessionToken(rita);

    assertThat(rita.get("/review/nowhere").statusCode()).isEqualTo(404);
    HttpResponse<String> getDecide = rita.get("/review/items/rv_x/decide");
    assertThat(getDecide.statusCode()).isEqualTo(405);
    assertThat(getDecide.headers().firstValue("Allow")).hasValue("POST");
    assertThat(rita.postForm("/review/", "_csrf=" + token).statusCode()).isEqualTo(405);
  }

  // --- Helpers --------------------------------------------------------------------------------

  /** The item ids linked from the queue table, in order. */
  static List<String> idsInOrder(String page) {
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("<td><a href=\"/review/items/([^\"]+)\">").matcher(page);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  static String token(String page) {
    Matcher m = CSRF.matcher(page);
    if (!m.find()) {
      throw new AssertionError("no CSRF field in the page");
    }
    return encode(m.group(1));
  }

  /** The session's token from the API, URL-encoded, for pages that have no form to take it from. */
  static String sessionToken(ReviewJetty.Client client) throws Exception {
    String json = client.get("/review/api/csrf").body();
    return encode(json.replaceFirst("(?s).*\"token\":\"([^\"]+)\".*", "$1"));
  }

  static long version(String page) {
    Matcher m = VERSION.matcher(page);
    if (!m.find()) {
      throw new AssertionError("no expectedVersion in the page");
    }
    return Long.parseLong(m.group(1));
  }

  /** A form body; the CSRF value is passed already encoded (as {@link #token} returns it). */
  static String form(String... pairs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(pairs[i]).append('=').append(pairs[i].equals("_csrf") ? pairs[i + 1] : encode(pairs[i + 1]));
    }
    return b.toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static BufferedImage image(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
    assertThat(image).isNotNull();
    return image;
  }

  static boolean isGreyscale(BufferedImage image) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r != g || g != b) {
          return false;
        }
      }
    }
    return true;
  }

  /** The chunk types of a PNG, in order. */
  static List<String> chunks(byte[] png) {
    List<String> types = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(png);
    buf.position(8);
    while (buf.remaining() >= 12) {
      int length = buf.getInt();
      byte[] type = new byte[4];
      buf.get(type);
      types.add(new String(type, StandardCharsets.US_ASCII));
      buf.position(buf.position() + length + 4);
    }
    return types;
  }
}
