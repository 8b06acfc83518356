package io.tripline.servlet;

/** An upload the filter refuses before inspecting it: too large, malformed, or unreadable. */
final class UploadRefused extends Exception {
  private static final long serialVersionUID = 1L;
  final transient Problem problem;
  final int status;

  UploadRefused(Problem problem, int status, String reason) {
    super(reason, null, false, false);
    this.problem = problem;
    this.status = status;
  }

  UploadRefused(Problem problem, int status, String reason, Throwable cause) {
    super(reason, cause, false, false);
    this.problem = problem;
    this.status = status;
  }

  static UploadRefused tooLarge(String reason) {
    return new UploadRefused(Problem.TOO_LARGE, 413, reason);
  }

  static UploadRefused malformed(String reason, Throwable cause) {
    return new UploadRefused(Problem.MALFORMED, 400, reason, cause);
  }

  static UploadRefused uninspectable(String reason) {
    return new UploadRefused(Problem.UNINSPECTABLE, 503, reason);
  }
}
