package io.tripline.report.ncmec;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A filed CyberTipline report.
 *
 * @param reportId NCMEC's report id
 * @param fileIds NCMEC's file ids, by file index
 * @param finishedAt when the finish was confirmed (by this send or, on resume, a prior one)
 * @param calls every call this send made, in order, with its {@code Request-ID}
 */
public record NcmecReceipt(long reportId, List<String> fileIds, Instant finishedAt, List<NcmecCall> calls) {
  public NcmecReceipt {
    fileIds = List.copyOf(fileIds);
    Objects.requireNonNull(finishedAt, "finishedAt");
    calls = List.copyOf(calls);
  }
}
