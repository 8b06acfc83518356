package io.tripline.servlet.review;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Objects;

/**
 * The default {@link ReviewerAuthorizer}: the servlet container's security decides. A request
 * whose {@link HttpServletRequest#getUserPrincipal()} is null is {@link ReviewerAuthorizer.Anonymous};
 * one whose user is in the reviewer role (default {@value #DEFAULT_REVIEWER_ROLE}) is a reviewer,
 * a senior one if also in the senior role (default {@value #DEFAULT_SENIOR_ROLE}); anyone else is
 * {@link ReviewerAuthorizer.NotAReviewer}. The reviewer's id and display name are the principal's
 * name.
 *
 * <p>Configure the login in the container (web.xml {@code <login-config>}, or Jetty's
 * {@code ConstraintSecurityHandler}) and constrain the review paths to the reviewer role as well:
 * with FORM login the container then sends anonymous browsers to the login page before this
 * authorizer runs; with BASIC it answers 401 with its challenge.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContainerRoleAuthorizer implements ReviewerAuthorizer {

  /** The container role that makes a user a reviewer, unless configured otherwise. */
  public static final String DEFAULT_REVIEWER_ROLE = "tripline-reviewer";
  /** The container role that makes a reviewer a senior reviewer, unless configured otherwise. */
  public static final String DEFAULT_SENIOR_ROLE = "tripline-senior-reviewer";

  private final String reviewerRole;
  private final String seniorRole;

  private ContainerRoleAuthorizer(String reviewerRole, String seniorRole) {
    this.reviewerRole = reviewerRole;
    this.seniorRole = seniorRole;
  }

  /** With the default role names. */
  public static ContainerRoleAuthorizer withDefaultRoles() {
    return new ContainerRoleAuthorizer(DEFAULT_REVIEWER_ROLE, DEFAULT_SENIOR_ROLE);
  }

  /**
   * With the given container role names.
   *
   * @throws NullPointerException if a role is null
   * @throws IllegalArgumentException if a role is blank, or both are the same
   */
  public static ContainerRoleAuthorizer withRoles(String reviewerRole, String seniorRole) {
    Objects.requireNonNull(reviewerRole, "reviewerRole");
    Objects.requireNonNull(seniorRole, "seniorRole");
    if (reviewerRole.isBlank() || seniorRole.isBlank()) {
      throw new IllegalArgumentException("role names must not be blank");
    }
    if (reviewerRole.equals(seniorRole)) {
      throw new IllegalArgumentException("the reviewer and senior roles must differ, both were '" + reviewerRole + "'");
    }
    return new ContainerRoleAuthorizer(reviewerRole, seniorRole);
  }

  @Override
  public Authorization authorize(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
      return new Anonymous();
    }
    String name = principal.getName();
    if (!request.isUserInRole(reviewerRole)) {
      return new NotAReviewer(name);
    }
    return new Authorized(Reviewer.of(name, name, request.isUserInRole(seniorRole)));
  }

  /** The container role that makes a user a reviewer. */
  public String reviewerRole() {
    return reviewerRole;
  }

  /** The container role that makes a reviewer senior. */
  public String seniorRole() {
    return seniorRole;
  }
}
