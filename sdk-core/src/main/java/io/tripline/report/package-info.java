/**
 * Safe-harbor reports: the clearinghouse protocol's report model, made from verdicts and
 * submitted with a verified receipt.
 *
 * <p>{@link io.tripline.report.Reports} makes a {@link io.tripline.report.Report} from a verdict
 * (automatic) or a reviewer's confirmation, routed by the rule packs. A report is checked
 * completely when it is made ({@link io.tripline.report.InvalidReportException} names the field)
 * and has a deterministic {@link io.tripline.report.Report#id() id}, used as the Idempotency-Key,
 * so the same incident reported twice is one report. {@link io.tripline.report.ReportJson} writes
 * it exactly as the protocol does and reads it back. {@link io.tripline.report.ClearinghouseReportClient}
 * submits it once per call and returns a {@link io.tripline.report.Receipt} only if its signature
 * verifies with a pinned key; its errors say whether a retry may help. Victims are kept apart by
 * type: see {@link io.tripline.report.Subject}.
 */
@NullMarked
package io.tripline.report;

import org.jspecify.annotations.NullMarked;
