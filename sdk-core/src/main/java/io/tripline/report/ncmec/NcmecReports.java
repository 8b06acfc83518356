package io.tripline.report.ncmec;

import io.tripline.report.Report;
import io.tripline.report.Subject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Turns a Tripline {@link Report} into the {@link NcmecReport} the CyberTipline takes, as the
 * protocol's NCMEC mapping says: the category to its incident type, the reported user to
 * {@code personOrUserReported} (with the IP events), each piece of evidence whose content is
 * preserved to an uploaded file with {@code originalFileHash@hashType} from the digests of the
 * original upload, {@code fileViewedByEsp} from {@code humanViewed}, and the PDQ hash and the
 * indicator matches as {@code details@type=HASH}.
 *
 * <p>Evidence kept as hashes only (the default) has no file to upload: its digests go into the
 * report's additional information, so NCMEC still learns what was found. Victims are not sent as
 * reported persons.
 */
public final class NcmecReports {

  private NcmecReports() {}

  /** The preserved content of a piece of evidence, by its id; empty when only hashes were kept. */
  @FunctionalInterface
  public interface EvidenceContent {
    Optional<byte[]> content(String evidenceId);
  }

  /**
   * The CyberTipline report for {@code report}, filed by {@code reporter}.
   *
   * @throws NcmecNotRoutedException if the report's category does not go to NCMEC
   * @throws NullPointerException if an argument is null
   */
  public static NcmecReport from(Report report, NcmecReporter reporter, EvidenceContent contents) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(contents, "contents");
    Report.Incident incident = report.incident();
    List<NcmecFile> files = new ArrayList<>();
    StringJoiner hashOnly = new StringJoiner("\n");
    for (Report.Evidence evidence : report.evidence()) {
      Optional<byte[]> content = contents.content(evidence.evidenceId());
      Report.Digests digests = evidence.digests();
      if (content.isPresent() && content.get().length > 0) {
        files.add(file(evidence, content.get(), report.detection()));
      } else {
        hashOnly.add("evidence " + evidence.evidenceId() + " (content not kept): sha256 " + digests.sha256()
            + (digests.md5() != null ? ", md5 " + digests.md5() : "")
            + (digests.pdq() != null ? ", pdq " + digests.pdq() : ""));
      }
    }
    StringBuilder info = new StringBuilder("Tripline report " + report.id() + "; detection "
        + report.detection().method() + (report.detection().humanReviewed() ? ", reviewed by a person" : ""));
    if (hashOnly.length() > 0) {
      info.append('\n').append(hashOnly);
    }
    return new NcmecReport(incident.category(), incident.occurredAt(), reporter, incident.platform(),
        reportedPerson(report), files, info.toString());
  }

  private static NcmecFile file(Report.Evidence evidence, byte[] content, Report.Detection detection) {
    Report.Digests digests = evidence.digests();
    List<NcmecHash> hashes = new ArrayList<>();
    if (digests.md5() != null) {
      hashes.add(new NcmecHash(NcmecHash.Type.MD5, digests.md5()));
    }
    hashes.add(new NcmecHash(NcmecHash.Type.SHA256, digests.sha256()));
    Map<String, String> details = new LinkedHashMap<>();
    if (digests.pdqQuality() != null) {
      details.put("pdqQuality", Integer.toString(digests.pdqQuality()));
    }
    int n = 0;
    for (Report.IndicatorMatch match : detection.matches()) {
      n++;
      details.put("match" + n, match.feed() + "/" + match.indicator() + " " + match.signalType() + " distance "
          + match.distance());
    }
    return new NcmecFile(evidence.evidenceId(), content, null, null, null, evidence.humanViewed(), hashes,
        digests.pdq(), details, null);
  }

  /** The first reported user, if any: NCMEC takes one reported person per report. */
  private static @Nullable NcmecReportedPerson reportedPerson(Report report) {
    for (Subject subject : report.subjects()) {
      if (subject instanceof Subject.Involved involved && involved.role() == Subject.SubjectRole.REPORTED_USER) {
        List<NcmecIpEvent> events = involved.ipEvents().stream()
            .map(e -> new NcmecIpEvent(e.ip(), kind(e.event()), e.at())).toList();
        return new NcmecReportedPerson(involved.platformUserId(), report.incident().platform(),
            involved.screenName(), events);
      }
    }
    return null;
  }

  private static NcmecIpEvent.Kind kind(Subject.IpEventType type) {
    return switch (type) {
      case UPLOAD -> NcmecIpEvent.Kind.UPLOAD;
      case LOGIN -> NcmecIpEvent.Kind.LOGIN;
      case REGISTRATION -> NcmecIpEvent.Kind.REGISTRATION;
      case MESSAGE, OTHER -> NcmecIpEvent.Kind.OTHER;
    };
  }
}
