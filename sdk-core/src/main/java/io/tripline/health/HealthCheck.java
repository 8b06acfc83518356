package io.tripline.health;

/**
 * One thing {@link Health} looks at. Called on the thread asking for the report, so it should
 * answer quickly; may be called concurrently.
 *
 * <p>What a check puts in its result can be served over HTTP: numbers, names of feeds and
 * destinations, never report content, hashes, indicator values, uploader data, credentials, or
 * an exception's message. A check that throws is reported as {@link HealthStatus#DOWN} with the
 * exception's class only.
 */
@FunctionalInterface
public interface HealthCheck {
  /** Looks now; never null. */
  CheckResult check();
}
