package io.tripline.report.outbox;

/**
 * A journal append was refused because the attempt making it is no longer the entry's current
 * one (another dispatcher took the destination over, or the entry was settled meanwhile). The
 * sink should stop: whatever it does next is not recorded.
 */
public final class JournalFencedException extends OutboxException {
  private static final long serialVersionUID = 1L;

  public JournalFencedException(String message) {
    super(message);
  }
}
