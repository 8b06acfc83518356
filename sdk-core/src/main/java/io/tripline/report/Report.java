package io.tripline.report;

import io.tripline.rules.ReportCategory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A safe-harbor report, as the clearinghouse protocol's {@code POST /v1/reports} body has it
 * (see {@code clearinghouse-protocol.md}, Reports), plus the platform's {@link RoutePlan}. Made
 * with {@link #builder()} or {@link Reports}; every component is checked when the report is made
 * (see {@link InvalidReportException}), so a report that exists is complete and well-formed.
 *
 * <p>{@link #id()} is the report's deterministic id, sent as the {@code Idempotency-Key}; see
 * there for what it is derived from. Victims are kept apart by type: see {@link Subject}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param schemaVersion the protocol's schema version, {@value #SCHEMA_VERSION}
 * @param incident what happened, where and when
 * @param detection how it was found
 * @param subjects the people involved: the reported user, others, victims; at most
 *     {@value #MAX_SUBJECTS}
 * @param evidence the files, as digests (and whether their content is preserved); at most
 *     {@value #MAX_EVIDENCE}, each file once
 * @param jurisdiction the countries routing depends on
 * @param notifySubject whether the platform tells the reported user; false whenever a route
 *     forbids tipping off
 * @param routes where the platform's rule packs route it, or null when unknown (a report read
 *     from a protocol body); not part of the protocol body
 */
public record Report(
    String schemaVersion,
    Incident incident,
    Detection detection,
    List<Subject> subjects,
    List<Evidence> evidence,
    Jurisdiction jurisdiction,
    boolean notifySubject,
    @Nullable RoutePlan routes) {

  /** The protocol schema version written and read. */
  public static final String SCHEMA_VERSION = "1";
  public static final int MAX_SUBJECTS = 100;
  public static final int MAX_EVIDENCE = 100;
  public static final int MAX_MATCHES = 1000;

  static final Pattern PLATFORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  static final Pattern SIGNAL_TYPE = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+)*");
  static final Pattern EVIDENCE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** @throws InvalidReportException naming the field, if a component is missing or malformed */
  public Report {
    if (!SCHEMA_VERSION.equals(schemaVersion)) {
      throw Check.invalid("schemaVersion", "must be \"" + SCHEMA_VERSION + "\"");
    }
    Check.present(incident, "incident");
    Check.present(detection, "detection");
    Check.present(jurisdiction, "jurisdiction");
    subjects = List.copyOf(Check.present(subjects, "subjects"));
    Check.size(subjects, "subjects", 0, MAX_SUBJECTS);
    evidence = List.copyOf(Check.present(evidence, "evidence"));
    Check.size(evidence, "evidence", 0, MAX_EVIDENCE);
    Set<String> ids = new HashSet<>();
    Set<String> files = new HashSet<>();
    for (int i = 0; i < evidence.size(); i++) {
      Evidence e = evidence.get(i);
      if (!ids.add(e.evidenceId())) {
        throw Check.invalid("evidence[" + i + "].evidenceId", "'" + e.evidenceId() + "' is used twice");
      }
      if (!files.add(e.digests().sha256())) {
        throw Check.invalid("evidence[" + i + "].digests.sha256", "names a file listed before: each file once");
      }
      if (e.humanViewed() && !detection.humanReviewed()) {
        throw Check.invalid("evidence[" + i + "].humanViewed", "is true but detection.humanReviewed is false");
      }
    }
    if (detection.method() == Detection.Method.HASH_MATCH && evidence.isEmpty()) {
      throw Check.invalid("evidence", "must cite the matched file for a HASH_MATCH");
    }
    if (evidence.isEmpty() && detection.matches().isEmpty() && subjects.isEmpty()) {
      throw Check.invalid("evidence", "a report needs evidence, matches or subjects: it has none");
    }
    if (routes != null) {
      Check.notBefore(routes.reportedAt(), incident.knowledgeAt(), "routes.reportedAt", "incident.knowledgeAt");
      if (notifySubject && routes.noTippingOff()) {
        throw Check.invalid("notifySubject", "must be false: a route forbids telling the reported user");
      }
    }
  }

  /**
   * This report with {@code destinations} as its {@link Jurisdiction#alreadyFiled()}: the platform
   * files those routes itself. The id stays the same.
   *
   * @throws InvalidReportException if a destination is malformed or repeated
   */
  public Report withAlreadyFiled(List<String> destinations) {
    Jurisdiction j = Check.within("jurisdiction", () -> new Jurisdiction(jurisdiction.providerCountries(),
        jurisdiction.subjectCountries(), destinations));
    return new Report(schemaVersion, incident, detection, subjects, evidence, j, notifySubject, routes);
  }

  /**
   * This report with {@code evidence} in place of its own, e.g. the same files with their content
   * now preserved. The id stays the same when the files (their SHA-256) do.
   *
   * @throws InvalidReportException if the evidence is not valid for this report
   */
  public Report withEvidence(List<Evidence> evidence) {
    return new Report(schemaVersion, incident, detection, subjects, evidence, jurisdiction, notifySubject, routes);
  }

  /** A builder for a report; see {@link Builder} for what is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this report's values, e.g. to add a victim or a subject. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.category = incident.category();
    b.occurredAt = incident.occurredAt();
    b.knowledgeAt = incident.knowledgeAt();
    b.urgent = incident.urgent();
    b.platform = incident.platform();
    b.method = detection.method();
    b.humanReviewed = detection.humanReviewed();
    b.matches.addAll(detection.matches());
    b.subjects.addAll(subjects);
    b.evidence.addAll(evidence);
    b.providerCountries = jurisdiction.providerCountries();
    b.subjectCountries = jurisdiction.subjectCountries();
    b.notifySubject = notifySubject;
    b.routes = routes;
    return b;
  }

  /**
   * The report's id, {@code r_} and 32 characters of Crockford base32: the
   * {@code Idempotency-Key} of its submission. Derived (SHA-256) from what identifies the
   * incident, and from nothing else:
   *
   * <ul>
   *   <li>the platform and the category (one upload reported under two categories is two reports);
   *   <li>when it occurred ({@code incident.occurredAt}, to the millisecond): the platform's time
   *       of the upload, which a retry or a restart reads again unchanged, while the same file
   *       uploaded again later is a new incident;
   *   <li>the SHA-256 of every evidence file, as a set (order does not matter);
   *   <li>the ids of the reported and associated users, as a set; victims never count (their ids
   *       must not be derivable from anything, and naming a victim later does not make a new
   *       incident);
   *   <li>without evidence only (a text report): the matched indicators (feed and id), as a set.
   * </ul>
   *
   * <p>Left out on purpose: {@code knowledgeAt} (a re-inspection after a crash learns again,
   * later), screen names, IP events, distances, PDQ and MD5 (derived from the same bytes),
   * {@code humanViewed}, the review and the routes: none of them makes another incident. So the
   * same upload reported twice gives one id, and the clearinghouse replays the first receipt; two
   * incidents differ in at least one input, and 160 bits of SHA-256 do not collide in practice.
   * A report rebuilt with a different body under the same id (say a later knowledgeAt) is answered
   * 422 by the clearinghouse: the outbox sends the stored bytes, not a rebuilt report.
   */
  public String id() {
    return ReportIds.of(this);
  }

  /**
   * The feed-facing form of this report: what the clearinghouse may publish to a shared feed,
   * present only for a human-reviewed report with evidence (see the protocol, step 3). It holds
   * the category and the evidence digests; it cannot hold a subject of any kind.
   */
  public Optional<FeedShare> feedShare() {
    if (!detection.humanReviewed() || evidence.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FeedShare(incident.category(), evidence.stream().map(Evidence::digests).toList()));
  }

  /** The victims of the report, kept apart from the other subjects. */
  public List<Subject.Victim> victims() {
    return subjects.stream().filter(Subject.Victim.class::isInstance).map(Subject.Victim.class::cast).toList();
  }

  /**
   * What happened.
   *
   * @param category what the report is about
   * @param occurredAt when it happened (the upload), by the platform
   * @param knowledgeAt when the platform learned of it: deadlines count from here; not before
   *     {@code occurredAt}
   * @param urgent whether a person may be in imminent danger
   * @param platform the platform's id, as its clearinghouse credential names it
   */
  public record Incident(ReportCategory category, Instant occurredAt, Instant knowledgeAt, boolean urgent,
      String platform) {
    /** @throws InvalidReportException if a component is missing, or knowledge precedes occurrence */
    public Incident {
      Check.present(category, "category");
      Check.present(occurredAt, "occurredAt");
      Check.present(knowledgeAt, "knowledgeAt");
      Check.matches(platform, "platform", PLATFORM, "a platform id (letters, digits, '.', '_', '-'; at most 128)");
      // One cannot learn of an upload before it was made; a clock that says so is wrong, and
      // deadlines counted from it would be too.
      Check.notBefore(knowledgeAt, occurredAt, "knowledgeAt", "occurredAt");
    }
  }

  /**
   * How the matter was found.
   *
   * @param matches the matched indicators; at least one for a hash or text match; at most
   *     {@value Report#MAX_MATCHES}
   */
  public record Detection(Method method, boolean humanReviewed, List<IndicatorMatch> matches) {
    /** @throws InvalidReportException if a component is missing or inconsistent */
    public Detection {
      Check.present(method, "method");
      matches = List.copyOf(Check.present(matches, "matches"));
      Check.size(matches, "matches", method == Method.HASH_MATCH || method == Method.TEXT_MATCH ? 1 : 0,
          MAX_MATCHES);
      if (method == Method.HUMAN_REVIEW && !humanReviewed) {
        throw Check.invalid("humanReviewed", "must be true for the method HUMAN_REVIEW");
      }
    }

    /** The protocol's detection methods. */
    public enum Method {
      /** A file's hash matched an indicator (exact or perceptual). */
      HASH_MATCH,
      /** Text or a hashed entity in it matched an indicator. */
      TEXT_MATCH,
      /** A person found it, without a match. */
      HUMAN_REVIEW,
      /** Someone reported it to the platform. */
      USER_REPORT
    }
  }

  /**
   * One matched indicator.
   *
   * @param feed the feed of the indicator
   * @param indicator the indicator's id in that feed
   * @param signalType e.g. {@code pdq}, {@code md5}, {@code term}, {@code phone.sha256}
   * @param distance Hamming distance, 0 for exact and text matches; 0..256
   */
  public record IndicatorMatch(String feed, String indicator, String signalType, int distance) {
    /** @throws InvalidReportException if a component is missing or malformed */
    public IndicatorMatch {
      Check.matches(feed, "feed", NAME, "a feed id (letters, digits, '.', '_', ':', '-'; at most 128)");
      Check.matches(indicator, "indicator", NAME, "an indicator id (letters, digits, '.', '_', ':', '-'; at most 128)");
      Check.matches(signalType, "signalType", SIGNAL_TYPE, "a signal type such as pdq, md5 or phone.sha256");
      if (signalType.length() > 32) {
        throw Check.invalid("signalType", "must be at most 32 characters");
      }
      if (distance < 0 || distance > 256) {
        throw Check.invalid("distance", "must be 0..256, was " + distance);
      }
    }
  }

  /** How much of a file the platform keeps for the report. */
  public enum EvidenceMode {
    /** Only digests leave the platform; the content is not preserved for the report. */
    HASH_ONLY,
    /** Digests leave the platform; the content is preserved locally, encrypted, per the routes. */
    CONTENT_PRESERVED
  }

  /**
   * One file, cited by its digests.
   *
   * @param evidenceId the report's id for it ({@code ev_1}); unique in the report
   * @param humanViewed whether a person at the platform viewed the content (NCMEC's
   *     {@code fileViewedByEsp}); true only in a human-reviewed report
   */
  public record Evidence(String evidenceId, Digests digests, boolean humanViewed, EvidenceMode mode) {
    /** @throws InvalidReportException if a component is missing or malformed */
    public Evidence {
      Check.matches(evidenceId, "evidenceId", EVIDENCE_ID, "1..64 letters, digits, '_' or '-'");
      Check.present(digests, "digests");
      Check.present(mode, "mode");
    }
  }

  /**
   * The digests of a file's bytes as uploaded, and its PDQ hash if it is an image.
   *
   * @param sha256 64 lower-case hex digits; required (it identifies the file)
   * @param md5 32 lower-case hex digits, if known
   * @param pdq 64 lower-case hex digits, if the file is an image that was hashed
   * @param pdqQuality 0..100, exactly when {@code pdq} is given
   */
  public record Digests(String sha256, @Nullable String md5, @Nullable String pdq, @Nullable Integer pdqQuality) {
    /** @throws InvalidReportException if a digest is malformed, or pdq and pdqQuality disagree */
    public Digests {
      Check.hex(sha256, "sha256", 64, true);
      Check.hex(md5, "md5", 32, false);
      Check.hex(pdq, "pdq", 64, false);
      if ((pdq == null) != (pdqQuality == null)) {
        throw Check.invalid("pdqQuality", pdq == null
            ? "is only given with pdq" : "is required with pdq");
      }
      if (pdqQuality != null && (pdqQuality < 0 || pdqQuality > 100)) {
        throw Check.invalid("pdqQuality", "must be 0..100, was " + pdqQuality);
      }
    }
  }

  /**
   * The countries routing depends on; ISO 3166-1 alpha-2 (the United Kingdom is {@code GB}),
   * each once, in order.
   *
   * @param providerCountries where the platform is a provider under the law; at least one
   * @param subjectCountries where the people of the report are, as far as known
   * @param alreadyFiled route destinations (e.g. {@code NCMEC_CYBERTIPLINE}) the platform files
   *     itself, directly; the clearinghouse routes the report everywhere else and marks these
   *     {@code ALREADY_FILED}, so nothing is filed twice. Written to the body only when not empty.
   */
  public record Jurisdiction(List<String> providerCountries, List<String> subjectCountries,
      List<String> alreadyFiled) {
    /** The most destinations a report can name as already filed. */
    public static final int MAX_ALREADY_FILED = 32;

    /**
     * @throws InvalidReportException if a code is not an ISO country, is repeated, or no provider
     *     country is given; or a destination is malformed or repeated
     */
    public Jurisdiction {
      providerCountries = countries(providerCountries, "providerCountries", 1);
      subjectCountries = countries(subjectCountries, "subjectCountries", 0);
      List<String> filed = new ArrayList<>(Check.present(alreadyFiled, "alreadyFiled"));
      Check.size(filed, "alreadyFiled", 0, MAX_ALREADY_FILED);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < filed.size(); i++) {
        String d = Check.matches(filed.get(i), "alreadyFiled[" + i + "]", RoutePlan.DESTINATION,
            "upper-case letters, digits and underscores");
        if (!seen.add(d)) {
          throw Check.invalid("alreadyFiled[" + i + "]", "'" + d + "' is listed twice");
        }
      }
      alreadyFiled = List.copyOf(filed);
    }

    /** Countries only, nothing filed directly. */
    public Jurisdiction(List<String> providerCountries, List<String> subjectCountries) {
      this(providerCountries, subjectCountries, List.of());
    }

    private static List<String> countries(@Nullable List<String> codes, String field, int min) {
      List<String> copy = new ArrayList<>(Check.present(codes, field));
      Check.size(copy, field, min, Check.ISO_3166_ALPHA_2.size());
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < copy.size(); i++) {
        String code = Check.country(copy.get(i), field + "[" + i + "]");
        if (!seen.add(code)) {
          throw Check.invalid(field + "[" + i + "]", "'" + code + "' is listed twice");
        }
      }
      return List.copyOf(copy);
    }
  }

  /**
   * Builds a {@link Report}. Required: {@code category}, {@code occurredAt},
   * {@code knowledgeAt}, {@code platform}, {@code method}, {@code providerCountries}; the rest
   * defaults to empty or false. Not thread-safe; {@link #build()} copies, so it can be reused.
   */
  public static final class Builder {
    private @Nullable ReportCategory category;
    private @Nullable Instant occurredAt;
    private @Nullable Instant knowledgeAt;
    private boolean urgent;
    private @Nullable String platform;
    private Detection.@Nullable Method method;
    private boolean humanReviewed;
    private final List<IndicatorMatch> matches = new ArrayList<>();
    private final List<Subject> subjects = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private List<String> providerCountries = List.of();
    private List<String> subjectCountries = List.of();
    private boolean notifySubject;
    private @Nullable RoutePlan routes;

    Builder() {}

    public Builder category(ReportCategory category) {
      this.category = Objects.requireNonNull(category, "category");
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
      return this;
    }

    public Builder knowledgeAt(Instant knowledgeAt) {
      this.knowledgeAt = Objects.requireNonNull(knowledgeAt, "knowledgeAt");
      return this;
    }

    public Builder urgent(boolean urgent) {
      this.urgent = urgent;
      return this;
    }

    public Builder platform(String platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      return this;
    }

    public Builder method(Detection.Method method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    public Builder humanReviewed(boolean humanReviewed) {
      this.humanReviewed = humanReviewed;
      return this;
    }

    public Builder addMatch(IndicatorMatch match) {
      matches.add(Objects.requireNonNull(match, "match"));
      return this;
    }

    /** Adds the reported user, another involved account, or a {@link Subject.Victim}. */
    public Builder addSubject(Subject subject) {
      subjects.add(Objects.requireNonNull(subject, "subject"));
      return this;
    }

    public Builder addEvidence(Evidence evidence) {
      this.evidence.add(Objects.requireNonNull(evidence, "evidence"));
      return this;
    }

    public Builder providerCountries(String... countries) {
      return providerCountries(Arrays.asList(countries));
    }

    public Builder providerCountries(Collection<String> countries) {
      this.providerCountries = new ArrayList<>(countries);
      return this;
    }

    public Builder subjectCountries(String... countries) {
      return subjectCountries(Arrays.asList(countries));
    }

    public Builder subjectCountries(Collection<String> countries) {
      this.subjectCountries = new ArrayList<>(countries);
      return this;
    }

    public Builder notifySubject(boolean notifySubject) {
      this.notifySubject = notifySubject;
      return this;
    }

    /** The routing plan, or null for none. */
    public Builder routes(@Nullable RoutePlan routes) {
      this.routes = routes;
      return this;
    }

    /**
     * @throws InvalidReportException naming the field (as a JSON path), if anything is missing or
     *     malformed; no report is made
     */
    public Report build() {
      Incident incident = Check.within("incident",
          () -> new Incident(category, occurredAt, knowledgeAt, urgent, platform));
      Detection detection = Check.within("detection",
          () -> new Detection(method, humanReviewed, matches));
      Jurisdiction jurisdiction = Check.within("jurisdiction",
          () -> new Jurisdiction(providerCountries, subjectCountries));
      return new Report(SCHEMA_VERSION, incident, detection, subjects, evidence, jurisdiction, notifySubject, routes);
    }
  }
}
