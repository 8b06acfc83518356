package io.tripline.report.ncmec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.JournalRecord;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The records {@link NcmecSink} keeps in an outbox entry's {@link DeliveryJournal}, and the
 * {@link NcmecSendState} they come back to. One record is one compact JSON object whose
 * {@code event} says what it is; instants are ISO-8601 UTC, a missing {@code requestId} is left
 * out:
 *
 * <pre>
 * {"event":"files","evidence":["ev_1","ev_3"],"at":...}      the evidence uploaded, in file order
 * {"event":"opened","reportId":70000001,"at":...,"requestId":...}
 * {"event":"uploadStarting","reportId":...,"fileIndex":0,"at":...}
 * {"event":"fileUploaded","reportId":...,"fileIndex":0,"fileId":"f1","md5":...,"at":...,"requestId":...}
 * {"event":"fileDetailsSent","reportId":...,"fileIndex":0,"at":...,"requestId":...}
 * {"event":"finished","reportId":...,"at":...,"requestId":...}
 * {"event":"abandoned","reportId":...,"reason":...,"at":...}   forget that report: start afresh
 * {"event":"called","endpoint":"upload","httpStatus":200,"responseCode":0,"requestId":...,"at":...}
 * </pre>
 *
 * <p>Replaying is strict: a record that is not one of these, or that contradicts the ones before
 * it (a file of a report that is not the open one, a second report after a finish), makes the
 * journal {@link Unreadable}; guessing could file a report twice.
 */
final class NcmecJournal {

  static final String FILES = "files";
  static final String OPENED = "opened";
  static final String UPLOAD_STARTING = "uploadStarting";
  static final String FILE_UPLOADED = "fileUploaded";
  static final String FILE_DETAILS_SENT = "fileDetailsSent";
  static final String FINISHED = "finished";
  static final String ABANDONED = "abandoned";
  static final String CALLED = "called";

  /** Reasons are the client's own short texts; bounded all the same. */
  private static final int MAX_REASON = 500;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private NcmecJournal() {}

  // --- Writing ------------------------------------------------------------------------------

  static String files(List<String> evidenceIds, Instant at) {
    ObjectNode n = event(FILES);
    ArrayNode ids = n.putArray("evidence");
    evidenceIds.forEach(ids::add);
    return write(at(n, at));
  }

  static String opened(long reportId, Instant at, @Nullable String requestId) {
    return write(requestId(at(event(OPENED).put("reportId", reportId), at), requestId));
  }

  static String uploadStarting(long reportId, int fileIndex, Instant at) {
    return write(at(event(UPLOAD_STARTING).put("reportId", reportId).put("fileIndex", fileIndex), at));
  }

  static String fileUploaded(long reportId, int fileIndex, String fileId, String md5, Instant at,
      @Nullable String requestId) {
    ObjectNode n = event(FILE_UPLOADED).put("reportId", reportId).put("fileIndex", fileIndex)
        .put("fileId", fileId).put("md5", md5);
    return write(requestId(at(n, at), requestId));
  }

  static String fileDetailsSent(long reportId, int fileIndex, Instant at, @Nullable String requestId) {
    return write(requestId(at(event(FILE_DETAILS_SENT).put("reportId", reportId).put("fileIndex", fileIndex), at),
        requestId));
  }

  static String finished(long reportId, Instant at, @Nullable String requestId) {
    return write(requestId(at(event(FINISHED).put("reportId", reportId), at), requestId));
  }

  static String abandoned(long reportId, String reason, Instant at) {
    String bounded = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    return write(at(event(ABANDONED).put("reportId", reportId).put("reason", bounded), at));
  }

  static String called(NcmecCall call) {
    ObjectNode n = event(CALLED).put("endpoint", call.endpoint()).put("httpStatus", call.httpStatus())
        .put("responseCode", call.responseCode());
    if (call.requestId() != null) {
      n.put("requestId", call.requestId());
    }
    return write(at(n, call.at()));
  }

  private static ObjectNode event(String event) {
    return JSON.createObjectNode().put("event", event);
  }

  private static ObjectNode at(ObjectNode n, Instant at) {
    return n.put("at", at.toString());
  }

  private static ObjectNode requestId(ObjectNode n, @Nullable String requestId) {
    if (requestId != null) {
      n.put("requestId", requestId);
    }
    return n;
  }

  private static String write(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a journal record could not be written", e);
    }
  }

  // --- Replaying ----------------------------------------------------------------------------

  /** The journal cannot be replayed; the message names the record and what is wrong, no content. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What the records of the earlier attempts come to.
   *
   * @param state where the send stands
   * @param files the evidence ids of the latest {@code files} record, or null if there is none
   * @param calls every call recorded, in order
   */
  record Replay(NcmecSendState state, @Nullable List<String> files, List<NcmecCall> calls) {
    Replay {
      Objects.requireNonNull(state, "state");
      files = files == null ? null : List.copyOf(files);
      calls = List.copyOf(calls);
    }
  }

  /**
   * Rebuilds the send state from the records, in order.
   *
   * @throws Unreadable if a record is not one this class writes, or contradicts the ones before
   */
  static Replay replay(List<JournalRecord> records) {
    NcmecSendState state = NcmecSendState.fresh();
    List<String> files = null;
    List<NcmecCall> calls = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Fields r = Fields.parse(records.get(i).record(), i);
      String event = r.text("event");
      switch (event) {
        case FILES -> files = r.texts("evidence");
        case OPENED -> {
          if (state.finished()) {
            throw r.contradiction("a report opened after report " + state.reportId() + " was finished");
          }
          state = NcmecSendState.opened(r.reportId(), r.instant("at"));
        }
        case UPLOAD_STARTING -> {
          r.sameReport(state);
          state = state.withUploadStarting(r.fileIndex());
        }
        case FILE_UPLOADED -> {
          r.sameReport(state);
          state = state.withFileUploaded(r.fileIndex(), r.text("fileId"), r.text("md5"), r.instant("at"));
        }
        case FILE_DETAILS_SENT -> {
          r.sameReport(state);
          int index = r.fileIndex();
          if (!state.files().containsKey(index)) {
            throw r.contradiction("details of file " + index + ", which was not uploaded");
          }
          state = state.withFileDetailsSent(index, r.instant("at"));
        }
        case FINISHED -> {
          r.sameReport(state);
          if (!state.finished()) {
            state = state.withFinished(r.instant("at"));
          }
        }
        case ABANDONED -> {
          // Only the open report is forgotten; a repeated abandon of an earlier one changes nothing.
          Long reportId = state.reportId();
          if (reportId != null && reportId == r.reportId()) {
            if (state.finished()) {
              throw r.contradiction("report " + reportId + " abandoned after it was finished");
            }
            state = NcmecSendState.fresh();
          }
        }
        case CALLED -> calls.add(new NcmecCall(r.text("endpoint"), r.integer("httpStatus"), r.integer("responseCode"),
            r.optionalText("requestId"), r.instant("at")));
        default -> throw r.contradiction("an unknown event");
      }
    }
    return new Replay(state, files, calls);
  }

  /** One record's fields; every failure names the record's position. */
  private record Fields(JsonNode node, int index) {

    static Fields parse(String record, int index) {
      JsonNode node;
      try {
        node = JSON.readTree(record);
      } catch (JsonProcessingException e) {
        throw new Unreadable("record " + index + " is not JSON");
      }
      if (node == null || !node.isObject()) {
        throw new Unreadable("record " + index + " is not a JSON object");
      }
      return new Fields(node, index);
    }

    String text(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isTextual() || v.asText().isEmpty()) {
        throw new Unreadable("record " + index + " has no text '" + field + "'");
      }
      return v.asText();
    }

    @Nullable String optionalText(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : text(field);
    }

    List<String> texts(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isArray()) {
        throw new Unreadable("record " + index + " has no list '" + field + "'");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw new Unreadable("record " + index + " has a '" + field + "' that is not all text");
        }
        out.add(item.asText());
      }
      return out;
    }

    long reportId() {
      JsonNode v = node.get("reportId");
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
        throw new Unreadable("record " + index + " has no number 'reportId'");
      }
      return v.asLong();
    }

    int integer(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isInt()) {
        throw new Unreadable("record " + index + " has no integer '" + field + "'");
      }
      return v.asInt();
    }

    int fileIndex() {
      int i = integer("fileIndex");
      if (i < 0) {
        throw new Unreadable("record " + index + " has a negative fileIndex");
      }
      return i;
    }

    Instant instant(String field) {
      String text = text(field);
      try {
        return Instant.parse(text);
      } catch (DateTimeException e) {
        throw new Unreadable("record " + index + " has no instant '" + field + "'");
      }
    }

    /** A step of a report must be of the open one. */
    void sameReport(NcmecSendState state) {
      long reportId = reportId();
      if (state.reportId() == null || state.reportId() != reportId) {
        throw contradiction("a step of report " + reportId + " while " + (state.reportId() == null
            ? "no report is open" : "report " + state.reportId() + " is open"));
      }
    }

    Unreadable contradiction(String what) {
      return new Unreadable("record " + index + " (" + node.path("event").asText("?") + ") is " + what);
    }
  }

  // --- Recording ----------------------------------------------------------------------------

  /**
   * The progress handed to the client: each event is appended to the journal before the callback
   * returns, so an id is durable right after it arrived. An append that fails (the store, or a
   * {@link io.tripline.report.outbox.JournalFencedException}) is thrown out of the callback and
   * stops the send, as a crash would.
   */
  static final class Recorder implements NcmecProgress {
    private final DeliveryJournal journal;
    private final Clock clock;
    private final List<NcmecCall> calls = new ArrayList<>();
    private @Nullable Long openReport;

    Recorder(DeliveryJournal journal, Clock clock, @Nullable Long openReport) {
      this.journal = journal;
      this.clock = clock;
      this.openReport = openReport;
    }

    /** The report the send has open now, as far as the journal knows. */
    @Nullable Long openReport() {
      return openReport;
    }

    /** The calls of this send. */
    List<NcmecCall> calls() {
      return List.copyOf(calls);
    }

    void files(List<String> evidenceIds) {
      journal.append(NcmecJournal.files(evidenceIds, clock.instant()));
    }

    @Override
    public void reportOpened(long reportId, Instant at, @Nullable String requestId) {
      journal.append(opened(reportId, at, requestId));
      openReport = reportId;
    }

    @Override
    public void uploadStarting(long reportId, int fileIndex, Instant at) {
      journal.append(NcmecJournal.uploadStarting(reportId, fileIndex, at));
    }

    @Override
    public void fileUploaded(long reportId, int fileIndex, String fileId, String md5, Instant at,
        @Nullable String requestId) {
      journal.append(NcmecJournal.fileUploaded(reportId, fileIndex, fileId, md5, at, requestId));
    }

    @Override
    public void fileDetailsSent(long reportId, int fileIndex, Instant at, @Nullable String requestId) {
      journal.append(NcmecJournal.fileDetailsSent(reportId, fileIndex, at, requestId));
    }

    @Override
    public void finished(long reportId, Instant at, @Nullable String requestId) {
      journal.append(NcmecJournal.finished(reportId, at, requestId));
    }

    @Override
    public void abandoned(long reportId, String reason) {
      journal.append(NcmecJournal.abandoned(reportId, reason, clock.instant()));
      if (openReport != null && openReport == reportId) {
        openReport = null;
      }
    }

    @Override
    public void called(NcmecCall call) {
      journal.append(NcmecJournal.called(call));
      calls.add(call);
    }
  }

  /** The file ids of a finished state, by file index. */
  static List<String> fileIds(NcmecSendState state) {
    List<String> ids = new ArrayList<>();
    state.files().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> ids.add(e.getValue().fileId()));
    return ids;
  }
}
