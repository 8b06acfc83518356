/**
 * Preserved evidence: the content of reported files, kept only where a route requires it.
 *
 * <p>Reports carry digests; {@link io.tripline.report.evidence.EvidencePolicy} says from the
 * report's routing whether a file's content must also be kept, and until when (the longest
 * preservation period among the routes filed, e.g. a year after a CyberTipline report).
 * {@link io.tripline.report.evidence.EvidenceStore} keeps it in a local directory, encrypted with
 * AES-256-GCM under keys from configuration ({@link io.tripline.report.evidence.EvidenceKeys},
 * rotatable), logs every access in a hash-chained, append-only log, extends the period when a
 * later report needs the same file longer, and deletes what has expired;
 * {@link io.tripline.report.evidence.EvidencePurger} runs that purge daily.
 *
 * <pre>{@code
 * EvidenceStore store = EvidenceStore.builder()
 *     .directory(Path.of("/var/lib/tripline/evidence"))
 *     .keys(EvidenceKeys.fromConfiguration(config))
 *     .build();
 * EvidencePolicy.Decision keep = EvidencePolicy.decide(report);
 * if (keep.preserve()) {
 *   store.preserve(fileId, report.id(), bytes, keep.until(), keep.basis()); // fileId: stable per file
 * }
 * byte[] content = store.read(fileId, "reviewer:alice", "LE request 2027-0042");
 * EvidencePurger purger = EvidencePurger.daily(store, scheduler, clock);
 * }</pre>
 */
@NullMarked
package io.tripline.report.evidence;

import org.jspecify.annotations.NullMarked;
