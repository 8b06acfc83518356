package io.tripline.report;

import io.tripline.rules.ReportCategory;
import java.util.List;

/**
 * The feed-facing form of a report: what the clearinghouse may publish to a shared feed once a
 * report is human-reviewed, so other platforms block the same content (protocol, "What the
 * reference clearinghouse does", step 3). Digests and the category only: never content, never a
 * person. Its components are a category and {@link Report.Digests}; no type reachable from it can
 * hold a {@link Subject}, so a victim cannot reach a feed through it (see {@link Subject}).
 * Written by {@link ReportJson#writeFeedShare(FeedShare)}.
 *
 * @param category what the content is evidence of
 * @param digests the digests of the files, in the report's order
 */
public record FeedShare(ReportCategory category, List<Report.Digests> digests) {
  /** @throws InvalidReportException if a component is missing or there is no digest */
  public FeedShare {
    Check.present(category, "category");
    digests = List.copyOf(Check.present(digests, "digests"));
    Check.size(digests, "digests", 1, Report.MAX_EVIDENCE);
  }
}
