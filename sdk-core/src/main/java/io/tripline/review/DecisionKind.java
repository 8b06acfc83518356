package io.tripline.review;

/** What a reviewer decided about a flagged submission. */
public enum DecisionKind {
  /**
   * Dismiss the flag: the content stays up. Each matched indicator of a clearinghouse feed gets a
   * {@code FALSE_POSITIVE} opinion, through the outbox.
   */
  APPROVE,
  /** Take the content down, by the platform's listener; nothing is reported. */
  REMOVE,
  /** Not this reviewer's call: back to the queue for a senior reviewer, at a raised priority. */
  ESCALATE,
  /**
   * Confirm the flag and file the reports its rules asked for, human-reviewed, with the
   * preserved content; the platform's listener takes the content down.
   */
  REPORT
}
