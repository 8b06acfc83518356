package io.tripline;

import io.tripline.rules.ReportInstruction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Tripline decided about a submission: {@link Allow}, {@link Flag} (let it through, queue it
 * for review) or {@link Block}. Every verdict carries the matches behind it and the rule that
 * decided, so it can be explained and audited, and the reports its rules asked for.
 *
 * <p>A verdict is evidence for the platform; none of it may reach the uploader.
 */
public sealed interface Verdict permits Verdict.Allow, Verdict.Flag, Verdict.Block {

  /** Every match found in the submission, whether or not it decided the verdict. */
  List<Match> matches();

  /** The rule that decided; for a submission no rule fired on, the pack's default. */
  RuleRef rule();

  /** When the verdict was made, by the engine's clock. */
  Instant decidedAt();

  /** What was computed from each file of the submission, in order: digests and hashes. */
  List<FileEvidence> files();

  /**
   * The reports the rules that fired asked for, once per category (see
   * {@code docs/rule-packs.md}, Precedence); always empty for {@link Allow}, since only flag and
   * block rules may ask.
   */
  List<ReportInstruction> reports();

  /** The submission may proceed. */
  record Allow(List<Match> matches, RuleRef rule, Instant decidedAt, List<FileEvidence> files) implements Verdict {
    public Allow {
      matches = List.copyOf(matches);
      files = List.copyOf(files);
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(decidedAt, "decidedAt");
    }

    @Override
    public List<ReportInstruction> reports() {
      return List.of();
    }
  }

  /**
   * The submission may proceed, and a reviewer must look at it.
   *
   * @param priority the highest priority among the flag rules that fired
   * @param reports the reports asked for; {@code after-review} ones are filed when a reviewer
   *     confirms the flag
   */
  record Flag(List<Match> matches, RuleRef rule, Priority priority, Instant decidedAt, List<FileEvidence> files,
      List<ReportInstruction> reports) implements Verdict {
    public Flag {
      matches = List.copyOf(matches);
      files = List.copyOf(files);
      reports = List.copyOf(reports);
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(priority, "priority");
      Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** A flag that asks for no report. */
    public Flag(List<Match> matches, RuleRef rule, Priority priority, Instant decidedAt, List<FileEvidence> files) {
      this(matches, rule, priority, decidedAt, files, List.of());
    }
  }

  /**
   * The submission must be refused.
   *
   * @param status the HTTP status an upload front end answers with: 422 by default, 403 or 451
   *     where the rule says, 415 for an image that cannot be decoded
   * @param reports the reports asked for, by the deciding rule or any other that fired
   */
  record Block(List<Match> matches, RuleRef rule, int status, Instant decidedAt, List<FileEvidence> files,
      List<ReportInstruction> reports) implements Verdict {
    public Block {
      matches = List.copyOf(matches);
      files = List.copyOf(files);
      reports = List.copyOf(reports);
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(decidedAt, "decidedAt");
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a block status must be a 4xx code, was " + status);
      }
    }

    /** A block that asks for no report. */
    public Block(List<Match> matches, RuleRef rule, int status, Instant decidedAt, List<FileEvidence> files) {
      this(matches, rule, status, decidedAt, files, List.of());
    }
  }
}
