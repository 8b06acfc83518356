package io.tripline.servlet.review;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Jetty with BASIC security and a test login service, serving a guarded test servlet, or the
 * servlets {@link #ReviewJetty(Function)} makes for each guard:
 * <ul>
 *   <li>{@code /review/*}: constrained to any authenticated user (the container challenges
 *       anonymous requests), guard without a BASIC realm;
 *   <li>{@code /open/*}: not constrained, so the guard itself meets anonymous requests; guard
 *       with realm {@value #REALM}.
 * </ul>
 * Below either: {@code api/...} is the API audience, {@code form} a page with a form,
 * {@code token} the session's CSRF token as text, {@code assets/review.css} the stylesheet,
 * {@code preview.png} a PNG; any POST counts in {@link #sideEffects()}.
 *
 * <p>Users: {@code rita} (reviewer), {@code sam} (senior reviewer), {@code mallory} (no review
 * role), {@code eve<script>} (a reviewer with markup in her name); password {@value #PASSWORD}.
 */
final class ReviewJetty implements BeforeAllCallback, AfterAllCallback {

  static final String REALM = "Tripline review";
  static final String PASSWORD = "correct horse";
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

  private final AtomicInteger sideEffects = new AtomicInteger();
  private final Function<ReviewGuard, HttpServlet> servlets;
  private Server server;
  private URI base;

  /** Serving the guarded test servlet. */
  ReviewJetty() {
    this(null);
  }

  /** Serving at {@code /review/*} and {@code /open/*} the servlet {@code servlets} makes for each path's guard. */
  ReviewJetty(Function<ReviewGuard, HttpServlet> servlets) {
    this.servlets = servlets != null ? servlets : guard -> new Guarded(guard, sideEffects);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    UserStore users = new UserStore();
    users.addUser("rita", Credential.getCredential(PASSWORD), new String[] {"tripline-reviewer"});
    users.addUser("sam", Credential.getCredential(PASSWORD), new String[] {"tripline-reviewer", "tripline-senior-reviewer"});
    users.addUser("mallory", Credential.getCredential(PASSWORD), new String[] {"advertiser"});
    users.addUser("eve<script>", Credential.getCredential(PASSWORD), new String[] {"tripline-reviewer"});
    HashLoginService login = new HashLoginService(REALM);
    login.setUserStore(users);

    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(login);
    security.setAuthenticator(new BasicAuthenticator());
    security.setRealmName(REALM);
    ConstraintMapping review = new ConstraintMapping();
    review.setPathSpec("/review/*");
    review.setConstraint(Constraint.ANY_USER);
    security.addConstraintMapping(review);

    ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.SESSIONS | ServletContextHandler.SECURITY);
    handler.setContextPath("/");
    handler.setSecurityHandler(security);
    handler.addServlet(new ServletHolder(servlets.apply(ReviewGuard.builder().build())), "/review/*");
    handler.addServlet(new ServletHolder(servlets.apply(ReviewGuard.builder().basicRealm(REALM).build())), "/open/*");
    server.setHandler(handler);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  int sideEffects() {
    return sideEffects.get();
  }

  /** A client with its own cookie jar (its own session), signed in as {@code user} if not null. */
  Client client(String user) {
    return new Client(user, HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build());
  }

  final class Client {
    private final String user;
    private final HttpClient http;

    Client(String user, HttpClient http) {
      this.user = user;
      this.http = http;
    }

    /** The same cookie jar (the same session), signed in as another user. */
    Client as(String otherUser) {
      return new Client(otherUser, http);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
      return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
      return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs {@code json}, with {@code token} in the CSRF header unless it is null. */
    HttpResponse<String> postJson(String path, String json, String token) throws IOException, InterruptedException {
      HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
      if (token != null) {
        builder.header(CsrfTokens.HEADER, token);
      }
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String headerName, String headerValue)
        throws IOException, InterruptedException {
      HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString("{}"));
      if (headerName != null) {
        builder.header(headerName, headerValue);
      }
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    String token(String prefix) throws IOException, InterruptedException {
      HttpResponse<String> response = get(prefix + "/token");
      if (response.statusCode() != 200) {
        throw new AssertionError("no token: " + response.statusCode());
      }
      return response.body();
    }

    private HttpRequest.Builder request(String path) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
      if (user != null) {
        builder.header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
      }
      return builder;
    }
  }

  /** The servlet behind the guard. */
  static final class Guarded extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ReviewGuard guard;
    private final transient AtomicInteger sideEffects;

    Guarded(ReviewGuard guard, AtomicInteger sideEffects) {
      this.guard = guard;
      this.sideEffects = sideEffects;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
      ReviewGuard.Audience audience = path.startsWith("/api/") ? ReviewGuard.Audience.API : ReviewGuard.Audience.UI;
      Optional<Reviewer> admitted = guard.admit(request, response, audience);
      if (admitted.isEmpty()) {
        return;
      }
      Reviewer reviewer = admitted.get();
      String base = request.getContextPath() + request.getServletPath();
      if (!"GET".equals(request.getMethod())) {
        sideEffects.incrementAndGet();
        response.setContentType("text/plain");
        response.getWriter().write("done");
        return;
      }
      switch (path) {
        case "/token" -> {
          response.setContentType("text/plain");
          response.getWriter().write(CsrfTokens.tokenFor(request));
        }
        case ReviewLayout.STYLESHEET_PATH -> ReviewLayout.sendStylesheet(response);
        case "/preview.png" -> SecurityHeaders.sendPng(response, PNG);
        default -> {
          Html main = new Html()
              .open("form", "class", "decision", "method", "post", "action", base + "/decide")
              .csrfField(CsrfTokens.tokenFor(request))
              .element("button", "Decide", "type", "submit")
              .close("form");
          ReviewLayout.send(response, 200, ReviewLayout.page(base, "Queue", reviewer,
              List.of(new ReviewLayout.Link("Queue", base + "/", true)), main));
        }
      }
    }
  }
}
