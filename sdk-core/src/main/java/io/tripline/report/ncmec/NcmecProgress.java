package io.tripline.report.ncmec;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a send's NCMEC ids go, right after each arrives: persist them durably before returning,
 * and rebuild an {@link NcmecSendState} from them to resume (see
 * {@link NcmecSendState#opened(long, Instant)} and its {@code with...} methods). A callback that
 * throws stops the send, as a crash would; the id it was given is then not taken as persisted.
 *
 * <p>Called on the sending thread, in order.
 */
public interface NcmecProgress {

  /** NCMEC opened report {@code reportId} ({@code /submit} answered). */
  void reportOpened(long reportId, Instant at, @Nullable String requestId);

  /**
   * The upload of file {@code fileIndex} is about to start. Persist it: if the process dies before
   * {@link #fileUploaded} is persisted, the copy may have arrived unrecorded, and the resumed
   * send must retract the report and start again rather than upload a second copy.
   */
  void uploadStarting(long reportId, int fileIndex, Instant at);

  /**
   * File {@code fileIndex} of the report arrived intact as {@code fileId}; {@code md5} is the
   * digest NCMEC computed, equal to the local one.
   */
  void fileUploaded(long reportId, int fileIndex, String fileId, String md5, Instant at, @Nullable String requestId);

  /** The {@code fileDetails} of file {@code fileIndex} were accepted. */
  void fileDetailsSent(long reportId, int fileIndex, Instant at, @Nullable String requestId);

  /** The report is filed; irrevocable. Also called when a retried finish answers 5102. */
  void finished(long reportId, Instant at, @Nullable String requestId);

  /**
   * Report {@code reportId} is gone (expired, deleted by NCMEC, retracted after a validation
   * error or after an upload of unknown outcome): forget its ids. When the send goes on, a new report is opened.
   */
  default void abandoned(long reportId, String reason) {}

  /** Every HTTP call made, with its {@code Request-ID}; for the audit trail. */
  default void called(NcmecCall call) {}

  /** A progress that persists nothing; only for sends that need no resume. */
  static NcmecProgress none() {
    return new NcmecProgress() {
      @Override
      public void reportOpened(long reportId, Instant at, @Nullable String requestId) {}

      @Override
      public void uploadStarting(long reportId, int fileIndex, Instant at) {}

      @Override
      public void fileUploaded(long reportId, int fileIndex, String fileId, String md5, Instant at,
          @Nullable String requestId) {}

      @Override
      public void fileDetailsSent(long reportId, int fileIndex, Instant at, @Nullable String requestId) {}

      @Override
      public void finished(long reportId, Instant at, @Nullable String requestId) {}
    };
  }
}
