package io.tripline.report.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link EvidenceStore} keeps about one preserved file, without its content.
 *
 * @param evidenceId the evidence's id in the store
 * @param reportIds the reports it is preserved for, in the order they asked
 * @param until when it may be deleted: the latest preservation any of the reports needs
 * @param basis the provision that sets {@code until}, e.g. {@code US_18USC2258A_h}
 * @param keyId the id of the key it is encrypted with
 * @param preservedAt when the file was last written
 */
public record PreservedEvidence(String evidenceId, List<String> reportIds, Instant until, String basis, String keyId,
    Instant preservedAt) {
  public PreservedEvidence {
    Objects.requireNonNull(evidenceId, "evidenceId");
    reportIds = List.copyOf(reportIds);
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(preservedAt, "preservedAt");
  }
}
