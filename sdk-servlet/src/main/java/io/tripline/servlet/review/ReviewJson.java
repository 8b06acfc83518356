package io.tripline.servlet.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.RuleRef;
import io.tripline.Span;
import io.tripline.review.AuditEntry;
import io.tripline.review.Decision;
import io.tripline.review.DecisionKind;
import io.tripline.review.FlaggedFile;
import io.tripline.review.MatchEvidence;
import io.tripline.review.ReasonCode;
import io.tripline.review.ReviewItem;
import io.tripline.review.ReviewState;
import io.tripline.review.ReviewSummary;
import io.tripline.review.TextExcerpt;
import io.tripline.rules.ReportInstruction;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the review API, written field by field: nothing reaches a client that is not named
 * here. Of the uploaded content only the text excerpts go out; files are digests, hashes and a
 * preview URL. Thread-safe.
 */
final class ReviewJson {
  static final String MEDIA_TYPE = "application/json";
  static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
  /** The largest request body the API reads. */
  static final int MAX_BODY = 16 * 1024;

  private static final ObjectMapper MAPPER = mapper();
  private static final Set<String> DECIDE_FIELDS = Set.of("kind", "reasonCode", "note", "expectedVersion",
      "contentViewed");

  private ReviewJson() {}

  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16)
        .maxStringLength(MAX_BODY).build());
    return mapper;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  // --- Out ------------------------------------------------------------------------------------

  static ObjectNode list(String base, QueueQuery query, List<ReviewSummary> items, boolean hasNext,
      Map<ReviewState, Long> counts) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putArray("items");
    for (ReviewSummary s : items) {
      array.add(summary(base, s));
    }
    ObjectNode c = root.putObject("counts");
    for (ReviewState state : ReviewState.values()) {
      c.put(state.name(), counts.getOrDefault(state, 0L));
    }
    root.put("offset", query.offset());
    root.put("limit", query.limit());
    root.put("next", hasNext ? base + "/api/items" + query.queryString(query.offset() + query.limit()) : null);
    return root;
  }

  static ObjectNode summary(String base, ReviewSummary s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", s.id());
    n.put("state", s.state().name());
    n.put("version", s.version());
    n.put("priority", s.priority().name());
    n.put("escalated", s.escalated());
    n.put("submittedAt", s.submittedAt().toString());
    n.put("dueAt", s.dueAt().toString());
    n.put("overdue", s.overdue());
    rule(n.putObject("rule"), s.rule());
    strings(n.putArray("labels"), s.labels());
    strings(n.putArray("signalTypes"), s.signalTypes());
    n.put("claimedBy", s.claimedBy());
    n.put("claimExpiresAt", iso(s.claimExpiresAt()));
    n.put("decision", s.decision() == null ? null : s.decision().name());
    n.put("url", ReviewPaths.apiItem(base, s.id()));
    n.put("page", ReviewPaths.item(base, s.id()));
    return n;
  }

  /**
   * @param revealed whether the asking reviewer revealed the item (their previews are then clear)
   * @param mayDecide whether the asking reviewer may decide it now
   */
  static ObjectNode item(String base, ReviewItem item, Instant now, boolean revealed, boolean mayDecide) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", item.id());
    n.put("state", item.state().name());
    n.put("version", item.version());
    n.put("priority", item.priority().name());
    n.put("escalated", item.escalated());
    n.put("submittedAt", item.submittedAt().toString());
    n.put("dueAt", item.dueAt().toString());
    n.put("overdue", item.overdue(now));
    rule(n.putObject("rule"), item.rule());
    n.put("flaggedAt", item.flaggedAt().toString());

    ArrayNode matches = n.putArray("matches");
    for (MatchEvidence m : item.matches()) {
      ObjectNode o = matches.addObject();
      o.put("indicatorId", m.indicatorId());
      o.put("feed", m.feed());
      o.put("signalType", m.signalType());
      o.put("distance", m.distance());
      o.put("threshold", m.threshold());
      o.put("source", m.source());
      if (m.span() == null) {
        o.putNull("span");
      } else {
        span(o.putObject("span"), m.span());
      }
      strings(o.putArray("labels"), m.labels());
      o.put("severity", m.severity().name());
      o.put("quality", m.quality());
    }

    ArrayNode excerpts = n.putArray("excerpts");
    for (TextExcerpt e : item.excerpts()) {
      ObjectNode o = excerpts.addObject();
      o.put("field", e.field());
      o.put("text", e.text());
      o.put("start", e.start());
      o.put("fieldLength", e.fieldLength());
      o.put("cutBefore", e.cutBefore());
      o.put("cutAfter", e.cutAfter());
      ArrayNode spans = o.putArray("spans");
      e.spans().forEach(s -> span(spans.addObject(), s));
    }

    ArrayNode files = n.putArray("files");
    for (int i = 0; i < item.files().size(); i++) {
      FlaggedFile f = item.files().get(i);
      ObjectNode o = files.addObject();
      o.put("index", i);
      o.put("field", f.field());
      o.put("size", f.size());
      o.put("md5", f.md5());
      o.put("sha256", f.sha256());
      o.put("imageFormat", f.imageFormat());
      ObjectNode hashes = o.putObject("hashes");
      new TreeMap<>(f.hashes()).forEach(hashes::put);
      o.put("contentKept", f.contentKept());
      o.put("preview", f.contentKept() ? ReviewPaths.preview(base, item.id(), i) : null);
      o.put("previewVariant", f.contentKept() ? (revealed ? "CLEAR" : "PROTECTED") : null);
    }

    ObjectNode u = n.putObject("uploader");
    u.put("platformUserId", item.uploader().platformUserId());
    u.put("ip", item.uploader().ip());
    u.put("accountCreatedAt", iso(item.uploader().accountCreatedAt()));
    u.put("country", item.uploader().country());
    n.put("platformId", item.platformId());

    ArrayNode reports = n.putArray("reports");
    for (ReportInstruction r : item.reports()) {
      ObjectNode o = reports.addObject();
      o.put("category", r.category().name());
      o.put("mode", r.mode().name());
    }
    n.put("claimedBy", item.claimedBy());
    n.put("claimExpiresAt", iso(item.claimExpiresAt()));
    n.put("contentViewed", item.contentViewed());
    n.put("revealedByYou", revealed);
    n.put("mayDecide", mayDecide);
    if (item.decision() == null) {
      n.putNull("decision");
    } else {
      ObjectNode d = n.putObject("decision");
      d.put("kind", item.decision().kind().name());
      d.put("reasonCode", item.decision().reasonCode().name());
      d.put("note", item.decision().note());
      d.put("contentViewed", item.decision().contentViewed());
    }
    n.put("decidedBy", item.decidedBy());
    n.put("decidedAt", iso(item.decidedAt()));
    strings(n.putArray("reportIds"), item.reportIds());

    ArrayNode audit = n.putArray("audit");
    for (AuditEntry e : item.audit()) {
      ObjectNode o = audit.addObject();
      o.put("seq", e.seq());
      o.put("at", e.at().toString());
      o.put("actor", e.actor());
      o.put("action", e.action().name());
      o.put("stateBefore", e.stateBefore() == null ? null : e.stateBefore().name());
      o.put("stateAfter", e.stateAfter().name());
      o.put("decision", e.decision() == null ? null : e.decision().name());
      o.put("reasonCode", e.reasonCode());
      o.put("note", e.note());
      o.put("detail", e.detail());
    }
    n.put("url", ReviewPaths.apiItem(base, item.id()));
    n.put("page", ReviewPaths.item(base, item.id()));
    return n;
  }

  static ObjectNode problem(ReviewProblem p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("type", p.type());
    n.put("title", p.title());
    n.put("status", p.status());
    n.put("detail", p.detail());
    p.extensions().forEach((k, v) -> n.set(k, MAPPER.valueToTree(v)));
    return n;
  }

  static ObjectNode csrf(String token) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("token", token);
    n.put("header", CsrfTokens.HEADER);
    n.put("field", CsrfTokens.FIELD);
    return n;
  }

  private static void rule(ObjectNode n, RuleRef rule) {
    n.put("pack", rule.pack());
    n.put("version", rule.packVersion());
    n.put("id", rule.ruleId());
  }

  private static void span(ObjectNode n, Span s) {
    n.put("start", s.start());
    n.put("end", s.end());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static @Nullable String iso(@Nullable Instant at) {
    return at == null ? null : at.toString();
  }

  // --- In -------------------------------------------------------------------------------------

  /** A decision as the API receives it. */
  record DecideRequest(long expectedVersion, Decision decision) {}

  /**
   * The body of {@code POST /api/items/{id}/decide}:
   * {@code {"kind", "reasonCode", "note"?, "expectedVersion", "contentViewed"?}}.
   *
   * @throws InvalidInput if it is not that
   */
  static DecideRequest decideRequest(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new InvalidInput("the body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInput("the body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!DECIDE_FIELDS.contains(name)) {
        throw new InvalidInput("unknown field; the fields are kind, reasonCode, note, expectedVersion, contentViewed");
      }
    }
    JsonNode kindNode = root.get("kind");
    JsonNode reasonNode = root.get("reasonCode");
    JsonNode versionNode = root.get("expectedVersion");
    JsonNode noteNode = root.get("note");
    JsonNode viewedNode = root.get("contentViewed");
    if (kindNode == null || !kindNode.isTextual()) {
      throw new InvalidInput("kind must be one of APPROVE, REMOVE, ESCALATE, REPORT");
    }
    if (reasonNode == null || !reasonNode.isTextual()) {
      throw new InvalidInput("reasonCode must be a reason code of the kind");
    }
    if (versionNode == null || !versionNode.isIntegralNumber() || !versionNode.canConvertToLong()) {
      throw new InvalidInput("expectedVersion must be the item's version as read (a whole number)");
    }
    if (noteNode != null && !noteNode.isNull() && !noteNode.isTextual()) {
      throw new InvalidInput("note must be a string or null");
    }
    if (viewedNode != null && !viewedNode.isNull() && !viewedNode.isBoolean()) {
      throw new InvalidInput("contentViewed must be true or false");
    }
    String note = noteNode == null || noteNode.isNull() ? null : noteNode.asText();
    boolean viewed = viewedNode != null && viewedNode.asBoolean(false);
    return new DecideRequest(versionNode.asLong(), decision(kindNode.asText(), reasonNode.asText(), note, viewed));
  }

  /**
   * The decision of {@code kind} for {@code reason}, as the form or the API names them.
   *
   * @throws InvalidInput if they name no decision, or the reason is not one of the kind's
   */
  static Decision decision(@Nullable String kind, @Nullable String reason, @Nullable String note, boolean viewed) {
    if (kind == null || kind.isBlank()) {
      throw new InvalidInput("choose what should happen (kind)");
    }
    DecisionKind k;
    try {
      k = DecisionKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("kind must be one of APPROVE, REMOVE, ESCALATE, REPORT");
    }
    if (reason == null || reason.isBlank()) {
      throw new InvalidInput("choose a reason (reasonCode)");
    }
    ReasonCode code;
    try {
      code = ReasonCode.of(k, reason.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = ReviewPages.reasons(k).stream().map(ReasonCode::name).toList();
      throw new InvalidInput("that reason is not a reason to " + k + "; the reasons to " + k + " are "
          + String.join(", ", names));
    }
    String n = note == null || note.isBlank() ? null : note.strip();
    if (n != null && n.length() > Decision.MAX_NOTE) {
      throw new InvalidInput("the note has " + n.length() + " characters, more than " + Decision.MAX_NOTE);
    }
    return new Decision(k, code, n, viewed);
  }
}
