package io.tripline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Tripline decided about a submission: {@link Allow}, {@link Flag} (let it through, queue it
 * for review) or {@link Block}. Every verdict carries the matches behind it and the rule that
 * decided, so it can be explained and audited.
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

  /** The submission may proceed. */
  record Allow(List<Match> matches, RuleRef rule, Instant decidedAt, List<FileEvidence> files) implements Verdict {
    public Allow {
      matches = List.copyOf(matches);
      files = List.copyOf(files);
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(decidedAt, "decidedAt");
    }
  }

  /** The submission may proceed, and a reviewer must look at it. */
  record Flag(List<Match> matches, RuleRef rule, Priority priority, Instant decidedAt, List<FileEvidence> files)
      implements Verdict {
    public Flag {
      matches = List.copyOf(matches);
      files = List.copyOf(files);
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(priority, "priority");
      Objects.requireNonNull(decidedAt, "decidedAt");
    }
  }

  /**
   * The submission must be refused.
   *
   * @param status the HTTP status an upload front end answers with: 422 by default, 403 or 451
   *     where the rule says, 415 for an image that cannot be decoded
   */
  record Block(List<Match> matches, RuleRef rule, int status, Instant decidedAt, List<FileEvidence> files)
      implements Verdict {
    public Block {
      matches = List.copyOf(matches);
      files = List.copyOf(files);
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(decidedAt, "decidedAt");
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a block status must be a 4xx code, was " + status);
      }
    }
  }
}
