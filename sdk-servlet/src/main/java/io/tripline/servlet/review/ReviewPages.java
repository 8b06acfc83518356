package io.tripline.servlet.review;

import io.tripline.Span;
import io.tripline.review.AuditEntry;
import io.tripline.review.DecisionKind;
import io.tripline.review.FlaggedFile;
import io.tripline.review.MatchEvidence;
import io.tripline.review.ReasonCode;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewState;
import io.tripline.review.ReviewSummary;
import io.tripline.review.TextExcerpt;
import io.tripline.review.UploaderContext;
import io.tripline.rules.ReportInstruction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The review UI's pages, as {@link Html}: every uploaded text, label, name and note goes in as
 * text and comes out escaped. Links are absolute paths below {@link #base}. One instance per
 * request.
 */
final class ReviewPages {
  private final String base;
  private final Reviewer reviewer;
  private final String csrfToken;
  private final Instant now;
  private final @Nullable String signOutUrl;

  /**
   * @param base the servlet's path from the server root (context path and servlet path)
   * @param csrfToken the session's token, put in every form
   * @param now the time the page is made
   */
  ReviewPages(String base, Reviewer reviewer, String csrfToken, Instant now, @Nullable String signOutUrl) {
    this.base = base;
    this.reviewer = reviewer;
    this.csrfToken = csrfToken;
    this.now = now;
    this.signOutUrl = signOutUrl;
  }

  String queueUrl() {
    return base + "/";
  }

  String itemUrl(String id) {
    return ReviewPaths.item(base, id);
  }

  Html page(String title, boolean onQueue, Html main) {
    Html signOut = signOutUrl == null ? null : new Html()
        .open("form", "method", "post", "action", signOutUrl, "class", "sign-out")
        .csrfField(csrfToken)
        .element("button", "Sign out", "type", "submit", "class", "secondary")
        .close("form");
    return ReviewLayout.page(base, title, reviewer, List.of(new ReviewLayout.Link("Queue", queueUrl(), onQueue)), main,
        signOut);
  }

  /** A page that only says what went wrong. */
  Html problemPage(ReviewProblem problem) {
    Html main = new Html().element("p", problem.detail(), "class", "notice error", "role", "alert")
        .open("p").element("a", "Back to the queue", "href", queueUrl()).close("p");
    return page(problem.title(), false, main);
  }

  // --- Queue ----------------------------------------------------------------------------------

  Html queue(QueueQuery query, List<ReviewSummary> items, boolean hasNext, Map<ReviewState, Long> counts,
      @Nullable String flash) {
    Html main = new Html();
    notices(main, flash, null);
    main.open("p", "class", "meta counts");
    boolean first = true;
    for (ReviewState state : ReviewState.values()) {
      if (!first) {
        main.text(" \u00b7 ");
      }
      first = false;
      main.element("a", ReviewFormat.words(state.name()) + ": " + counts.getOrDefault(state, 0L),
          "href", queueUrl() + "?state=" + state.name());
    }
    main.close("p");
    filterForm(main, query);

    if (items.isEmpty()) {
      main.element("p", "No items match these filters.", "class", "notice");
    } else {
      int from = query.offset() + 1;
      int to = query.offset() + items.size();
      main.open("table", "class", "queue")
          .element("caption", "Items " + from + "\u2013" + to + ", highest priority first, then oldest first")
          .open("thead").open("tr");
      for (String h : List.of("Priority", "Item", "Age and due", "Labels", "Signal types", "Rule", "State")) {
        main.element("th", h, "scope", "col");
      }
      main.close("tr").close("thead").open("tbody");
      for (ReviewSummary s : items) {
        queueRow(main, s);
      }
      main.close("tbody").close("table");
    }
    if (query.offset() > 0 || hasNext) {
      main.open("nav", "class", "paging", "aria-label", "Pages").open("p");
      if (query.offset() > 0) {
        main.element("a", "\u2190 Previous page", "href",
            queueUrl() + query.queryString(Math.max(0, query.offset() - query.limit())), "rel", "prev");
      }
      if (query.offset() > 0 && hasNext) {
        main.text(" ");
      }
      if (hasNext) {
        main.element("a", "Next page \u2192", "href", queueUrl() + query.queryString(query.offset() + query.limit()),
            "rel", "next");
      }
      main.close("p").close("nav");
    }
    return page("Review queue", true, main);
  }

  private void filterForm(Html main, QueueQuery q) {
    main.open("form", "class", "filters", "method", "get", "action", queueUrl(), "role", "search")
        .open("div").element("label", "State", "for", "f-state")
        .open("select", "id", "f-state", "name", "state");
    option(main, "open", "Open (pending and claimed)", q.stateChoice());
    for (ReviewState s : ReviewState.values()) {
      option(main, s.name(), ReviewFormat.words(s.name()), q.stateChoice());
    }
    option(main, "all", "All", q.stateChoice());
    main.close("select").close("div")
        .open("div").element("label", "Label", "for", "f-label")
        .empty("input", "type", "text", "id", "f-label", "name", "label", "value", q.label(), "maxlength", "200")
        .close("div")
        .open("div").element("label", "Signal type", "for", "f-signal")
        .empty("input", "type", "text", "id", "f-signal", "name", "signalType", "value", q.signalType(),
            "maxlength", "200")
        .close("div")
        .open("div").element("label", "Escalated", "for", "f-escalated")
        .open("select", "id", "f-escalated", "name", "escalated");
    String esc = q.escalated() == null ? "any" : q.escalated().toString();
    option(main, "any", "Any", esc);
    option(main, "true", "Escalated only", esc);
    option(main, "false", "Not escalated", esc);
    main.close("select").close("div")
        .open("div").open("label")
        .empty("input", "type", "checkbox", "name", "overdue", "value", "true", "checked", q.overdueOnly() ? "" : null)
        .text(" Overdue only").close("label").close("div")
        .element("button", "Filter", "type", "submit")
        .close("form");
  }

  private static void option(Html h, String value, String label, String selected) {
    h.element("option", label, "value", value, "selected", value.equals(selected) ? "" : null);
  }

  private void queueRow(Html h, ReviewSummary s) {
    h.open("tr");
    h.open("td");
    priorityBadge(h, s.priority().name());
    if (s.escalated()) {
      h.text(" ").element("span", "escalated", "class", "badge escalated");
    }
    h.close("td");
    h.open("td").element("a", s.id(), "href", itemUrl(s.id())).close("td");
    h.open("td").text(ReviewFormat.duration(Duration.between(s.submittedAt(), now)) + " old").empty("br");
    due(h, s.state(), s.dueAt(), s.overdue());
    h.close("td");
    h.element("td", String.join(", ", s.labels()));
    h.element("td", String.join(", ", s.signalTypes()));
    h.open("td").element("code", rule(s.rule().pack(), s.rule().packVersion(), s.rule().ruleId())).close("td");
    h.open("td").text(ReviewFormat.words(s.state().name()));
    if (s.state() == ReviewState.CLAIMED && s.claimedBy() != null) {
      h.empty("br").element("span", "by " + s.claimedBy()
          + (s.claimExpiresAt() == null ? "" : " until " + ReviewFormat.time(s.claimExpiresAt())), "class", "meta");
    }
    if (s.decision() != null) {
      h.empty("br").element("span", ReviewFormat.words(s.decision().name()), "class", "meta");
    }
    h.close("td");
    h.close("tr");
  }

  private void due(Html h, ReviewState state, Instant dueAt, boolean overdue) {
    if (state == ReviewState.DECIDED) {
      return;
    }
    if (overdue) {
      h.element("span", "Overdue", "class", "overdue").text(" by " + ReviewFormat.duration(Duration.between(dueAt, now))
          + " (due ");
    } else {
      h.text("Due in " + ReviewFormat.duration(Duration.between(now, dueAt)) + " (");
    }
    time(h, dueAt).text(")");
  }

  private static void priorityBadge(Html h, String priority) {
    h.element("span", priority, "class", "badge priority-" + priority.toLowerCase(Locale.ROOT));
  }

  private static String rule(String pack, String version, String ruleId) {
    return pack + "@" + version + "/" + ruleId;
  }

  private static Html time(Html h, Instant at) {
    return h.element("time", ReviewFormat.time(at), "datetime", at.toString());
  }

  // --- Item -----------------------------------------------------------------------------------

  /**
   * What the reviewer had put in the decision form, shown again when it was refused as malformed.
   * Null members were not given.
   */
  record Draft(@Nullable String kind, @Nullable String reasonCode, @Nullable String note) {}

  Html item(ReviewItem item, boolean revealed, @Nullable String flash, @Nullable ReviewProblem problem,
      @Nullable Draft draft) {
    Html main = new Html();
    notices(main, flash, problem);
    summary(main, item);
    claimSection(main, item);
    matches(main, item.matches());
    excerpts(main, item.excerpts());
    files(main, item, revealed);
    uploader(main, item);
    reports(main, item);
    decisionSection(main, item, draft == null ? new Draft(null, null, null) : draft);
    audit(main, item.audit());
    return page("Item " + item.id(), false, main);
  }

  private static void notices(Html main, @Nullable String flash, @Nullable ReviewProblem problem) {
    if (problem != null) {
      main.open("div", "class", "notice error", "role", "alert")
          .element("strong", problem.title()).text(": " + problem.detail()).close("div");
    }
    if (flash != null) {
      main.element("p", flash, "class", "notice", "role", "status");
    }
  }

  private void summary(Html h, ReviewItem item) {
    h.open("table", "class", "evidence summary").open("tbody");
    h.open("tr").element("th", "State", "scope", "row").open("td").text(ReviewFormat.words(item.state().name()))
        .element("span", " (version " + item.version() + ")", "class", "meta").close("td").close("tr");
    h.open("tr").element("th", "Priority", "scope", "row").open("td");
    priorityBadge(h, item.priority().name());
    if (item.escalated()) {
      h.text(" ").element("span", "escalated", "class", "badge escalated");
    }
    h.close("td").close("tr");
    h.open("tr").element("th", "Submitted", "scope", "row").open("td");
    time(h, item.submittedAt()).text(" (" + ReviewFormat.duration(Duration.between(item.submittedAt(), now)) + " ago)");
    h.close("td").close("tr");
    h.open("tr").element("th", "Due", "scope", "row").open("td");
    if (item.state() == ReviewState.DECIDED) {
      time(h, item.dueAt());
    } else {
      due(h, item.state(), item.dueAt(), item.overdue(now));
    }
    h.close("td").close("tr");
    h.open("tr").element("th", "Rule", "scope", "row").open("td")
        .element("code", rule(item.rule().pack(), item.rule().packVersion(), item.rule().ruleId()))
        .text(" \u00b7 pack " + item.rule().pack() + " version " + item.rule().packVersion() + ", flagged ");
    time(h, item.flaggedAt()).close("td").close("tr");
    if (item.decision() != null && item.decidedBy() != null) {
      h.open("tr").element("th", item.state() == ReviewState.DECIDED ? "Decision" : "Last escalation", "scope", "row")
          .open("td").text(ReviewFormat.words(item.decision().kind().name()) + " \u00b7 "
              + ReviewFormat.words(item.decision().reasonCode().name()) + " \u00b7 by " + item.decidedBy());
      if (item.decidedAt() != null) {
        h.text(" at ");
        time(h, item.decidedAt());
      }
      h.close("td").close("tr");
    }
    if (!item.reportIds().isEmpty()) {
      h.open("tr").element("th", "Reports filed", "scope", "row").element("td", String.join(", ", item.reportIds()))
          .close("tr");
    }
    h.close("tbody").close("table");
  }

  private void claimSection(Html h, ReviewItem item) {
    if (item.state() == ReviewState.DECIDED) {
      return;
    }
    h.element("h2", "Claim", "id", "claim");
    boolean mine = item.state() == ReviewState.CLAIMED && reviewer.id().equals(item.claimedBy());
    if (item.state() == ReviewState.CLAIMED && !mine) {
      h.element("p", "Claimed by " + item.claimedBy() + " until "
          + (item.claimExpiresAt() == null ? "?" : ReviewFormat.time(item.claimExpiresAt()))
          + ". You can look at it, but only they can decide it until then.", "class", "notice");
      return;
    }
    if (mine) {
      h.element("p", "You hold this item until "
          + (item.claimExpiresAt() == null ? "?" : ReviewFormat.time(item.claimExpiresAt())) + ".", "class", "meta");
    }
    if (item.escalated() && !reviewer.isSenior()) {
      return; // the decision section says why
    }
    h.open("div", "class", "actions");
    postButton(h, item.id(), "claim", mine ? "Renew claim" : "Claim this item", null);
    if (mine) {
      postButton(h, item.id(), "release", "Release", "secondary");
    }
    h.close("div");
  }

  private void postButton(Html h, String id, String action, String label, @Nullable String buttonClass) {
    h.open("form", "method", "post", "action", ReviewPaths.action(base, id, action), "class", "inline")
        .csrfField(csrfToken)
        .element("button", label, "type", "submit", "class", buttonClass)
        .close("form");
  }

  private static void matches(Html h, List<MatchEvidence> matches) {
    h.element("h2", "Matches (" + matches.size() + ")", "id", "matches");
    if (matches.isEmpty()) {
      h.element("p", "No matches recorded.", "class", "meta");
      return;
    }
    h.open("table", "class", "evidence matches").open("thead").open("tr");
    for (String c : List.of("Feed", "Indicator", "Signal type", "Distance / threshold", "Labels", "Severity", "Where")) {
      h.element("th", c, "scope", "col");
    }
    h.close("tr").close("thead").open("tbody");
    for (MatchEvidence m : matches) {
      h.open("tr")
          .element("td", m.feed())
          .open("td").element("code", m.indicatorId()).close("td")
          .element("td", m.signalType())
          .element("td", m.distance() + " / " + (m.threshold() == null ? "unknown" : m.threshold().toString()))
          .element("td", String.join(", ", m.labels()))
          .element("td", ReviewFormat.words(m.severity().name()))
          .element("td", m.source() + (m.span() == null ? "" : " [" + m.span().start() + ".." + m.span().end() + ")"))
          .close("tr");
    }
    h.close("tbody").close("table");
  }

  private static void excerpts(Html h, List<TextExcerpt> excerpts) {
    if (excerpts.isEmpty()) {
      return;
    }
    h.element("h2", "Text excerpts", "id", "excerpts");
    for (TextExcerpt e : excerpts) {
      h.open("figure", "class", "excerpt-frame")
          .element("figcaption", "Field " + e.field() + " (characters " + e.start() + "\u2013"
              + (e.start() + e.text().length()) + " of " + e.fieldLength() + ")", "class", "meta")
          .open("p", "class", "excerpt");
      if (e.cutBefore()) {
        h.text("\u2026");
      }
      marked(h, e.text(), e.spans());
      if (e.cutAfter()) {
        h.text("\u2026");
      }
      h.close("p").close("figure");
    }
  }

  /** {@code text} with the (clipped, merged) spans in {@code <mark>}; all of it escaped. */
  static void marked(Html h, String text, List<Span> spans) {
    List<int[]> ranges = new ArrayList<>();
    for (Span s : spans) {
      int start = Math.max(0, Math.min(text.length(), s.start()));
      int end = Math.max(start, Math.min(text.length(), s.end()));
      if (end > start) {
        ranges.add(new int[] {start, end});
      }
    }
    ranges.sort(Comparator.comparingInt((int[] r) -> r[0]));
    int at = 0;
    for (int[] r : ranges) {
      int start = Math.max(r[0], at);
      if (r[1] <= start) {
        continue; // inside a range already marked
      }
      if (start > at) {
        h.text(text.substring(at, start));
      }
      h.element("mark", text.substring(start, r[1]));
      at = r[1];
    }
    if (at < text.length()) {
      h.text(text.substring(at));
    }
  }

  private void files(Html h, ReviewItem item, boolean revealed) {
    if (item.files().isEmpty()) {
      return;
    }
    h.element("h2", "Files (" + item.files().size() + ")", "id", "files");
    boolean anyKept = item.files().stream().anyMatch(FlaggedFile::contentKept);
    if (anyKept && !revealed) {
      h.open("div", "class", "notice")
          .text("Images are shown blurred and in greyscale. Reveal them only if you need to see them to decide; "
              + "the reveal is recorded in the audit trail.")
          .open("form", "method", "post", "action", ReviewPaths.action(base, item.id(), "reveal"), "class", "inline")
          .csrfField(csrfToken)
          .element("button", "Reveal images", "type", "submit", "class", "secondary")
          .close("form").close("div");
    } else if (anyKept) {
      h.element("p", "You revealed these images; they are shown as uploaded (scaled, without metadata).", "class",
          "meta");
    }
    for (int i = 0; i < item.files().size(); i++) {
      FlaggedFile f = item.files().get(i);
      String caption = "File field " + f.field() + " \u00b7 " + (f.imageFormat() == null ? "not an image" : f.imageFormat())
          + " \u00b7 " + f.size() + " bytes";
      if (f.contentKept()) {
        h.open("figure", "class", revealed ? "preview" : "preview protected")
            .empty("img", "src", ReviewPaths.preview(base, item.id(), i),
                "alt", (revealed ? "Preview of file " : "Blurred greyscale preview of file ") + f.field(),
                "loading", "lazy")
            .element("figcaption", caption)
            .close("figure");
      } else {
        h.open("figure", "class", "preview none")
            .element("p", "No preview kept", "class", "meta")
            .element("figcaption", caption)
            .close("figure");
      }
      h.open("table", "class", "evidence digests").open("tbody")
          .open("tr").element("th", "SHA-256", "scope", "row").open("td").element("code", f.sha256()).close("td").close("tr")
          .open("tr").element("th", "MD5", "scope", "row").open("td").element("code", f.md5()).close("td").close("tr");
      f.hashes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
          h.open("tr").element("th", e.getKey(), "scope", "row").open("td").element("code", e.getValue()).close("td")
              .close("tr"));
      h.close("tbody").close("table");
    }
  }

  private void uploader(Html h, ReviewItem item) {
    UploaderContext u = item.uploader();
    h.element("h2", "Uploader", "id", "uploader");
    h.open("table", "class", "evidence uploader").open("tbody");
    row(h, "Platform user", u.platformUserId());
    row(h, "IP address", u.ip());
    Duration age = u.accountAge(item.submittedAt());
    row(h, "Account created", u.accountCreatedAt() == null ? null
        : ReviewFormat.time(u.accountCreatedAt()) + (age == null ? "" : " (" + ReviewFormat.duration(age)
            + " before the upload)"));
    row(h, "Country", u.country());
    row(h, "Platform", item.platformId());
    h.close("tbody").close("table");
  }

  private static void row(Html h, String name, @Nullable String value) {
    h.open("tr").element("th", name, "scope", "row").element("td", value == null ? "unknown" : value).close("tr");
  }

  private static void reports(Html h, ReviewItem item) {
    if (item.reports().isEmpty()) {
      return;
    }
    h.element("h2", "Reports the rules ask for", "id", "reports").open("ul");
    for (ReportInstruction r : item.reports()) {
      h.element("li", ReviewFormat.words(r.category().name()) + " \u00b7 " + r.mode().name().toLowerCase(Locale.ROOT)
          .replace('_', ' '));
    }
    h.close("ul");
  }

  private void decisionSection(Html h, ReviewItem item, Draft draft) {
    if (item.state() == ReviewState.DECIDED) {
      return;
    }
    h.element("h2", "Decision", "id", "decision");
    if (item.escalated() && !reviewer.isSenior()) {
      h.element("p", "This item was escalated" + (item.decidedBy() == null ? "" : " by " + item.decidedBy())
          + (item.decision() == null ? "" : " (" + ReviewFormat.words(item.decision().reasonCode().name()) + ")")
          + ": only a senior reviewer can claim or decide it.", "class", "notice");
      return;
    }
    if (item.state() == ReviewState.CLAIMED && !reviewer.id().equals(item.claimedBy())) {
      h.element("p", "Claimed by " + item.claimedBy() + ": only they can decide it until their claim ends.",
          "class", "notice");
      return;
    }
    boolean reportable = !item.reports().isEmpty();
    h.open("form", "class", "decision", "method", "post", "action", ReviewPaths.action(base, item.id(), "decide"))
        .csrfField(csrfToken)
        .empty("input", "type", "hidden", "name", "expectedVersion", "value", Long.toString(item.version()))
        .open("fieldset").element("legend", "What should happen");
    for (DecisionKind kind : DecisionKind.values()) {
      if (kind == DecisionKind.REPORT && !reportable) {
        continue;
      }
      h.open("label")
          .empty("input", "type", "radio", "name", "kind", "value", kind.name(), "required", "",
              "checked", kind.name().equals(draft.kind()) ? "" : null)
          .text(" " + kindLabel(kind))
          .close("label");
    }
    h.close("fieldset")
        .element("label", "Reason", "for", "reasonCode")
        .open("select", "id", "reasonCode", "name", "reasonCode", "required", "")
        .element("option", "Choose the reason", "value", "");
    for (DecisionKind kind : DecisionKind.values()) {
      if (kind == DecisionKind.REPORT && !reportable) {
        continue;
      }
      h.open("optgroup", "label", ReviewFormat.words(kind.name()));
      for (ReasonCode code : reasons(kind)) {
        h.element("option", ReviewFormat.words(code.name()), "value", code.name(),
            "selected", code.name().equals(draft.reasonCode()) ? "" : null);
      }
      h.close("optgroup");
    }
    h.close("select")
        .element("label", "Note (optional; kept in the audit trail)", "for", "note")
        .element("textarea", draft.note() == null ? "" : draft.note(), "id", "note", "name", "note", "rows", "3",
            "maxlength", Integer.toString(io.tripline.review.Decision.MAX_NOTE))
        .element("button", "Record decision", "type", "submit")
        .close("form");
    if (!reportable) {
      h.element("p", "The rules asked for no report, so reporting is not offered.", "class", "meta");
    }
  }

  static String kindLabel(DecisionKind kind) {
    return switch (kind) {
      case APPROVE -> "Approve: dismiss the flag, the content stays up";
      case REMOVE -> "Remove: take the content down, no report";
      case ESCALATE -> "Escalate: pass it to a senior reviewer";
      case REPORT -> "Report: confirm the flag and file the reports";
    };
  }

  static List<ReasonCode> reasons(DecisionKind kind) {
    return switch (kind) {
      case APPROVE -> List.of(ReasonCode.Approve.values());
      case REMOVE -> List.of(ReasonCode.Remove.values());
      case ESCALATE -> List.of(ReasonCode.Escalate.values());
      case REPORT -> List.of(ReasonCode.Report.values());
    };
  }

  private static void audit(Html h, List<AuditEntry> entries) {
    h.element("h2", "Audit trail", "id", "audit");
    h.open("ol", "class", "audit");
    for (AuditEntry e : entries) {
      h.open("li");
      time(h, e.at());
      h.element("strong", e.actor()).text(" " + ReviewFormat.words(e.action().name()) + " \u00b7 "
          + (e.stateBefore() == null ? "new" : e.stateBefore().name()) + " \u2192 " + e.stateAfter().name());
      if (e.decision() != null) {
        h.text(" \u00b7 " + e.decision().name() + (e.reasonCode() == null ? "" : " (" + e.reasonCode() + ")"));
      }
      if (e.detail() != null) {
        h.text(" ").element("span", e.detail(), "class", "meta");
      }
      if (e.note() != null && !e.note().isEmpty()) {
        h.element("blockquote", e.note(), "class", "note");
      }
      h.close("li");
    }
    h.close("ol");
  }
}
