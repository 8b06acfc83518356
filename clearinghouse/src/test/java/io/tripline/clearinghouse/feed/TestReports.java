package io.tripline.clearinghouse.feed;

import io.tripline.report.Report;
import io.tripline.report.Subject;
import io.tripline.rules.ReportCategory;
import java.time.Instant;
import java.util.List;

/** Reports for the tests, with a reported user and a victim whose data must never reach a feed. */
final class TestReports {
  private TestReports() {}

  static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
  static final String USER_ID = "u_998877";
  static final String SCREEN_NAME = "sunny.trader.77";
  static final String USER_IP = "203.0.113.9";
  static final String VICTIM_ID = "u_victim_4242";
  static final String VICTIM_NAME = "little.star.2013";
  static final String VICTIM_IP = "198.51.100.77";

  static Report reviewed(String platform, ReportCategory category, Report.Digests... files) {
    return build(platform, category, true, files);
  }

  static Report build(String platform, ReportCategory category, boolean humanReviewed, Report.Digests... files) {
    Report.Builder b = Report.builder()
        .category(category)
        .occurredAt(AT)
        .knowledgeAt(AT.plusSeconds(60))
        .platform(platform)
        .method(humanReviewed ? Report.Detection.Method.HUMAN_REVIEW : Report.Detection.Method.USER_REPORT)
        .humanReviewed(humanReviewed)
        .addSubject(Subject.Involved.reportedUser(USER_ID, SCREEN_NAME,
            List.of(new Subject.IpEvent(USER_IP, Subject.IpEventType.UPLOAD, AT))))
        .addSubject(new Subject.Victim(VICTIM_ID, VICTIM_NAME,
            List.of(new Subject.IpEvent(VICTIM_IP, Subject.IpEventType.LOGIN, AT))))
        .providerCountries("US")
        .subjectCountries("US");
    int i = 1;
    for (Report.Digests d : files) {
      b.addEvidence(new Report.Evidence("ev_" + i++, d, humanReviewed, Report.EvidenceMode.HASH_ONLY));
    }
    return b.build();
  }

  static Report.Digests digests(char fill) {
    return new Report.Digests(String.valueOf(fill).repeat(64), String.valueOf(fill).repeat(32),
        ("0" + fill).repeat(32), 90);
  }
}
