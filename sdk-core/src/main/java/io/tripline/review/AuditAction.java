package io.tripline.review;

/** What an {@link AuditEntry} records. */
public enum AuditAction {
  /** The item entered the queue. */
  SUBMIT,
  /** A reviewer claimed it. */
  CLAIM,
  /** The holder released it unclaimed. */
  RELEASE,
  /** A reviewer viewed the clear content. */
  REVEAL,
  /** A reviewer decided (an escalation included). */
  DECIDE,
  /** The decision's reports were filed (detail: the report ids). */
  REPORT_FILED,
  /** The decision's opinions were enqueued (detail: how many). */
  OPINIONS_SENT
}
