package io.tripline.report.ncmec;

import io.tripline.rules.ReportCategory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reports for the NCMEC tests, and a progress that persists like a durable store would. */
final class NcmecFixtures {

  static final Instant INCIDENT = Instant.parse("2026-11-27T21:14:05Z");
  static final byte[] FILE_A = "not an image: test bytes A".getBytes(StandardCharsets.UTF_8);
  static final byte[] FILE_B = "not an image: test bytes B".getBytes(StandardCharsets.UTF_8);

  private NcmecFixtures() {}

  static NcmecReporter reporter() {
    return new NcmecReporter(
        new NcmecContact("Trust", "Safety", "tips@platform.example", "5550100", "+1"),
        NcmecContact.email("Legal", "Desk", "legal@platform.example"),
        "https://platform.example/terms", "https://platform.example/legal");
  }

  static NcmecFile file(String name, byte[] content) {
    Map<String, String> match = new LinkedHashMap<>();
    match.put("matchedList", "clearinghouse:confirmed-hashes");
    match.put("pdqDistance", "12");
    return new NcmecFile(name, content, "IMG_0001.jpg", INCIDENT.minusSeconds(60), "https://cdn.platform.example/u/1",
        true, List.of(NcmecHash.md5(NcmecClient.md5(content)),
            NcmecHash.sha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
        "f".repeat(64), match, new NcmecIpEvent("203.0.113.7", NcmecIpEvent.Kind.UPLOAD, INCIDENT.minusSeconds(60)));
  }

  static NcmecReport report(ReportCategory category, NcmecFile... files) {
    return new NcmecReport(category, INCIDENT, reporter(), "Platform Example Chat",
        new NcmecReportedPerson("user-48151623", "chat", "night_owl",
            List.of(new NcmecIpEvent("198.51.100.23", NcmecIpEvent.Kind.LOGIN, INCIDENT.minusSeconds(3600)),
                new NcmecIpEvent("2001:db8::1", null, null))),
        List.of(files), "Found by hash match; confirmed by a reviewer.");
  }

  static NcmecReport twoFiles() {
    return report(ReportCategory.CSAM, file("a.bin", FILE_A), file("b.bin", FILE_B));
  }

  /** Thrown by {@link Store} to stand for a crash of the sending process. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(String at) {
      super("crash at " + at);
    }
  }

  /**
   * Persists the ids into an {@link NcmecSendState} like a durable store; can crash at one event
   * ({@code reportOpened}, {@code fileUploaded:0}, {@code fileDetailsSent:1}, {@code finished}),
   * either before the id is persisted or right after.
   */
  static final class Store implements NcmecProgress {
    NcmecSendState state = NcmecSendState.fresh();
    final List<String> events = new ArrayList<>();
    final List<NcmecCall> calls = new ArrayList<>();
    @Nullable String crashAt;
    boolean crashAfterPersist;

    Store crash(String at, boolean afterPersist) {
      this.crashAt = at;
      this.crashAfterPersist = afterPersist;
      return this;
    }

    private void step(String event, Runnable persist) {
      if (event.equals(crashAt)) {
        crashAt = null;
        if (crashAfterPersist) {
          persist.run();
          events.add(event);
        }
        throw new Crash(event);
      }
      persist.run();
      events.add(event);
    }

    @Override
    public void reportOpened(long reportId, Instant at, @Nullable String requestId) {
      step("reportOpened", () -> state = NcmecSendState.opened(reportId, at));
    }

    @Override
    public void uploadStarting(long reportId, int fileIndex, Instant at) {
      step("uploadStarting:" + fileIndex, () -> state = state.withUploadStarting(fileIndex));
    }

    @Override
    public void fileUploaded(long reportId, int fileIndex, String fileId, String md5, Instant at,
        @Nullable String requestId) {
      step("fileUploaded:" + fileIndex, () -> state = state.withFileUploaded(fileIndex, fileId, md5, at));
    }

    @Override
    public void fileDetailsSent(long reportId, int fileIndex, Instant at, @Nullable String requestId) {
      step("fileDetailsSent:" + fileIndex, () -> state = state.withFileDetailsSent(fileIndex, at));
    }

    @Override
    public void finished(long reportId, Instant at, @Nullable String requestId) {
      step("finished", () -> state = state.withFinished(at));
    }

    @Override
    public void abandoned(long reportId, String reason) {
      events.add("abandoned:" + reason);
      state = NcmecSendState.fresh();
    }

    @Override
    public void called(NcmecCall call) {
      calls.add(call);
    }
  }
}
