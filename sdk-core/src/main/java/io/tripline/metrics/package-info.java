/**
 * Micrometer binders: {@link io.tripline.metrics.OutboxMetrics} (outbox entries by state, the
 * oldest pending report's age, attempts by outcome) and {@link io.tripline.metrics.FeedMetrics}
 * (per feed: age, consecutive failures, stale, skipped entries). Bind them to the platform's
 * {@code MeterRegistry}. Micrometer is an optional dependency of sdk-core: only this package uses
 * it, so a platform without metrics needs nothing more on its class path.
 */
@NullMarked
package io.tripline.metrics;

import org.jspecify.annotations.NullMarked;
