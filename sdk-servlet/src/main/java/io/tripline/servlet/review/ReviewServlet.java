package io.tripline.servlet.review;

import io.tripline.image.Previews;
import io.tripline.review.AuditAction;
import io.tripline.review.AuditEntry;
import io.tripline.review.ClaimedByAnotherException;
import io.tripline.review.Decision;
import io.tripline.review.DecisionKind;
import io.tripline.review.FlaggedFile;
import io.tripline.review.ReviewException;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewItemNotFoundException;
import io.tripline.review.ReviewQueue;
import io.tripline.review.ReviewState;
import io.tripline.review.ReviewSummary;
import io.tripline.review.VersionConflictException;
import io.tripline.servlet.review.ReviewGuard.Audience;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review UI and its JSON API over a {@link ReviewQueue}: server-rendered HTML with no
 * script, and the same operations as JSON for platforms with their own tools.
 *
 * <pre>{@code
 * ReviewServlet servlet = ReviewServlet.builder(queue)
 *     .guard(ReviewGuard.builder().authorizer(myAuthorizer).build())  // default: container roles
 *     .build();
 * context.addServlet(new ServletHolder(servlet), "/review/*");
 * }</pre>
 *
 * <p>Mount it at a path mapping such as {@code /review/*}; its links are built from the context
 * path and the servlet path. Below that base:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /}</td><td>the queue, with filters ({@code state}, {@code label},
 *       {@code signalType}, {@code overdue}, {@code escalated}) and paging ({@code offset},
 *       {@code limit})</td></tr>
 *   <tr><td>{@code GET /items/{id}}</td><td>an item: evidence, previews, uploader, forms, audit
 *       trail</td></tr>
 *   <tr><td>{@code GET /items/{id}/files/{n}/preview.png}</td><td>a file's preview: the
 *       protected (blurred, greyscale) variant unless this reviewer revealed the item</td></tr>
 *   <tr><td>{@code POST /items/{id}/claim|release|reveal|decide}</td><td>form posts, answered
 *       303 (post/redirect/get) or with the item page and the error</td></tr>
 *   <tr><td>{@code GET /api/items}, {@code GET /api/items/{id}},
 *       {@code POST /api/items/{id}/claim|release|reveal|decide}, {@code GET /api/csrf}</td>
 *       <td>the JSON API; errors as {@code application/problem+json}</td></tr>
 *   <tr><td>{@code GET /assets/review.css}</td><td>the stylesheet</td></tr>
 * </table>
 *
 * <p>Every request passes the {@link ReviewGuard} first (the API paths as
 * {@link Audience#API}, the rest as {@link Audience#UI}): 401 for no one, 403 for someone who is
 * not a reviewer and for a state change without the session's CSRF token. Escalated items may
 * be claimed and decided by {@link Reviewer.Role#SENIOR senior} reviewers only. Every response
 * carries the {@link SecurityHeaders}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReviewServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ReviewServlet.class);
  private static final String FLASH = ReviewServlet.class.getName() + ".flash";
  private static final List<String> ACTIONS = List.of("claim", "release", "reveal", "decide");

  private final transient ReviewQueue queue;
  private final transient ReviewGuard guard;
  private final transient Previews previews;
  private final transient Clock clock;
  private final @Nullable String signOutPath;

  private ReviewServlet(Builder builder) {
    this.queue = builder.queue;
    this.guard = builder.guard;
    this.previews = builder.previews;
    this.clock = builder.clock;
    this.signOutPath = builder.signOutPath;
  }

  /**
   * A builder for a servlet over {@code queue}, with the default {@link ReviewGuard} (container
   * roles), {@link Previews#defaults()} and the system clock.
   *
   * @throws NullPointerException if {@code queue} is null
   */
  public static Builder builder(ReviewQueue queue) {
    return new Builder(Objects.requireNonNull(queue, "queue"));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    if (path.equals(ReviewLayout.STYLESHEET_PATH) && "GET".equals(request.getMethod())) {
      // The stylesheet holds nothing of anyone's; the login page in front of the queue uses it.
      ReviewLayout.sendStylesheet(response);
      return;
    }
    boolean api = path.equals("/api") || path.startsWith("/api/");
    Optional<Reviewer> admitted = guard.admit(request, response, api ? Audience.API : Audience.UI);
    if (admitted.isEmpty()) {
      return;
    }
    Exchange x = new Exchange(request, response, admitted.get(), request.getContextPath() + request.getServletPath(),
        clock.instant(), signOutPath == null ? null : request.getContextPath() + signOutPath);
    List<String> segments = segments(api ? path.substring("/api".length()) : path);
    if (api) {
      api(x, segments);
    } else {
      ui(x, segments);
    }
  }

  // --- UI -------------------------------------------------------------------------------------

  private void ui(Exchange x, List<String> s) throws IOException {
    String method = x.request.getMethod();
    if (s.isEmpty()) {
      if (allow(x, method, "GET", false)) {
        queuePage(x);
      }
    } else if (s.equals(List.of("assets", "review.css"))) {
      if (allow(x, method, "GET", false)) {
        ReviewLayout.sendStylesheet(x.response);
      }
    } else if (s.get(0).equals("items") && s.size() >= 2 && ReviewPaths.ITEM_ID.matcher(s.get(1)).matches()) {
      String id = s.get(1);
      if (s.size() == 2) {
        if (allow(x, method, "GET", false)) {
          itemPage(x, id, x.takeFlash(), null, null);
        }
      } else if (s.size() == 3 && ACTIONS.contains(s.get(2))) {
        if (allow(x, method, "POST", false)) {
          uiAction(x, id, s.get(2));
        }
      } else if (s.size() == 5 && s.get(2).equals("files") && s.get(4).equals("preview.png")) {
        if (allow(x, method, "GET", false)) {
          preview(x, id, s.get(3));
        }
      } else {
        uiProblem(x, ReviewProblem.noSuchPage());
      }
    } else {
      uiProblem(x, ReviewProblem.noSuchPage());
    }
  }

  private void queuePage(Exchange x) throws IOException {
    QueueQuery query;
    try {
      query = QueueQuery.of(x.request);
    } catch (InvalidInput e) {
      uiProblem(x, ReviewProblem.badRequest(e.getMessage()));
      return;
    }
    try {
      List<ReviewSummary> found = queue.list(query.filterWithLookahead());
      boolean hasNext = found.size() > query.limit();
      List<ReviewSummary> page = hasNext ? found.subList(0, query.limit()) : found;
      Map<ReviewState, Long> counts = queue.counts();
      ReviewLayout.send(x.response, 200, x.pages().queue(query, page, hasNext, counts, x.takeFlash()));
    } catch (RuntimeException e) {
      uiProblem(x, problemFor(e, null));
    }
  }

  private void itemPage(Exchange x, String id, @Nullable String flash, @Nullable ReviewProblem problem,
      ReviewPages.@Nullable Draft draft) throws IOException {
    ReviewItem item;
    try {
      item = queue.get(id);
    } catch (RuntimeException e) {
      uiProblem(x, problemFor(e, id));
      return;
    }
    int status = problem == null ? 200 : problem.status();
    ReviewLayout.send(x.response, status,
        x.pages().item(item, revealedBy(item, x.reviewer), flash, problem, draft));
  }

  private void uiAction(Exchange x, String id, String action) throws IOException {
    try {
      Decided decided = null;
      if (action.equals("decide")) {
        HttpServletRequest r = x.request;
        decided = new Decided(version(r.getParameter("expectedVersion")),
            ReviewJson.decision(r.getParameter("kind"), r.getParameter("reasonCode"), r.getParameter("note"), false));
      }
      String flash = act(x.reviewer, id, action, decided);
      x.putFlash(flash);
      String target = action.equals("release") || action.equals("decide")
          ? x.base + "/" : ReviewPaths.item(x.base, id) + (action.equals("reveal") ? "#files" : "");
      x.response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      x.response.setHeader("Location", target);
    } catch (RuntimeException e) {
      ReviewProblem problem = problemFor(e, id);
      if (problem.status() == 404 || problem.status() >= 500) {
        uiProblem(x, problem);
      } else {
        // A malformed form is shown again as it was sent; after a conflict the reviewer starts afresh.
        HttpServletRequest r = x.request;
        ReviewPages.Draft draft = problem.status() == 400 && action.equals("decide")
            ? new ReviewPages.Draft(r.getParameter("kind"), r.getParameter("reasonCode"), r.getParameter("note"))
            : null;
        itemPage(x, id, null, problem, draft);
      }
    }
  }

  private void preview(Exchange x, String id, String fileParam) throws IOException {
    try {
      int n = fileIndex(fileParam);
      ReviewItem item = queue.get(id);
      if (n >= item.files().size()) {
        uiProblem(x, ReviewProblem.noPreview("Item " + id + " has no file " + n + "."));
        return;
      }
      FlaggedFile file = item.files().get(n);
      if (!file.contentKept()) {
        uiProblem(x, ReviewProblem.noPreview("No preview kept: the content of this file is not kept."));
        return;
      }
      Previews.Variant variant = revealedBy(item, x.reviewer) ? Previews.Variant.CLEAR : Previews.Variant.PROTECTED;
      byte[] content;
      try {
        content = queue.content(id, n, x.reviewer.id(), "review preview (" + variant.name().toLowerCase(Locale.ROOT)
            + ")");
      } catch (ReviewItemNotFoundException e) {
        throw e;
      } catch (ReviewException e) {
        uiProblem(x, ReviewProblem.noPreview("No preview kept: the content of this file is no longer kept."));
        return;
      }
      Previews.Result result = previews.render(content, variant);
      Arrays.fill(content, (byte) 0);
      if (result instanceof Previews.Preview preview) {
        SecurityHeaders.sendPng(x.response, preview.png());
      } else {
        uiProblem(x, ReviewProblem.noPreview("No preview could be made of this file: "
            + ((Previews.Unavailable) result).reason()));
      }
    } catch (RuntimeException e) {
      uiProblem(x, problemFor(e, id));
    }
  }

  private void uiProblem(Exchange x, ReviewProblem problem) throws IOException {
    ReviewLayout.send(x.response, problem.status(), x.pages().problemPage(problem));
  }

  // --- API ------------------------------------------------------------------------------------

  private void api(Exchange x, List<String> s) throws IOException {
    String method = x.request.getMethod();
    try {
      if (s.equals(List.of("csrf"))) {
        if (allow(x, method, "GET", true)) {
          sendJson(x.response, 200, ReviewJson.bytes(ReviewJson.csrf(CsrfTokens.tokenFor(x.request))));
        }
      } else if (s.equals(List.of("items"))) {
        if (allow(x, method, "GET", true)) {
          QueueQuery query = QueueQuery.of(x.request);
          List<ReviewSummary> found = queue.list(query.filterWithLookahead());
          boolean hasNext = found.size() > query.limit();
          List<ReviewSummary> page = hasNext ? found.subList(0, query.limit()) : found;
          sendJson(x.response, 200,
              ReviewJson.bytes(ReviewJson.list(x.base, query, page, hasNext, queue.counts())));
        }
      } else if (s.size() >= 2 && s.get(0).equals("items") && ReviewPaths.ITEM_ID.matcher(s.get(1)).matches()
          && (s.size() == 2 || (s.size() == 3 && ACTIONS.contains(s.get(2))))) {
        String id = s.get(1);
        if (s.size() == 2) {
          if (allow(x, method, "GET", true)) {
            sendItem(x, queue.get(id));
          }
        } else if (allow(x, method, "POST", true)) {
          Decided decided = null;
          if (s.get(2).equals("decide")) {
            ReviewJson.DecideRequest body = ReviewJson.decideRequest(jsonBody(x.request));
            decided = new Decided(body.expectedVersion(), body.decision());
          }
          act(x.reviewer, id, s.get(2), decided);
          sendItem(x, queue.get(id));
        }
      } else {
        apiProblem(x.response, ReviewProblem.noSuchPage());
      }
    } catch (RuntimeException e) {
      String id = s.size() >= 2 && s.get(0).equals("items") ? s.get(1) : null;
      apiProblem(x.response, problemFor(e, id));
    }
  }

  private void sendItem(Exchange x, ReviewItem item) throws IOException {
    boolean revealed = revealedBy(item, x.reviewer);
    boolean mayDecide = item.state() != ReviewState.DECIDED && (!item.escalated() || x.reviewer.isSenior())
        && (item.state() != ReviewState.CLAIMED || x.reviewer.id().equals(item.claimedBy()));
    sendJson(x.response, 200, ReviewJson.bytes(ReviewJson.item(x.base, item, x.now, revealed, mayDecide)));
  }

  private static byte[] jsonBody(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(ReviewJson.MEDIA_TYPE)) {
      throw new Refused(ReviewProblem.unsupportedMediaType());
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(ReviewJson.MAX_BODY + 1);
      if (body.length > ReviewJson.MAX_BODY) {
        throw new Refused(ReviewProblem.tooLarge(ReviewJson.MAX_BODY));
      }
      return body;
    } catch (IOException e) {
      throw new InvalidInput("the body could not be read");
    }
  }

  private static void sendJson(HttpServletResponse response, int status, byte[] body) throws IOException {
    response.setStatus(status);
    response.setContentType(ReviewJson.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static void apiProblem(HttpServletResponse response, ReviewProblem problem) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    SecurityHeaders.apply(response);
    byte[] body = ReviewJson.bytes(ReviewJson.problem(problem));
    response.setStatus(problem.status());
    response.setContentType(ReviewJson.PROBLEM_MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  // --- Both -----------------------------------------------------------------------------------

  /** A decision with the version it was made on. */
  private record Decided(long expectedVersion, Decision decision) {}

  /**
   * Does {@code action} on item {@code id} for {@code reviewer}; returns what to tell them.
   *
   * @throws RuntimeException the queue's refusal, or {@link Refused}
   */
  private String act(Reviewer reviewer, String id, String action, @Nullable Decided decided) {
    ReviewItem item = queue.get(id);
    switch (action) {
      case "claim" -> {
        seniorIfEscalated(reviewer, item);
        ReviewItem claimed = queue.claim(id, reviewer.id());
        return "You hold item " + id + (claimed.claimExpiresAt() == null ? "."
            : " until " + ReviewFormat.time(claimed.claimExpiresAt()) + ".");
      }
      case "release" -> {
        queue.release(id, reviewer.id());
        return "You released item " + id + "; it is back in the queue.";
      }
      case "reveal" -> {
        queue.reveal(id, reviewer.id());
        return "Images revealed. Your reveal is recorded in the audit trail.";
      }
      case "decide" -> {
        Decided d = Objects.requireNonNull(decided, "decided");
        if (item.version() != d.expectedVersion()) {
          // Checked here as well as in the queue, so the senior check below is made on the version decided.
          throw new VersionConflictException(id, d.expectedVersion(), item.version(), item.state());
        }
        seniorIfEscalated(reviewer, item);
        Decision decision = d.decision();
        if (!decision.contentViewed() && revealedBy(item, reviewer)) {
          decision = new Decision(decision.kind(), decision.reasonCode(), decision.note(), true);
        }
        queue.decide(id, d.expectedVersion(), reviewer.id(), decision);
        return decision.kind() == DecisionKind.ESCALATE
            ? "Item " + id + " escalated to a senior reviewer (" + ReviewFormat.words(decision.reasonCode().name()) + ")."
            : "Item " + id + " decided: " + ReviewFormat.words(decision.kind().name()) + " ("
                + ReviewFormat.words(decision.reasonCode().name()) + ").";
      }
      default -> throw new IllegalStateException("unknown action " + action);
    }
  }

  private static void seniorIfEscalated(Reviewer reviewer, ReviewItem item) {
    if (item.escalated() && !reviewer.isSenior()) {
      throw new Refused(ReviewProblem.seniorOnly(item));
    }
  }

  /** Whether {@code reviewer} revealed the item's clear content: their previews are then clear. */
  static boolean revealedBy(ReviewItem item, Reviewer reviewer) {
    for (AuditEntry e : item.audit()) {
      if (e.action() == AuditAction.REVEAL && e.actor().equals(reviewer.id())) {
        return true;
      }
    }
    return false;
  }

  private ReviewProblem problemFor(RuntimeException e, @Nullable String id) {
    if (e instanceof Refused r) {
      return r.problem;
    }
    if (e instanceof InvalidInput) {
      return ReviewProblem.badRequest(e.getMessage());
    }
    if (e instanceof ReviewItemNotFoundException) {
      return ReviewProblem.notFound(String.valueOf(id));
    }
    if (e instanceof VersionConflictException && id != null) {
      ReviewItem current;
      try {
        current = queue.get(id);
      } catch (RuntimeException again) {
        current = null;
      }
      return ReviewProblem.conflict(id, current);
    }
    if (e instanceof ClaimedByAnotherException c) {
      return ReviewProblem.claimed(c);
    }
    if (e instanceof ReviewException && e.getCause() == null) {
      // The queue's refusals (decided already, not your claim, no report asked for) name ids and states only.
      return ReviewProblem.refused(e.getMessage());
    }
    log.error("review request failed ({})", e.getClass().getName(), e);
    return ReviewProblem.failed();
  }

  private static long version(@Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInput("expectedVersion is missing: reload the item and decide again");
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInput("expectedVersion must be a whole number");
    }
  }

  private static int fileIndex(String value) {
    if (!value.matches("[0-9]{1,4}")) {
      throw new Refused(ReviewProblem.noSuchPage());
    }
    return Integer.parseInt(value);
  }

  /** {@code /a/b/} as {@code [a, b]}; {@code /} as {@code []}. */
  private static List<String> segments(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
  }

  /** Whether {@code method} is {@code allowed}; if not, answers 405. */
  private static boolean allow(Exchange x, String method, String allowed, boolean api) throws IOException {
    if (allowed.equals(method)) {
      return true;
    }
    x.response.setHeader("Allow", allowed);
    ReviewProblem problem = ReviewProblem.methodNotAllowed(allowed);
    if (api) {
      apiProblem(x.response, problem);
    } else {
      ReviewLayout.send(x.response, problem.status(), x.pages().problemPage(problem));
    }
    return false;
  }

  /** A refusal the servlet makes itself (not the queue's). */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ReviewProblem problem;

    Refused(ReviewProblem problem) {
      super(problem.detail(), null, false, false);
      this.problem = problem;
    }
  }

  /** One request, with who sent it. */
  private static final class Exchange {
    private final @Nullable String signOutUrl;
    final HttpServletRequest request;
    final HttpServletResponse response;
    final Reviewer reviewer;
    final String base;
    final Instant now;

    Exchange(HttpServletRequest request, HttpServletResponse response, Reviewer reviewer, String base, Instant now,
        @Nullable String signOutUrl) {
      this.signOutUrl = signOutUrl;
      this.request = request;
      this.response = response;
      this.reviewer = reviewer;
      this.base = base;
      this.now = now;
    }

    ReviewPages pages() {
      return new ReviewPages(base, reviewer, CsrfTokens.tokenFor(request), now, signOutUrl);
    }

    /** The message the last post left for the next page, once. */
    @Nullable String takeFlash() {
      HttpSession session = request.getSession(false);
      if (session == null) {
        return null;
      }
      Object flash = session.getAttribute(FLASH);
      if (flash != null) {
        session.removeAttribute(FLASH);
      }
      return flash instanceof String s ? s : null;
    }

    void putFlash(String message) {
      request.getSession(true).setAttribute(FLASH, message);
    }
  }

  /**
   * Configures a {@link ReviewServlet}. Not thread-safe; {@link #build()} copies the
   * configuration.
   */
  public static final class Builder {
    private final ReviewQueue queue;
    private ReviewGuard guard = ReviewGuard.builder().build();
    private Previews previews = Previews.defaults();
    private Clock clock = Clock.systemUTC();
    private @Nullable String signOutPath;

    Builder(ReviewQueue queue) {
      this.queue = queue;
    }

    /**
     * Who may review, and how refusals are answered; default {@code ReviewGuard.builder().build()}
     * (container roles {@value ContainerRoleAuthorizer#DEFAULT_REVIEWER_ROLE} and
     * {@value ContainerRoleAuthorizer#DEFAULT_SENIOR_ROLE}).
     *
     * @throws NullPointerException if {@code guard} is null
     */
    public Builder guard(ReviewGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /**
     * How previews are rendered; default {@link Previews#defaults()}.
     *
     * @throws NullPointerException if {@code previews} is null
     */
    public Builder previews(Previews previews) {
      this.previews = Objects.requireNonNull(previews, "previews");
      return this;
    }

    /**
     * The clock of ages and due times on the pages; default system UTC. Use the queue's.
     *
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Shows a "Sign out" button on every page, posting (with the CSRF token) to {@code path} below
     * the context path, e.g. {@code /review/logout}, which the application serves. None by default.
     *
     * @throws IllegalArgumentException if {@code path} does not start with '/'
     */
    public Builder signOut(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("the sign-out path must start with '/', was '" + path + "'");
      }
      this.signOutPath = path;
      return this;
    }

    /** The servlet. */
    public ReviewServlet build() {
      return new ReviewServlet(this);
    }
  }
}
