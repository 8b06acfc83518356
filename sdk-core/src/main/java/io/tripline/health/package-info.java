/**
 * Health of a Tripline instance, for a load balancer, an orchestrator or a person:
 * {@link io.tripline.health.Health} runs {@link io.tripline.health.HealthCheck}s (the feeds, the
 * report outbox, the platform's own) and gives a {@link io.tripline.health.HealthReport} whose
 * status is the worst of them: {@link io.tripline.health.HealthStatus#UP UP},
 * {@link io.tripline.health.HealthStatus#DEGRADED DEGRADED} (serving, but a person must look:
 * dead letters, a report stuck, a stale feed still served) or
 * {@link io.tripline.health.HealthStatus#DOWN DOWN} (inspections fail closed, or reports cannot
 * be filed). Reports carry numbers and names of feeds and destinations only, never content,
 * hashes, indicators, uploader data or error messages, so they can be served as JSON
 * ({@link io.tripline.health.HealthReport#toJson()}); the servlet module has a servlet for it.
 */
@NullMarked
package io.tripline.health;

import org.jspecify.annotations.NullMarked;
