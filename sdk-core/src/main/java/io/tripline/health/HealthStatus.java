package io.tripline.health;

/** How an instance stands, declared from best to worst. */
public enum HealthStatus {
  /** Everything works as configured. */
  UP,
  /**
   * Still serving, but a person must look: dead letters in the outbox, a report pending too long,
   * a stale feed whose indicators are still served.
   */
  DEGRADED,
  /**
   * Cannot serve safely: inspections fail closed because a feed is too old, or the outbox store
   * cannot be reached, so reports cannot be filed.
   */
  DOWN;

  /** The worse of this and {@code other}. */
  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
