package io.tripline.report;

import io.tripline.PlatformContext;
import io.tripline.SubmittedFile;
import io.tripline.Verdict;
import io.tripline.report.evidence.EvidenceException;
import io.tripline.report.evidence.EvidencePolicy;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.report.outbox.IdempotencyConflictException;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.rules.ReportInstruction;
import io.tripline.rules.ReportMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files reports: preserves what their routes require, then commits them to the durable outbox,
 * addressed to every destination, in one transaction, before returning. An upload's response is
 * sent only once its reports cannot be lost.
 *
 * <h2>Where a report goes</h2>
 * Every report goes to the clearinghouse (outbox destination {@value ClearinghouseSink#DESTINATION}),
 * which routes it by its rules and shares its hashes. A platform that files some routes itself
 * (its own NCMEC ESP account, say) names them with {@link Builder#fileDirectly}: when the report's
 * {@link RoutePlan} files such a route, the report also goes to that route's outbox destination
 * (e.g. {@code ncmec}, delivered by the NCMEC sink), and the clearinghouse's copy lists the route
 * in {@link Report.Jurisdiction#alreadyFiled()}, so it is not filed twice.
 *
 * <h2>Evidence</h2>
 * Hash-only by default. When a route of the plan fixes a preservation period
 * ({@link EvidencePolicy}) and an {@link EvidenceStore} is configured, the content of each file
 * the report cites is preserved, encrypted, under its SHA-256, until the end of that period, and
 * the report says {@code CONTENT_PRESERVED} for it. Preservation never holds a report back: a file
 * whose content is not at hand, or that the store cannot keep, stays hash-only, is named in the
 * {@link Filing}, and is logged at ERROR (ids only).
 *
 * <h2>Idempotency</h2>
 * The report id (see {@link Report#id()}) is the outbox key of the clearinghouse entry and, with
 * {@code ":" + destination}, of each direct one. The same incident filed twice (a retried upload)
 * stores nothing new: the first version of the report stands, the later one differing only in
 * its time of knowledge.
 *
 * <p>Thread-safe if the outbox and the evidence store are.
 */
public final class ReportFiler {

  private static final Logger LOG = LoggerFactory.getLogger(ReportFiler.class);
  private static final Pattern OUTBOX_DESTINATION = Pattern.compile("[a-z0-9._-]{1,64}");

  private final Reports reports;
  private final Outbox outbox;
  private final Clock clock;
  private final @Nullable EvidenceStore evidence;
  private final Map<String, String> direct;

  private ReportFiler(Builder b) {
    this.reports = b.reports;
    this.outbox = b.outbox;
    this.clock = b.clock;
    this.evidence = b.evidence;
    this.direct = Map.copyOf(b.direct);
  }

  /** A filer making reports with {@code reports} and committing them to {@code outbox}; hash-only, all via the clearinghouse. */
  public ReportFiler(Reports reports, Outbox outbox, Clock clock) {
    this(builder(reports, outbox).clock(clock));
  }

  /** A builder for a filer making reports with {@code reports} and committing them to {@code outbox}. */
  public static Builder builder(Reports reports, Outbox outbox) {
    return new Builder(reports, outbox);
  }

  /**
   * What was filed for one report.
   *
   * @param reportId the report's id
   * @param outboxKeys the outbox entries of the report, clearinghouse first
   * @param preserved the evidence ids whose content is preserved
   * @param notPreserved the evidence ids whose content a route required but that stayed hash-only
   *     (content not given, or the store refused it); empty when nothing was required
   */
  public record Filing(String reportId, List<String> outboxKeys, List<String> preserved, List<String> notPreserved) {
    public Filing {
      Objects.requireNonNull(reportId, "reportId");
      outboxKeys = List.copyOf(outboxKeys);
      preserved = List.copyOf(preserved);
      notPreserved = List.copyOf(notPreserved);
    }
  }

  /**
   * Makes and files the verdict's automatic reports, without the files' content (hash-only).
   *
   * @see #fileAutomatic(Verdict, Reports.Upload, PlatformContext, List)
   */
  public List<String> fileAutomatic(Verdict verdict, Reports.Upload upload, PlatformContext context) {
    return fileAutomatic(verdict, upload, context, List.of());
  }

  /**
   * Makes and files the verdict's {@linkplain ReportMode#AUTOMATIC automatic} reports; reports
   * that wait for a reviewer ({@link ReportMode#AFTER_REVIEW}) are not filed here.
   *
   * @param files the upload's files, whose content is preserved where a route requires it
   * @return the ids of the reports filed (also those filed before), in the order of the
   *     verdict's instructions
   * @throws InvalidReportException if a report cannot be made from the verdict: nothing of that
   *     report is written
   * @throws io.tripline.report.outbox.OutboxException if the outbox cannot commit: the caller
   *     must not answer as if the report were filed
   */
  public List<String> fileAutomatic(Verdict verdict, Reports.Upload upload, PlatformContext context,
      List<SubmittedFile> files) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(files, "files");
    List<String> ids = new ArrayList<>();
    for (ReportInstruction instruction : verdict.reports()) {
      if (instruction.mode() == ReportMode.AUTOMATIC) {
        ids.add(file(reports.fromVerdict(verdict, upload, context, instruction), contents(files)).reportId());
      }
    }
    return ids;
  }

  /**
   * Files one report (made by {@link Reports}, e.g. from a reviewer's decision): preserves what
   * its routes require from {@code contents}, then commits it to every destination at once.
   *
   * @param contents the content of the report's files by their SHA-256 (lower-case hex); empty
   *     for a file whose content is not at hand
   * @throws io.tripline.report.outbox.OutboxException if the outbox cannot commit
   */
  public Filing file(Report report, FileContents contents) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(contents, "contents");
    List<String> preserved = new ArrayList<>();
    List<String> notPreserved = new ArrayList<>();
    Report toFile = preserve(report, contents, preserved, notPreserved);

    List<String> filedDirectly = new ArrayList<>();
    if (toFile.routes() != null) {
      for (RoutePlan.Filing filing : toFile.routes().toFile()) {
        if (direct.containsKey(filing.destination())) {
          filedDirectly.add(filing.destination());
        }
      }
    }
    if (!filedDirectly.isEmpty()) {
      toFile = toFile.withAlreadyFiled(filedDirectly);
    }
    List<OutboxEntry> entries = new ArrayList<>();
    entries.add(new OutboxEntry(toFile.id(), ClearinghouseSink.DESTINATION, ReportJson.write(toFile), clock.instant()));
    byte[] stored = filedDirectly.isEmpty() ? null : ReportJson.writeStored(toFile);
    for (String route : filedDirectly) {
      String destination = direct.get(route);
      entries.add(new OutboxEntry(toFile.id() + ":" + destination, destination, stored, clock.instant()));
    }
    commit(entries);
    return new Filing(toFile.id(), entries.stream().map(OutboxEntry::key).toList(), preserved, notPreserved);
  }

  private void commit(List<OutboxEntry> entries) {
    try {
      outbox.enqueueAll(entries);
    } catch (IdempotencyConflictException e) {
      // The same incident filed before, its time of knowledge differing: the first version stands.
      // Entry by entry, so a destination added since (a route now filed directly) still gets it.
      for (OutboxEntry entry : entries) {
        try {
          outbox.enqueue(entry);
        } catch (IdempotencyConflictException again) {
          LOG.debug("report entry {} was already filed; the first version stands", entry.key());
        }
      }
    }
  }

  private Report preserve(Report report, FileContents contents, List<String> preserved, List<String> notPreserved) {
    EvidencePolicy.Decision decision = EvidencePolicy.decide(report);
    if (!decision.preserve() || report.evidence().isEmpty()) {
      return report;
    }
    EvidenceStore store = evidence;
    List<Report.Evidence> kept = new ArrayList<>();
    for (Report.Evidence e : report.evidence()) {
      String sha256 = e.digests().sha256();
      Optional<byte[]> content = store == null ? Optional.empty() : contents.content(sha256);
      if (content.isEmpty()) {
        LOG.error("report {}: evidence {} must be preserved ({}) but {}; it stays hash-only", report.id(),
            e.evidenceId(), decision.basis(), store == null ? "no evidence store is configured"
                : "its content was not given");
        notPreserved.add(e.evidenceId());
        kept.add(e);
        continue;
      }
      try {
        byte[] bytes = content.get();
        if (!sha256(bytes).equals(sha256)) {
          throw new EvidenceException("the content given is not the file the report cites (SHA-256 differs)");
        }
        store.preserve(sha256, report.id(), bytes, decision.until(), decision.basis());
        kept.add(decision.apply(e));
        preserved.add(e.evidenceId());
      } catch (EvidenceException | IllegalArgumentException ex) {
        LOG.error("report {}: evidence {} could not be preserved ({}); it stays hash-only", report.id(),
            e.evidenceId(), ex.getClass().getSimpleName());
        kept.add(e);
        notPreserved.add(e.evidenceId());
      }
    }
    return report.withEvidence(kept);
  }

  private static FileContents contents(List<SubmittedFile> files) {
    if (files.isEmpty()) {
      return FileContents.NONE;
    }
    // Hashed only when a route asks for content: most reports keep hashes only.
    return new FileContents() {
      private @Nullable Map<String, byte[]> bySha;

      @Override
      public synchronized Optional<byte[]> content(String sha256) {
        if (bySha == null) {
          bySha = new LinkedHashMap<>();
          for (SubmittedFile file : files) {
            bySha.putIfAbsent(sha256(file.bytes()), file.bytes());
          }
        }
        return Optional.ofNullable(bySha.get(sha256));
      }
    };
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The content of a report's files, by SHA-256 (lower-case hex). */
  @FunctionalInterface
  public interface FileContents {
    /** No content at hand: every file stays hash-only. */
    FileContents NONE = sha256 -> Optional.empty();

    Optional<byte[]> content(String sha256);
  }

  /** Configures a {@link ReportFiler}. Not thread-safe. */
  public static final class Builder {
    private final Reports reports;
    private final Outbox outbox;
    private Clock clock = Clock.systemUTC();
    private @Nullable EvidenceStore evidence;
    private final Map<String, String> direct = new LinkedHashMap<>();

    Builder(Reports reports, Outbox outbox) {
      this.reports = Objects.requireNonNull(reports, "reports");
      this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** The clock of the outbox entries' creation times (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where content is preserved when a route requires it; without a store, reports stay hash-only. */
    public Builder evidence(EvidenceStore evidence) {
      this.evidence = Objects.requireNonNull(evidence, "evidence");
      return this;
    }

    /**
     * The platform files {@code route} (a rule packs' destination, e.g. {@code NCMEC_CYBERTIPLINE})
     * itself, through the outbox destination {@code outboxDestination} (e.g. {@code ncmec}); the
     * dispatching outbox needs a sink for it.
     *
     * @throws IllegalArgumentException if a name is malformed or the route is named twice
     */
    public Builder fileDirectly(String route, String outboxDestination) {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(outboxDestination, "outboxDestination");
      if (!RoutePlan.DESTINATION.matcher(route).matches()) {
        throw new IllegalArgumentException("route must be upper-case letters, digits and underscores, was '"
            + route + "'");
      }
      if (!OUTBOX_DESTINATION.matcher(outboxDestination).matches()
          || outboxDestination.equals(ClearinghouseSink.DESTINATION)) {
        throw new IllegalArgumentException("outboxDestination must be lower-case letters, digits, '.', '_' or '-'"
            + " and not '" + ClearinghouseSink.DESTINATION + "', was '" + outboxDestination + "'");
      }
      if (direct.putIfAbsent(route, outboxDestination) != null) {
        throw new IllegalArgumentException("route " + route + " is already filed directly");
      }
      return this;
    }

    public ReportFiler build() {
      return new ReportFiler(this);
    }
  }
}
