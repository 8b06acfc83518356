package io.tripline;

/** How urgently a flagged submission needs a reviewer. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT
}
