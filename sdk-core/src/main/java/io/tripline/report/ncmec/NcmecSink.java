package io.tripline.report.ncmec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.report.InvalidReportException;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.evidence.EvidenceException;
import io.tripline.report.evidence.EvidenceNotFoundException;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox entries of reports to the NCMEC CyberTipline, exactly once across crashes. An
 * entry's payload is the report as {@link ReportJson#writeStored} wrote it, its key
 * {@code <reportId>:ncmec} (see {@link #entry}); register the sink for {@link #DESTINATION}:
 * {@code Outbox.builder().sink(NcmecSink.DESTINATION, sink)}.
 *
 * <p>One delivery reads the report, builds the {@link NcmecReport} ({@link NcmecReports#from}),
 * with the content of evidence kept {@link Report.EvidenceMode#CONTENT_PRESERVED} read from the
 * {@link EvidenceStore} (under its SHA-256, as accessor {@value #EVIDENCE_ACCESSOR}, for a purpose
 * naming the report, so the store's access log records it), and sends it with the
 * {@link NcmecClient}, resuming from the entry's {@link DeliveryJournal}: every
 * {@link NcmecProgress} event is appended to it as one JSON record the moment it arrives, and the
 * next attempt rebuilds the {@link NcmecSendState} from those records, so NCMEC's report id,
 * each file id and the finish are never lost and no second report is filed. The record format is
 * in {@code docs/ncmec-reporting.md}, "Through the outbox".
 *
 * <p>Outcomes: a filed report is {@link DeliveryResult.Delivered} with NCMEC's report id as the
 * external id and a JSON receipt ({@code reportId}, {@code fileIds}, {@code finishedAt}, and
 * {@code calls}: endpoint, HTTP status, response code, {@code Request-ID} and time of every call
 * of every attempt). Outages and NCMEC server errors are retried by the outbox. These are dead
 * letters at once: a payload that is not a report, a category NCMEC does not take, a report whose
 * XML fails the schema, NCMEC refusing the content (the report was retracted), NCMEC refusing the
 * credentials (logged at ERROR: an operator must act), and a journal that cannot be replayed.
 * Evidence that the store no longer holds (purged) goes to NCMEC as hashes only, with a warning;
 * any other failure to read evidence is retried, so a wrong key never files a report without its
 * files. Reasons and logs name entry keys, report, evidence and NCMEC ids, never report content
 * or credentials.
 *
 * <p>Thread-safe and immutable.
 */
public final class NcmecSink implements DeliverySink {

  /** The outbox destination of reports to the NCMEC CyberTipline. */
  public static final String DESTINATION = "ncmec";

  /** The accessor the evidence store's access log records for the sink's reads. */
  public static final String EVIDENCE_ACCESSOR = "tripline-ncmec-sink";

  private static final Logger LOG = LoggerFactory.getLogger(NcmecSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEMA_ERROR =
      Pattern.compile("line (\\d+) column (\\d+): (cvc-[A-Za-z0-9.-]+)");

  private final NcmecClient client;
  private final NcmecReporter reporter;
  private final @Nullable EvidenceStore evidenceStore;
  private final Clock clock;

  private NcmecSink(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client was not set");
    this.reporter = Objects.requireNonNull(b.reporter, "reporter was not set");
    this.evidenceStore = b.evidenceStore;
    this.clock = b.clock;
  }

  /** A builder; the {@code client} and the {@code reporter} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The outbox entry that files {@code report} with NCMEC: key {@code <reportId>:ncmec},
   * destination {@value #DESTINATION}, payload {@link ReportJson#writeStored}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static OutboxEntry entry(Report report, Instant createdAt) {
    Objects.requireNonNull(report, "report");
    return new OutboxEntry(report.id() + ":" + DESTINATION, DESTINATION, ReportJson.writeStored(report), createdAt);
  }

  /** Delivers without a durable journal: nothing can resume after a crash. */
  @Override
  public DeliveryResult deliver(OutboxEntry entry) {
    return deliver(entry, DeliveryJournal.inMemory());
  }

  /**
   * Files the entry's report, resuming from {@code journal}.
   *
   * @throws io.tripline.report.outbox.JournalFencedException unchanged, if this attempt lost its
   *     turn: it stops at once and records nothing more
   * @throws io.tripline.report.outbox.OutboxException if the journal could not be written (the
   *     outbox retries)
   */
  @Override
  public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(journal, "journal");
    String key = entry.key();
    Report report;
    try {
      report = ReportJson.read(entry.payload());
    } catch (InvalidReportException e) {
      // The field path only: the reason may quote the payload.
      return new DeliveryResult.PermanentFailure("the payload of " + key + " is not a readable report (invalid '"
          + e.field() + "')");
    }
    if (NcmecIncidentType.of(report.incident().category()).isEmpty()) {
      return new DeliveryResult.PermanentFailure("report " + report.id() + " is of category "
          + report.incident().category() + ", which is not routed to the NCMEC CyberTipline");
    }

    NcmecJournal.Replay replay;
    try {
      replay = NcmecJournal.replay(journal.records());
    } catch (NcmecJournal.Unreadable e) {
      LOG.error("the NCMEC delivery journal of {} cannot be replayed: {}; NCMEC may hold an unfinished report of"
          + " it, check before reviving the entry", key, e.getMessage());
      return new DeliveryResult.PermanentFailure("the delivery journal of " + key + " cannot be replayed ("
          + e.getMessage() + "); NCMEC may hold an unfinished report of it");
    }
    NcmecSendState state = replay.state();
    if (state.finished()) {
      // Filed by an earlier attempt whose outcome was not stored: nothing to send, no evidence to read.
      long reportId = Objects.requireNonNull(state.reportId());
      LOG.info("{} was filed as NCMEC report {} by an earlier attempt", key, reportId);
      return delivered(reportId, NcmecJournal.fileIds(state), Objects.requireNonNull(state.finishedAt()),
          replay.calls());
    }

    Built built;
    try {
      built = build(report);
    } catch (NcmecNotRoutedException e) {
      return new DeliveryResult.PermanentFailure(e.getMessage());
    } catch (EvidenceException e) {
      return new DeliveryResult.RetryableFailure("evidence of report " + report.id() + " could not be read: "
          + e.getMessage());
    }

    NcmecJournal.Recorder progress = new NcmecJournal.Recorder(journal, clock, state.reportId());
    if (!built.files().equals(replay.files()) || !fits(state, built.files().size())) {
      if (state.reportId() != null) {
        // The file indexes in the journal no longer name the same evidence (a file was purged
        // meanwhile): that report cannot be completed as it was begun.
        long stale = state.reportId();
        LOG.warn("NCMEC report {} of {}: the files to upload changed since it was opened; retracting it and"
            + " sending the report again", stale, key);
        try {
          client.retract(stale, progress);
        } catch (NcmecAuthException e) {
          return authFailure(key, e);
        } catch (NcmecException e) {
          if (e.responseCode() == 5102) {
            // Its finish went through but was not recorded: it is filed.
            Instant at = clock.instant();
            progress.finished(stale, at, e.requestId());
            return delivered(stale, NcmecJournal.fileIds(state), at, concat(replay.calls(), progress.calls()));
          }
          LOG.warn("NCMEC report {} of {}: retraction failed ({}); it expires unfinished", stale, key,
              e.getMessage());
        }
        progress.abandoned(stale, "the files to upload changed");
        state = NcmecSendState.fresh();
      }
      progress.files(built.files());
    }

    try {
      NcmecReceipt receipt = client.send(built.report(), state, progress);
      LOG.info("{} filed as NCMEC report {} with {} files", key, receipt.reportId(), receipt.fileIds().size());
      return delivered(receipt.reportId(), receipt.fileIds(), receipt.finishedAt(),
          concat(replay.calls(), progress.calls()));
    } catch (NcmecAuthException e) {
      return authFailure(key, e);
    } catch (NcmecSchemaException e) {
      return new DeliveryResult.PermanentFailure("the CyberTipline XML of report " + report.id()
          + " does not validate against cyber_tipline.xsd: " + schemaErrors(e.getMessage()));
    } catch (NcmecRejectedException e) {
      return new DeliveryResult.PermanentFailure("NCMEC rejected report " + report.id() + " (an unfinished"
          + " CyberTipline report of it was retracted): " + e.getMessage() + " (Request-ID " + e.requestId() + ")");
    } catch (NcmecException e) {
      if (e.retryable()) {
        return new DeliveryResult.RetryableFailure(e.getMessage());
      }
      Long open = progress.openReport();
      if (e.responseCode() == 5101 && open != null) {
        // Retracted at NCMEC: a revived entry starts afresh.
        progress.abandoned(open, "NCMEC answered 5101: already retracted");
      }
      return new DeliveryResult.PermanentFailure(e.getMessage()
          + (e.requestId() != null ? " (Request-ID " + e.requestId() + ")" : ""));
    }
  }

  private record Built(NcmecReport report, List<String> files) {}

  /** The NCMEC report, and the evidence ids of its files in upload order. */
  private Built build(Report report) {
    Map<String, Report.Evidence> byId = new HashMap<>();
    report.evidence().forEach(e -> byId.put(e.evidenceId(), e));
    List<String> files = new ArrayList<>();
    List<byte[]> read = new ArrayList<>();
    String purpose = "NCMEC CyberTipline report of " + report.id();
    EvidenceStore store = evidenceStore;
    try {
      NcmecReport ncmec = NcmecReports.from(report, reporter, evidenceId -> {
        Report.Evidence evidence = byId.get(evidenceId);
        if (store == null || evidence == null || evidence.mode() != Report.EvidenceMode.CONTENT_PRESERVED) {
          return Optional.empty();
        }
        byte[] content;
        try {
          content = store.read(evidence.digests().sha256(), EVIDENCE_ACCESSOR, purpose);
        } catch (EvidenceNotFoundException e) {
          LOG.warn("evidence {} of report {} is no longer in the evidence store (purged); NCMEC gets its hashes"
              + " only", evidenceId, report.id());
          return Optional.empty();
        }
        read.add(content);
        if (content.length == 0) {
          return Optional.empty();
        }
        files.add(evidenceId);
        return Optional.of(content);
      });
      return new Built(ncmec, files);
    } finally {
      // The report holds its own copies.
      read.forEach(c -> Arrays.fill(c, (byte) 0));
    }
  }

  /** Whether every file index of the state is one of the report's {@code files}. */
  private static boolean fits(NcmecSendState state, int files) {
    return state.files().keySet().stream().allMatch(i -> i < files)
        && state.uploading().stream().allMatch(i -> i < files);
  }

  private static DeliveryResult authFailure(String key, NcmecAuthException e) {
    LOG.error("NCMEC refused the credentials or account while filing {} (code {}, Request-ID {}): fix the NCMEC"
        + " account, then revive the dead letters", key, e.responseCode(), e.requestId());
    return new DeliveryResult.PermanentFailure(e.getMessage()
        + (e.requestId() != null ? " (Request-ID " + e.requestId() + ")" : ""));
  }

  private static DeliveryResult delivered(long reportId, List<String> fileIds, Instant finishedAt,
      List<NcmecCall> calls) {
    return new DeliveryResult.Delivered(receiptRecord(reportId, fileIds, finishedAt, calls), Long.toString(reportId));
  }

  /** The receipt stored with a delivered entry, as JSON (UTF-8). */
  static byte[] receiptRecord(long reportId, List<String> fileIds, Instant finishedAt, List<NcmecCall> calls) {
    ObjectNode root = JSON.createObjectNode();
    root.put("reportId", reportId);
    ArrayNode ids = root.putArray("fileIds");
    fileIds.forEach(ids::add);
    root.put("finishedAt", finishedAt.toString());
    ArrayNode list = root.putArray("calls");
    for (NcmecCall call : calls) {
      ObjectNode c = list.addObject().put("endpoint", call.endpoint()).put("httpStatus", call.httpStatus())
          .put("responseCode", call.responseCode());
      if (call.requestId() != null) {
        c.put("requestId", call.requestId());
      } else {
        c.putNull("requestId");
      }
      c.put("at", call.at().toString());
    }
    try {
      return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the receipt could not be written", e);
    }
  }

  /**
   * The validator's error codes and positions: its full messages may quote the values that
   * failed, which are report content.
   */
  static String schemaErrors(@Nullable String message) {
    if (message == null) {
      return "no detail";
    }
    StringJoiner errors = new StringJoiner(", ");
    int cut = message.indexOf(" does not validate");
    if (cut > 0) {
      errors.add(message.substring(0, cut));
    }
    Matcher m = SCHEMA_ERROR.matcher(message);
    while (m.find()) {
      errors.add(m.group(3) + " at line " + m.group(1) + " column " + m.group(2));
    }
    return errors.length() == 0 ? "no detail" : errors.toString();
  }

  private static List<NcmecCall> concat(List<NcmecCall> a, List<NcmecCall> b) {
    List<NcmecCall> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Override
  public String toString() {
    return "NcmecSink[" + client + (evidenceStore == null ? ", hashes only" : ", evidence " + evidenceStore.directory())
        + "]";
  }

  /**
   * Configures an {@link NcmecSink}. Not thread-safe; {@link #build()} copies the configuration.
   */
  public static final class Builder {
    private @Nullable NcmecClient client;
    private @Nullable NcmecReporter reporter;
    private @Nullable EvidenceStore evidenceStore;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /** The client that files the reports; required. */
    public Builder client(NcmecClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The reporting ESP, as the reports name it; required. */
    public Builder reporter(NcmecReporter reporter) {
      this.reporter = Objects.requireNonNull(reporter, "reporter");
      return this;
    }

    /**
     * Where preserved evidence is read from. Without a store every piece of evidence goes to NCMEC
     * as hashes only, in the report's additional information.
     */
    public Builder evidenceStore(EvidenceStore evidenceStore) {
      this.evidenceStore = Objects.requireNonNull(evidenceStore, "evidenceStore");
      return this;
    }

    /** The clock of the journal records the sink writes itself; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws NullPointerException if the client or the reporter was not set
     */
    public NcmecSink build() {
      return new NcmecSink(this);
    }
  }
}
