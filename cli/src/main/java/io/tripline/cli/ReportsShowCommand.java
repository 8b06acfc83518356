package io.tripline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.outbox.Attempt;
import io.tripline.report.outbox.JournalRecord;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxRecord;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tripline reports --store FILE.db show KEY}: one entry, its attempts and its receipt. */
@Command(
    name = "show",
    description = {
      "Shows one outbox entry: its state, every attempt, the receipt and the external id.",
      "The payload is summarised (a protocol report's category, report id and evidence count), "
          + "never printed. A clearinghouse receipt (signature header line, then the signed body) "
          + "is shown field by field; its signature is not verified here. Exit 1 for an unknown KEY."
    })
final class ReportsShowCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest value from a receipt or attempt printed; receivers' texts are short. */
  private static final int TEXT_CHARS = 200;

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ReportsCommand reports;

  @Parameters(paramLabel = "KEY", description = "The entry's idempotency key (the report id).")
  private String key;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    try (Outbox outbox = reports.open(cmd)) {
      OutboxRecord r = outbox.find(key)
          .orElseThrow(() -> new IllegalArgumentException("no entry with key " + ReportsCommand.oneLine(key, 200)));
      List<Attempt> attempts = outbox.attempts(key);
      List<JournalRecord> journal = outbox.journal(key);
      PrintWriter out = cmd.getOut();
      for (String line : render(r, attempts, journal)) {
        out.println(line);
      }
      out.flush();
    }
    return CommandLine.ExitCode.OK;
  }

  static List<String> render(OutboxRecord r, List<Attempt> attempts, List<JournalRecord> journal) {
    List<String> lines = new ArrayList<>();
    lines.add("key: " + r.key());
    lines.add("destination: " + r.entry().destination());
    lines.add("state: " + ReportsListCommand.name(r.state()));
    lines.add("created: " + ReportsCommand.time(r.entry().createdAt()));
    switch (r.state()) {
      case PENDING -> lines.add("next attempt: " + ReportsCommand.time(r.nextAttemptAt()));
      case DELIVERED -> lines.add("delivered: " + ReportsCommand.time(r.deliveredAt()));
      case DEAD -> { }
    }
    if (r.lastError() != null) {
      lines.add("last error: " + ReportsCommand.oneLine(r.lastError(), TEXT_CHARS));
    }
    lines.add("external id: " + (r.externalId() == null ? "-" : ReportsCommand.oneLine(r.externalId(), TEXT_CHARS)));
    lines.add("payload: " + payload(r));
    lines.add("attempts: " + r.attempts());
    for (Attempt a : attempts) {
      lines.add(attempt(a));
    }
    if (!journal.isEmpty()) {
      // Steps of a multi-call delivery (e.g. NCMEC's report and file ids): ids, never content.
      lines.add("journal: " + RulesCheckCommand.plural(journal.size(), "step"));
      for (JournalRecord j : journal) {
        lines.add("  attempt " + j.attempt() + "  " + ReportsCommand.time(j.recordedAt()) + "  "
            + ReportsCommand.oneLine(j.record(), TEXT_CHARS));
      }
    }
    receipt(r.receipt(), r.key(), lines);
    return lines;
  }

  /** What the payload is, without a byte of it beyond the category, the report id and counts. */
  static String payload(OutboxRecord r) {
    byte[] bytes = r.entry().payload();
    String size = RulesCheckCommand.plural(bytes.length, "byte");
    Report report;
    try {
      report = ReportJson.read(bytes);
    } catch (RuntimeException e) {
      // The reason may quote the payload: not shown.
      return "not a protocol report, " + size + " (not shown)";
    }
    String id = report.id();
    boolean keyed = id.equals(r.key()) || r.key().equals(id + ":" + r.entry().destination());
    return "protocol report, category " + report.incident().category() + ", report id " + id
        + (keyed ? "" : " (not the key)") + ", "
        + RulesCheckCommand.plural(report.evidence().size(), "evidence item") + ", " + size;
  }

  static String attempt(Attempt a) {
    StringBuilder b = new StringBuilder("  attempt " + a.number() + "  " + ReportsCommand.time(a.startedAt()) + "  "
        + a.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    if (a.finishedAt() != null) {
      b.append("  finished ").append(ReportsCommand.time(a.finishedAt()));
    }
    if (a.detail() != null) {
      boolean error = a.outcome() == Attempt.Outcome.RETRYABLE_FAILURE
          || a.outcome() == Attempt.Outcome.PERMANENT_FAILURE;
      b.append(error ? "  error: " : "  detail: ").append(ReportsCommand.oneLine(a.detail(), TEXT_CHARS));
    }
    if (a.retryAt() != null) {
      b.append("  retry at ").append(ReportsCommand.time(a.retryAt()));
    }
    b.append("  by ").append(ReportsCommand.oneLine(a.dispatcher(), 100));
    return b.toString();
  }

  /**
   * The receipt: a clearinghouse receipt record ({@code ClearinghouseSink.receiptRecord}: the
   * {@code Tripline-Signature} header, a line break, the signed JSON body) field by field;
   * anything else by its size only.
   */
  static void receipt(byte @Nullable [] receipt, String key, List<String> lines) {
    if (receipt == null) {
      lines.add("receipt: -");
      return;
    }
    String text = new String(receipt, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String header = nl < 0 ? "" : text.substring(0, nl).strip();
    String body = nl < 0 ? text : text.substring(nl + 1);
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (Exception e) {
      json = null;
    }
    if (json == null || !json.isObject() || !json.has("reportId") || !json.has("status")) {
      lines.add("receipt: " + RulesCheckCommand.plural(receipt.length, "byte") + ", not a clearinghouse receipt (not shown)");
      return;
    }
    lines.add("receipt: clearinghouse receipt, " + RulesCheckCommand.plural(receipt.length, "byte"));
    String keyId = signatureKeyId(header);
    lines.add("  signature: " + (keyId != null
        ? "header present (keyid " + ReportsCommand.oneLine(keyId, 64) + "), not verified here"
        : header.isEmpty() ? "missing" : "malformed header"));
    String reportId = text(json, "reportId");
    lines.add("  reportId: " + reportId + (key.equals(reportId) ? "" : " (not the key)"));
    lines.add("  receivedAt: " + text(json, "receivedAt"));
    lines.add("  status: " + text(json, "status"));
    JsonNode routes = json.path("routes");
    if (routes.isArray()) {
      for (JsonNode route : routes) {
        StringBuilder b = new StringBuilder("  route: " + text(route, "destination") + "  " + text(route, "status"));
        for (String field : List.of("obligation", "externalId", "coveredBy")) {
          if (route.hasNonNull(field)) {
            b.append("  ").append(field).append(' ').append(text(route, field));
          }
        }
        lines.add(b.toString());
      }
    }
    JsonNode preservation = json.path("preservation");
    if (preservation.isObject()) {
      lines.add("  preservation: until " + text(preservation, "until") + ", basis " + text(preservation, "basis"));
    }
  }

  /** The keyid of a {@code Tripline-Signature} header with a keyid and an ed25519 value, else null. */
  static @Nullable String signatureKeyId(String header) {
    String keyId = null;
    boolean signature = false;
    for (String part : header.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (name.equals("keyid") && !value.isEmpty()) {
        keyId = value;
      } else if (name.equals("ed25519") && !value.isEmpty()) {
        signature = true;
      }
    }
    return signature ? keyId : null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "-";
    }
    return ReportsCommand.oneLine(value.isValueNode() ? value.asText() : value.toString(), TEXT_CHARS);
  }
}
