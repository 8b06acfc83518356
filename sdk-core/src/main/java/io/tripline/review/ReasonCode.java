package io.tripline.review;

/**
 * Why a reviewer decided as they did: one enum per {@link DecisionKind}, so a reason always fits
 * its decision and can be counted. The codes are stored by name; renaming one is a migration.
 */
public sealed interface ReasonCode permits ReasonCode.Approve, ReasonCode.Remove, ReasonCode.Escalate,
    ReasonCode.Report {

  /** The decision this reason belongs to. */
  DecisionKind kind();

  /** The code's name, as stored. */
  String name();

  /**
   * The reason named {@code name} of {@code kind}.
   *
   * @throws IllegalArgumentException if {@code kind} has no such reason
   */
  static ReasonCode of(DecisionKind kind, String name) {
    return switch (kind) {
      case APPROVE -> Approve.valueOf(name);
      case REMOVE -> Remove.valueOf(name);
      case ESCALATE -> Escalate.valueOf(name);
      case REPORT -> Report.valueOf(name);
    };
  }

  /** Why a flag was dismissed. Every one sends a {@code FALSE_POSITIVE} opinion. */
  enum Approve implements ReasonCode {
    /** The content is not what the indicator stands for (the hash or term matched something else). */
    NOT_A_MATCH,
    /** It matched, but in a context that is allowed (news, awareness, a support service's ad). */
    BENIGN_CONTEXT,
    /** What is visible does not support the flag. */
    INSUFFICIENT_EVIDENCE;

    @Override
    public DecisionKind kind() {
      return DecisionKind.APPROVE;
    }
  }

  /** Why content was taken down without a report. */
  enum Remove implements ReasonCode {
    /** Against the platform's terms, not reportable. */
    POLICY_VIOLATION,
    /** A scam, spam or fraud. */
    SCAM_OR_SPAM,
    /** Adult content where it is not allowed. */
    ADULT_CONTENT,
    /** Commercial sex between adults, where the platform forbids it. */
    ADULT_SERVICES;

    @Override
    public DecisionKind kind() {
      return DecisionKind.REMOVE;
    }
  }

  /** Why a reviewer passed an item to a senior reviewer. */
  enum Escalate implements ReasonCode {
    /** Unsure: a second opinion is needed. */
    UNSURE,
    /** Whether a person shown is a minor cannot be told. */
    AGE_UNCLEAR,
    /** A legal question (jurisdiction, a law-enforcement request). */
    LEGAL_QUESTION,
    /** Someone may be in danger now: handle at once. */
    IMMINENT_HARM;

    @Override
    public DecisionKind kind() {
      return DecisionKind.ESCALATE;
    }
  }

  /** Why a flag was confirmed and reported. */
  enum Report implements ReasonCode {
    /** The match is confirmed by what the reviewer saw. */
    CONFIRMED_MATCH,
    /** The reviewer confirmed it from the content itself, beyond the match. */
    CONFIRMED_ON_CONTENT;

    @Override
    public DecisionKind kind() {
      return DecisionKind.REPORT;
    }
  }
}
