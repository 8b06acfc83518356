package io.tripline.report;

import io.tripline.rules.ReportCategory;
import java.time.Instant;
import java.util.List;

/** Reports for tests: the protocol's example, with concrete values. */
public final class ReportFixtures {

  public static final Instant OCCURRED = Instant.parse("2026-11-28T09:58:00Z");
  static final Instant KNOWN = Instant.parse("2026-11-28T10:00:00Z");
  static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String SHA256_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
  static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";
  static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  private ReportFixtures() {}

  /** The protocol's example report (clearinghouse-protocol.md, Reports). */
  public static Report.Builder example() {
    return Report.builder()
        .category(ReportCategory.CHILD_SEX_TRAFFICKING)
        .occurredAt(OCCURRED)
        .knowledgeAt(KNOWN)
        .urgent(false)
        .platform("example-classifieds")
        .method(Report.Detection.Method.HASH_MATCH)
        .humanReviewed(true)
        .addMatch(new Report.IndicatorMatch("confirmed-hashes", "ind-81f3", "pdq", 12))
        .addSubject(Subject.Involved.reportedUser("u_998", "anna_k",
            List.of(new Subject.IpEvent("203.0.113.9", Subject.IpEventType.UPLOAD, OCCURRED))))
        .addEvidence(new Report.Evidence("ev_1", new Report.Digests(SHA256, MD5, PDQ, 87), true,
            Report.EvidenceMode.HASH_ONLY))
        .providerCountries("US")
        .subjectCountries("US")
        .notifySubject(false);
  }

  static Report.Evidence evidence(String id, String sha256) {
    return new Report.Evidence(id, new Report.Digests(sha256, null, null, null), false, Report.EvidenceMode.HASH_ONLY);
  }
}
