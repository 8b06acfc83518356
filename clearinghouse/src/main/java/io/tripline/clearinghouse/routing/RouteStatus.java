package io.tripline.clearinghouse.routing;

import java.util.Set;

/** The states of a route, as {@code GET /v1/reports/{id}} shows them. */
public enum RouteStatus {
  /** Waiting for an adapter or an operator. */
  PENDING,
  /** Filed; the external id is the destination's (NCMEC's report id). */
  DELIVERED,
  /** The adapter's last attempt failed and is retried. */
  FAILED_RETRYABLE,
  /** The adapter gave up, or an operator marked it failed: a person must act. */
  FAILED_PERMANENT,
  /** Another route of the same report covers this one. */
  COVERED_BY,
  /** The platform files this destination itself. */
  ALREADY_FILED,
  /** The platform retracted the report before this route was delivered. */
  RETRACTED;

  /** States in which a route still waits to be filed. */
  public static final Set<RouteStatus> UNDELIVERED = Set.of(PENDING, FAILED_RETRYABLE);

  /** Whether an adapter may still file a route in this state. */
  public boolean deliverable() {
    return UNDELIVERED.contains(this);
  }
}
