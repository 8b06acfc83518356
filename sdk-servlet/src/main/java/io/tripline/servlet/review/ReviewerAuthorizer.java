package io.tripline.servlet.review;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;

/**
 * Decides who may use the review UI and API. The platform plugs in its own (its session, its
 * SSO, its permission model) or uses {@link ContainerRoleAuthorizer}, which asks the servlet
 * container's security.
 *
 * <p>Implementations must be thread-safe, must not write to the response, and must not throw
 * for an unauthenticated request: that is {@link Anonymous}.
 */
@FunctionalInterface
public interface ReviewerAuthorizer {

  /**
   * Who sent {@code request}.
   *
   * @return {@link Authorized} for a reviewer, {@link NotAReviewer} for someone authenticated
   *     without the reviewer role (answered 403), {@link Anonymous} for no one (answered 401)
   */
  Authorization authorize(HttpServletRequest request);

  /** The outcome of {@link #authorize(HttpServletRequest)}. */
  sealed interface Authorization permits Authorized, NotAReviewer, Anonymous {}

  /** An authenticated reviewer. */
  record Authorized(Reviewer reviewer) implements Authorization {
    /** @throws NullPointerException if {@code reviewer} is null */
    public Authorized {
      Objects.requireNonNull(reviewer, "reviewer");
    }
  }

  /**
   * Someone authenticated who may not review.
   *
   * @param principal the account's name, for the log; never shown to anyone
   */
  record NotAReviewer(String principal) implements Authorization {
    /** @throws NullPointerException if {@code principal} is null */
    public NotAReviewer {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /** No one is authenticated. */
  record Anonymous() implements Authorization {}
}
