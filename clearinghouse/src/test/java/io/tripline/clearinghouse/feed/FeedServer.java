package io.tripline.clearinghouse.feed;

import io.tripline.report.outbox.JdbcStore;
import io.tripline.testkit.MutableClock;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small clearinghouse for tests: the feed servlets on Jetty over a SQLite store, behind a
 * stand-in for the server core's authentication that maps the bearer token {@code token-<x>} to
 * platform {@code platform-<x>}. Records every exchange as {@code METHOD /path?query -> status}.
 */
final class FeedServer implements BeforeEachCallback, AfterEachCallback {
  static {
    // Jetty's start and stop lines would bury the test output.
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
  }

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

  final MutableClock clock = new MutableClock(START);
  final List<String> exchanges = new CopyOnWriteArrayList<>();
  private int threshold = 3;
  private Path dir;
  private JdbcStore.PooledDataSource dataSource;
  private Server server;
  FeedStore store;
  FeedPublisher publisher;
  FeedSigner signer;
  String baseUrl;

  javax.sql.DataSource storeDataSource() {
    return dataSource;
  }

  FeedServer falsePositiveThreshold(int threshold) {
    this.threshold = threshold;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("ch-feed");
    dataSource = JdbcStore.sqlite(dir.resolve("feed.db"), Duration.ofSeconds(5));
    store = FeedStore.open(dataSource, clock);
    publisher = FeedPublisher.builder(store).falsePositiveThreshold(threshold).build();
    signer = FeedSigner.generate("ch-test-1");

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context1 = new ServletContextHandler();
    context1.setContextPath("/");
    context1.addServlet(new ServletHolder(new FeedsServlet(store, signer)), FeedApi.FEEDS_PATH);
    context1.addServlet(new ServletHolder(new OpinionsServlet(publisher)), FeedApi.OPINIONS_PATH);
    Filter auth = (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String authorization = http.getHeader("Authorization");
      if (authorization != null && authorization.startsWith("Bearer token-")) {
        http.setAttribute(FeedApi.PLATFORM_ATTRIBUTE, "platform-" + authorization.substring("Bearer token-".length()));
      }
      chain.doFilter(request, response);
      exchanges.add(http.getMethod() + " " + http.getRequestURI()
          + (http.getQueryString() == null ? "" : "?" + http.getQueryString()) + " -> "
          + ((HttpServletResponse) response).getStatus());
    };
    context1.addFilter(new FilterHolder(auth), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context1);
    server.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    server.stop();
    dataSource.close();
  }
}
