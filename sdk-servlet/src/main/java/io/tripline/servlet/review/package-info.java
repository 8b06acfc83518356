/**
 * The review UI and its JSON API ({@link io.tripline.servlet.review.ReviewServlet}), and the
 * foundations it is built on, for platforms that build their own review pages.
 *
 * <ul>
 *   <li>{@link io.tripline.servlet.review.ReviewServlet}: the queue, item pages with evidence,
 *       previews and the audit trail, the claim, release, reveal and decision forms, and the same
 *       operations as JSON under {@code api/}.
 *   <li>{@link io.tripline.servlet.review.ReviewGuard}: the door every review request passes:
 *       security headers, who is there ({@link io.tripline.servlet.review.ReviewerAuthorizer}, by
 *       default {@link io.tripline.servlet.review.ContainerRoleAuthorizer}), and the CSRF check of
 *       state-changing requests; 401 / 403 otherwise, as HTML or problem+json.
 *   <li>{@link io.tripline.servlet.review.Reviewer}: who is reviewing, with their roles.
 *   <li>{@link io.tripline.servlet.review.CsrfTokens}: per-session synchronizer tokens.
 *   <li>{@link io.tripline.servlet.review.SecurityHeaders}: the strict policy on every response,
 *       and serving preview PNGs.
 *   <li>{@link io.tripline.servlet.review.Html}: HTML that escapes every text and attribute.
 *   <li>{@link io.tripline.servlet.review.ReviewLayout}: the page frame and the stylesheet.
 * </ul>
 */
@NullMarked
package io.tripline.servlet.review;

import org.jspecify.annotations.NullMarked;
