package io.tripline.servlet;

import io.tripline.health.Health;
import io.tripline.health.HealthReport;
import io.tripline.health.HealthStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link Health} report as JSON ({@link HealthReport#toJson()}), for load balancers,
 * orchestrators and people: {@code 200} while the instance is {@link HealthStatus#UP UP} or
 * {@link HealthStatus#DEGRADED DEGRADED} (it still serves; the body says what a person must look
 * at), {@code 503} when it is {@link HealthStatus#DOWN DOWN}. Never cached
 * ({@code Cache-Control: no-store}). {@code GET} and {@code HEAD} only; other methods get
 * {@code 405} as {@code application/problem+json}.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new HealthServlet(Health.builder().feeds(sync).outbox(outbox).build())), "/health");
 * }</pre>
 *
 * <p>The report holds numbers and the names of feeds and destinations, nothing about reports or
 * uploads; still, map it where only the platform's operators and infrastructure reach it.
 * Thread-safe; every request runs the checks again.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Media type of the report. */
  static final String MEDIA_TYPE = "application/json";

  private final transient Health health;

  /**
   * A servlet serving {@code health}'s report.
   *
   * @throws NullPointerException if health is null
   */
  public HealthServlet(Health health) {
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    boolean head = "HEAD".equals(method);
    if (!head && !"GET".equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      Problem.METHOD_NOT_ALLOWED.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    HealthReport report = health.report();
    byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
    response.setStatus(report.status() == HealthStatus.DOWN
        ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
        : HttpServletResponse.SC_OK);
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(body.length);
    if (!head) {
      response.getOutputStream().write(body);
    }
  }
}
