/**
 * Servlet integration: {@link io.tripline.servlet.TriplineFilter} inspects uploads
 * ({@code multipart/form-data} and raw {@code image/*} bodies) before the platform's servlet
 * sees them, blocks what the rules block with a generic {@code application/problem+json}
 * answer, and hands the {@link io.tripline.Verdict} of everything it lets through to the
 * servlet as a request attribute. {@link io.tripline.servlet.HealthServlet} serves a
 * {@link io.tripline.health.Health} report as JSON: 200 while up or degraded, 503 when down.
 */
@NullMarked
package io.tripline.servlet;

import org.jspecify.annotations.NullMarked;
