package io.tripline.report.ncmec;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How far a send got, as persisted through {@link NcmecProgress}: the report id and when it was
 * opened, each uploaded file's id and whether its details were sent, and whether the report was
 * finished. Immutable; the {@code with...} methods return a new state.
 *
 * @param files by file index (position in {@link NcmecReport#files()}); copied
 * @param uploading indexes of files whose upload was started but whose fileId was not persisted;
 *     copied. On resume such a report is retracted and sent anew: the upload may have arrived, and
 *     NCMEC has no call to remove a file, so going on would file that copy unannounced.
 */
public record NcmecSendState(
    @Nullable Long reportId,
    @Nullable Instant openedAt,
    Map<Integer, UploadedFile> files,
    Set<Integer> uploading,
    @Nullable Instant finishedAt) {

  /** NCMEC deletes an unfinished report this long after it was opened. */
  public static final Duration OPEN_LIFETIME = Duration.ofHours(24);
  /** NCMEC deletes an unfinished report this long after its last change. */
  public static final Duration IDLE_LIFETIME = Duration.ofHours(1);

  /**
   * An uploaded file.
   *
   * @param detailsSentAt when its {@code fileDetails} were accepted, or null if not yet
   */
  public record UploadedFile(String fileId, String md5, Instant uploadedAt, @Nullable Instant detailsSentAt) {
    public UploadedFile {
      Objects.requireNonNull(fileId, "fileId");
      Objects.requireNonNull(md5, "md5");
      Objects.requireNonNull(uploadedAt, "uploadedAt");
    }
  }

  /**
   * @throws IllegalArgumentException if the parts contradict each other (files or a finish
   *     without a report)
   */
  public NcmecSendState {
    files = Map.copyOf(files);
    uploading = Set.copyOf(uploading);
    if ((reportId == null) != (openedAt == null)) {
      throw new IllegalArgumentException("reportId and openedAt go together");
    }
    if (reportId == null && (!files.isEmpty() || !uploading.isEmpty() || finishedAt != null)) {
      throw new IllegalArgumentException("files or a finish without a reportId");
    }
  }

  /** Nothing sent yet. */
  public static NcmecSendState fresh() {
    return new NcmecSendState(null, null, Map.of(), Set.of(), null);
  }

  /** Report {@code reportId} was opened at {@code at}. */
  public static NcmecSendState opened(long reportId, Instant at) {
    return new NcmecSendState(reportId, at, Map.of(), Set.of(), null);
  }

  /** The upload of file {@code fileIndex} is about to start. */
  public NcmecSendState withUploadStarting(int fileIndex) {
    Set<Integer> next = new TreeSet<>(uploading);
    next.add(fileIndex);
    return new NcmecSendState(reportId, openedAt, files, next, finishedAt);
  }

  /** File {@code fileIndex} arrived as {@code fileId}; it is no longer {@linkplain #uploading() uploading}. */
  public NcmecSendState withFileUploaded(int fileIndex, String fileId, String md5, Instant at) {
    Map<Integer, UploadedFile> next = new TreeMap<>(files);
    next.put(fileIndex, new UploadedFile(fileId, md5, at, null));
    Set<Integer> pending = new TreeSet<>(uploading);
    pending.remove(fileIndex);
    return new NcmecSendState(reportId, openedAt, next, pending, finishedAt);
  }

  /**
   * @throws IllegalStateException if file {@code fileIndex} was not uploaded
   */
  public NcmecSendState withFileDetailsSent(int fileIndex, Instant at) {
    UploadedFile file = files.get(fileIndex);
    if (file == null) {
      throw new IllegalStateException("file " + fileIndex + " was not uploaded");
    }
    Map<Integer, UploadedFile> next = new TreeMap<>(files);
    next.put(fileIndex, new UploadedFile(file.fileId(), file.md5(), file.uploadedAt(), at));
    return new NcmecSendState(reportId, openedAt, next, uploading, finishedAt);
  }

  NcmecSendState withoutFile(int fileIndex) {
    Map<Integer, UploadedFile> next = new TreeMap<>(files);
    next.remove(fileIndex);
    return new NcmecSendState(reportId, openedAt, next, uploading, finishedAt);
  }

  public NcmecSendState withFinished(Instant at) {
    return new NcmecSendState(reportId, openedAt, files, uploading, at);
  }

  public boolean finished() {
    return finishedAt != null;
  }

  /** The last time the open report changed: its opening, an upload or a details call. */
  public @Nullable Instant lastChangeAt() {
    Instant last = openedAt;
    for (UploadedFile f : files.values()) {
      last = later(later(last, f.uploadedAt()), f.detailsSentAt());
    }
    return last;
  }

  /**
   * Whether NCMEC has deleted this unfinished report by {@code now}: 24 h after it was opened or
   * 1 h after its last change. A fresh or finished state never expires.
   */
  public boolean expiredAt(Instant now) {
    if (openedAt == null || finishedAt != null) {
      return false;
    }
    Instant last = Objects.requireNonNull(lastChangeAt());
    return !now.isBefore(openedAt.plus(OPEN_LIFETIME)) || !now.isBefore(last.plus(IDLE_LIFETIME));
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
