package io.tripline.report;

import io.tripline.FileEvidence;
import io.tripline.Match;
import io.tripline.PlatformContext;
import io.tripline.Priority;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.rules.Policy;
import io.tripline.rules.ReportCategory;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.ReportMode;
import io.tripline.rules.Router;
import io.tripline.rules.RoutingDecision;
import io.tripline.rules.RoutingFacts;
import io.tripline.spi.ImageHash;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link Report}s from verdicts: {@link #fromVerdict} for a report a rule asked for
 * {@code automatic}ally, {@link #fromReview} for one a reviewer confirmed. Each report is routed
 * by the rule packs' {@link Router} at the time of the injected clock, and carries the plan
 * ({@link Report#routes()}: destinations, deadlines, preservation).
 *
 * <pre>{@code
 * Reports reports = Reports.builder()
 *     .policy(policy)                 // or .router(Router.of(policy.jurisdictions()))
 *     .providerCountries("US")
 *     .clock(clock)
 *     .build();
 * Report report = reports.fromVerdict(verdict, new Reports.Upload(uploader, "anna_k", uploadedAt),
 *     context, verdict.reports().get(0));
 * }</pre>
 *
 * <p>What a report holds: the verdict's files as evidence, hash-only (SHA-256, MD5, PDQ with its
 * quality; content is preserved by the evidence store, not here); the verdict's matches (at most
 * {@value Report#MAX_MATCHES}, in order); the uploader as the reported user, with the upload's IP;
 * the uploader's country as the subject country. It is a {@code HASH_MATCH} when a match is in a
 * file, else a {@code TEXT_MATCH}. Victims and other subjects are added with
 * {@link Report#toBuilder()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Reports {

  private final Router router;
  private final List<String> providerCountries;
  private final Clock clock;

  private Reports(Builder b) {
    this.router = Objects.requireNonNull(b.router, "router (or policy) was not set");
    if (b.providerCountries.isEmpty()) {
      throw new IllegalStateException("providerCountries was not set: without it no provider route would apply");
    }
    Check.within("jurisdiction", () -> new Report.Jurisdiction(b.providerCountries, List.of()));
    this.providerCountries = List.copyOf(b.providerCountries);
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The upload a report is about, as the platform knows it.
   *
   * @param uploader who uploaded it; becomes the reported user (if anything identifies them)
   * @param screenName the uploader's screen name, if any
   * @param uploadedAt when the platform received the upload, by its own records: the report's
   *     {@code occurredAt}. Read it from the platform's upload record, so that a retry or a
   *     restart gives the same value, and so the same report id
   */
  public record Upload(Uploader uploader, @Nullable String screenName, Instant uploadedAt) {
    public Upload {
      Objects.requireNonNull(uploader, "uploader");
      Objects.requireNonNull(uploadedAt, "uploadedAt");
    }
  }

  /**
   * A reviewer's confirmation of a flag (or block) that a report asked for.
   *
   * @param confirmedAt when the reviewer confirmed; the knowledge time of an {@code after-review}
   *     report
   * @param contentViewed whether the reviewer viewed the files' content (NCMEC
   *     {@code fileViewedByEsp}); false if they decided on the blurred preview and the matches
   */
  public record Confirmation(Instant confirmedAt, boolean contentViewed) {
    public Confirmation {
      Objects.requireNonNull(confirmedAt, "confirmedAt");
    }
  }

  /**
   * A report that {@code instruction}, an automatic one of {@code verdict}, asks for; known at the
   * verdict's time, not human-reviewed.
   *
   * @throws IllegalArgumentException if {@code instruction} is not one of the verdict's reports or
   *     is {@code after-review} (use {@link #fromReview})
   * @throws InvalidReportException if the report would be invalid (e.g. no platform id in the
   *     context; the field says which)
   */
  public Report fromVerdict(Verdict verdict, Upload upload, PlatformContext context, ReportInstruction instruction) {
    check(verdict, upload, context, instruction);
    if (instruction.mode() != ReportMode.AUTOMATIC) {
      throw new IllegalArgumentException("the report " + instruction + " is filed after review: use fromReview");
    }
    return make(verdict, upload, context, instruction, verdict.decidedAt(), null);
  }

  /**
   * A report that a reviewer confirmed: human-reviewed, its files marked viewed if the reviewer
   * viewed them. Knowledge is at the verdict for an {@code automatic} instruction, at the
   * confirmation for an {@code after-review} one. (An automatic report already filed has the same
   * id: it is the same incident.)
   *
   * @throws IllegalArgumentException if {@code instruction} is not one of the verdict's reports,
   *     or the confirmation precedes the verdict
   * @throws InvalidReportException if the report would be invalid
   */
  public Report fromReview(Verdict verdict, Upload upload, PlatformContext context, ReportInstruction instruction,
      Confirmation confirmation) {
    check(verdict, upload, context, instruction);
    Objects.requireNonNull(confirmation, "confirmation");
    if (confirmation.confirmedAt().isBefore(verdict.decidedAt())) {
      throw new IllegalArgumentException("confirmedAt " + confirmation.confirmedAt() + " is before the verdict ("
          + verdict.decidedAt() + ")");
    }
    Instant knowledgeAt = instruction.mode() == ReportMode.AUTOMATIC ? verdict.decidedAt() : confirmation.confirmedAt();
    return make(verdict, upload, context, instruction, knowledgeAt, confirmation);
  }

  private static void check(Verdict verdict, Upload upload, PlatformContext context, ReportInstruction instruction) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(instruction, "instruction");
    if (!verdict.reports().contains(instruction)) {
      throw new IllegalArgumentException("the verdict did not ask for the report " + instruction);
    }
  }

  private Report make(Verdict verdict, Upload upload, PlatformContext context, ReportInstruction instruction,
      Instant knowledgeAt, @Nullable Confirmation confirmation) {
    ReportCategory category = instruction.category();
    String platform = context.platformId();
    if (platform == null) {
      throw Check.invalid("incident.platform", "is required: the PlatformContext has no platformId");
    }
    boolean reviewed = confirmation != null;
    Report.Builder b = Report.builder()
        .category(category)
        .occurredAt(upload.uploadedAt())
        .knowledgeAt(knowledgeAt)
        .urgent(category == ReportCategory.THREAT_TO_LIFE
            || verdict instanceof Verdict.Flag flag && flag.priority() == Priority.URGENT)
        .platform(platform)
        .humanReviewed(reviewed)
        .providerCountries(providerCountries);

    Set<String> fileFields = new HashSet<>();
    Set<String> files = new HashSet<>();
    int n = 0;
    for (FileEvidence file : verdict.files()) {
      fileFields.add(file.field());
      if (!files.add(file.sha256()) || n == Report.MAX_EVIDENCE) {
        continue; // the same file twice is one piece of evidence
      }
      n++;
      ImageHash pdq = file.hashes().stream().filter(h -> h.signalType().equals("pdq")).findFirst().orElse(null);
      Report.Digests digests = Check.within("evidence[" + (n - 1) + "].digests", () -> new Report.Digests(
          file.sha256(), file.md5(), pdq == null ? null : pdq.toHex(), pdq == null ? null : pdq.quality()));
      b.addEvidence(new Report.Evidence("ev_" + n, digests, reviewed && confirmation.contentViewed(),
          Report.EvidenceMode.HASH_ONLY));
    }

    boolean inFile = false;
    Set<Report.IndicatorMatch> matches = new LinkedHashSet<>();
    for (Match match : verdict.matches()) {
      inFile |= match.span() == null && fileFields.contains(match.source());
      if (matches.size() < Report.MAX_MATCHES) {
        int i = matches.size();
        matches.add(Check.within("detection.matches[" + i + "]", () -> new Report.IndicatorMatch(match.feed(),
            match.indicatorId(), match.signalType(), match.distance())));
      }
    }
    matches.forEach(b::addMatch);
    b.method(inFile ? Report.Detection.Method.HASH_MATCH
        : !matches.isEmpty() ? Report.Detection.Method.TEXT_MATCH : Report.Detection.Method.HUMAN_REVIEW);

    Uploader uploader = upload.uploader();
    if (uploader.platformUserId() != null || uploader.ip() != null || upload.screenName() != null) {
      List<Subject.IpEvent> events = uploader.ip() == null ? List.of()
          : List.of(Check.within("subjects[0].ipEvents[0]",
              () -> new Subject.IpEvent(uploader.ip(), Subject.IpEventType.UPLOAD, upload.uploadedAt())));
      b.addSubject(Check.within("subjects[0]",
          () -> Subject.Involved.reportedUser(uploader.platformUserId(), upload.screenName(), events)));
    }
    List<String> subjectCountries = context.country() == null ? List.of() : List.of(context.country());
    b.subjectCountries(subjectCountries);

    // The report is made now; a clock a little behind the engine's must not date it before the
    // knowledge it reports.
    Instant now = clock.instant();
    Instant reportedAt = now.isBefore(knowledgeAt) ? knowledgeAt : now;
    RoutingDecision decision = router.route(RoutingFacts.builder(category, knowledgeAt)
        .providerCountries(providerCountries).subjectCountries(subjectCountries).build(), reportedAt);
    return b.routes(RoutePlan.of(decision)).notifySubject(false).build();
  }

  /** Configures {@link Reports}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Router router;
    private List<String> providerCountries = List.of();
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /** The router of the jurisdictions in use. */
    public Builder router(Router router) {
      this.router = Objects.requireNonNull(router, "router");
      return this;
    }

    /** Routes by the jurisdictions of {@code policy}'s packs. */
    public Builder policy(Policy policy) {
      return router(Router.of(Objects.requireNonNull(policy, "policy").jurisdictions()));
    }

    /** Where the platform is a provider under the law (ISO 3166-1 alpha-2); at least one. */
    public Builder providerCountries(String... countries) {
      return providerCountries(Arrays.asList(countries));
    }

    public Builder providerCountries(Collection<String> countries) {
      this.providerCountries = new ArrayList<>(countries);
      return this;
    }

    /** The clock reports are dated by; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws NullPointerException if no router was set
     * @throws IllegalStateException if no provider country was set
     * @throws InvalidReportException if a provider country is not an ISO code
     */
    public Reports build() {
      return new Reports(this);
    }
  }
}
