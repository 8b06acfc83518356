package io.tripline.clearinghouse;

import io.tripline.clearinghouse.routing.RouteDelivery;
import io.tripline.report.ncmec.NcmecClient;
import io.tripline.report.ncmec.NcmecReporter;
import io.tripline.rules.Policy;
import io.tripline.rules.RulePack;
import io.tripline.rules.Router;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import io.tripline.clearinghouse.feed.FeedApi;
import io.tripline.clearinghouse.feed.FeedPublisher;
import io.tripline.clearinghouse.feed.FeedStore;
import io.tripline.clearinghouse.feed.FeedsServlet;
import io.tripline.clearinghouse.feed.OpinionsServlet;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The reference clearinghouse on Jetty 12: report intake, status and retraction
 * ({@code /v1/reports}), and the public keys that sign receipts ({@code /v1/keys}); beside
 * intake, route delivery files routes through their adapters (NCMEC, when {@link Builder#ncmec}
 * is set).
 *
 * <pre>{@code
 * try (ClearinghouseServer server = ClearinghouseServer.builder().dataDir(Path.of("data")).port(8090).build()) {
 *   server.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #start()} once, {@link #close()} stops it and closes the store it opened.
 */
public final class ClearinghouseServer implements AutoCloseable {

  /** The rule packs routed by default: every jurisdiction shipped in {@code rules}. */
  public static final List<String> DEFAULT_RULE_PACKS = List.of("default", "us", "eu", "uk", "ca", "au");
  public static final int DEFAULT_PORT = 8090;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** How long the feeds' change logs keep superseded changes and deletes by default. */
  public static final Duration DEFAULT_FEED_RETENTION = Duration.ofDays(30);
  /** The adapters' outbox in the data directory when the store is SQLite. */
  public static final String ROUTES_OUTBOX_FILE = "routes-outbox.db";

  private final Store store;
  private final FeedStore feeds;
  private final Accounts accounts;
  private final IntakeCommits commits;
  private final SigningKey signingKey;
  private final Server jetty;
  private final ServerConnector connector;
  private final Maintenance maintenance;
  private final RouteDelivery routes;

  private ClearinghouseServer(Builder b) {
    if (b.dataDir == null && b.dataSource == null) {
      throw new IllegalStateException("neither dataDir nor dataSource was set");
    }
    if (b.dataDir == null && b.signingKey == null) {
      throw new IllegalStateException("with a dataSource and no dataDir, signingKey must be set");
    }
    List<RulePack> packs = new ArrayList<>();
    for (String name : b.rulePacks) {
      packs.add(RulePack.fromClasspath(name));
    }
    Router router = Router.of(Policy.of(packs).jurisdictions(), b.clock);
    this.signingKey = b.signingKey != null ? b.signingKey : SigningKey.loadOrCreate(Objects.requireNonNull(b.dataDir));
    this.store = b.dataSource != null ? Store.of(b.dataSource, b.clock) : Store.sqlite(b.dataDir, b.clock);
    this.accounts = new Accounts(store, false, b.clock);
    // The feed store joins intake's transactions: a report and its publication commit together.
    JoinableDataSource feedData = new JoinableDataSource(store.dataSource());
    RouteDelivery routeDelivery;
    FeedPublisher publisher;
    try {
      this.feeds = FeedStore.open(feedData, b.clock);
      publisher = FeedPublisher.builder(feeds).build();
      routeDelivery = routeDelivery(b, store);
    } catch (RuntimeException e) {
      // Nothing is left open by a server that could not be built.
      store.close();
      throw e;
    }
    this.routes = routeDelivery;
    // The writer thread starts last: nothing below can fail but a programming error.
    this.commits = b.groupCommit ? IntakeCommits.grouped(store, feedData) : IntakeCommits.direct(store, feedData);

    jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(b.host);
    connector.setPort(b.port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    this.maintenance = new Maintenance(feeds, b.clock, b.feedRetention, b.keyRetention);
    // A report answered 201 was stored: its routes are handed to their adapters at once.
    context.addFilter(new FilterHolder(new RouteWake(routes)), "/v1/reports/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("reports",
        new ReportsServlet(store, accounts, signingKey, router, b.clock, b.maxBodyBytes, publisher,
            commits)), "/v1/reports/*");
    // The feed servlets take the platform from a request attribute the credential check sets.
    context.addFilter(new FilterHolder(new FeedAccess(accounts, Scope.FEEDS_READ)), FeedApi.FEEDS_PATH,
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new FeedAccess(accounts, Scope.OPINIONS_WRITE)), FeedApi.OPINIONS_PATH,
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("feeds", new FeedsServlet(feeds, signingKey.feedSigner())),
        FeedApi.FEEDS_PATH);
    context.addServlet(new ServletHolder("opinions", new OpinionsServlet(publisher)), FeedApi.OPINIONS_PATH);
    context.addServlet(new ServletHolder("keys", new ApiServlet.Keys(signingKey)), "/v1/keys/*");
    context.addServlet(new ServletHolder("not-found", new ApiServlet.NotFound()), "/");
    ProblemErrorHandler errors = new ProblemErrorHandler();
    context.setErrorHandler(errors);
    jetty.setErrorHandler(errors);
    jetty.setHandler(context);
    jetty.setStopAtShutdown(false);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The adapters' outbox: beside the store (its own SQLite file, or the same PostgreSQL). */
  private static RouteDelivery routeDelivery(Builder b, Store store) {
    RouteDelivery.Builder r = RouteDelivery.builder(store).clock(b.clock);
    if (b.dataSource != null) {
      r.dataSource(b.dataSource);
    } else {
      r.sqlite(Objects.requireNonNull(b.dataDir).resolve(ROUTES_OUTBOX_FILE));
    }
    if (b.ncmecClient != null) {
      r.ncmec(b.ncmecClient, Objects.requireNonNull(b.ncmecReporter));
    }
    if (b.routeTuning != null) {
      b.routeTuning.accept(r);
    }
    return r.build();
  }

  /**
   * Starts listening.
   *
   * @throws ClearinghouseException if the port cannot be bound
   */
  public ClearinghouseServer start() {
    try {
      routes.start();
      jetty.start();
      maintenance.start(Duration.ofMinutes(1), Duration.ofHours(1));
    } catch (Exception e) {
      close();
      throw new ClearinghouseException("cannot start the clearinghouse: " + e.getMessage(), e);
    }
    return this;
  }

  /** The port listened on (the one chosen when 0 was asked), or -1 before {@link #start()}. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The key that signs receipts; its public half is what platforms pin. */
  public SigningKey signingKey() {
    return signingKey;
  }

  /** The platforms and credentials of this server's store. */
  public Accounts accounts() {
    return accounts;
  }

  /**
   * Runs the housekeeping now (it also runs a minute after {@link #start()} and then hourly):
   * prunes the feeds' change logs behind the feed retention and forgets opinion idempotency keys
   * older than their retention.
   *
   * @return how many feed changes were pruned and opinion keys forgotten
   */
  Maintenance.Result maintainNow() {
    return maintenance.run();
  }

  /** Route delivery (adapters and their outbox). */
  RouteDelivery routes() {
    return routes;
  }

  @Override
  public void close() {
    maintenance.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      // stopping on the way out; the store is closed below either way
    } finally {
      try {
        commits.close();
        routes.close();
      } finally {
        store.close();
      }
    }
  }

  /** Wakes route delivery after a report was stored (answered 201). */
  private static final class RouteWake implements jakarta.servlet.Filter {
    private final RouteDelivery routes;

    RouteWake(RouteDelivery routes) {
      this.routes = routes;
    }

    @Override
    public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse resp,
        jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
      chain.doFilter(req, resp);
      if (resp instanceof jakarta.servlet.http.HttpServletResponse http && http.getStatus() == 201) {
        routes.wake();
      }
    }
  }

  /**
   * Errors Jetty answers itself (a malformed request line, a servlet that threw past its own
   * handling): problem+json too, without a stack trace.
   */
  private static final class ProblemErrorHandler extends ErrorHandler {
    ProblemErrorHandler() {
      setShowStacks(false);
      setShowMessageInTitle(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() >= 400 ? response.getStatus() : 500;
      String slug = switch (status) {
        case 400 -> "bad-request";
        case 404 -> "not-found";
        case 405 -> "method-not-allowed";
        case 413 -> "body-too-large";
        case 414 -> "uri-too-long";
        case 431 -> "headers-too-large";
        default -> status >= 500 ? "internal-error" : "http-" + status;
      };
      Problem p = Problem.of(status, slug, org.eclipse.jetty.http.HttpStatus.getMessage(status),
          "the request could not be served");
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(p.body(null)), callback);
      return true;
    }
  }

  /** Configures a {@link ClearinghouseServer}; not thread-safe. */
  public static final class Builder {
    private @Nullable Path dataDir;
    private @Nullable DataSource dataSource;
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private Clock clock = Clock.systemUTC();
    private @Nullable SigningKey signingKey;
    private List<String> rulePacks = DEFAULT_RULE_PACKS;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration feedRetention = DEFAULT_FEED_RETENTION;
    private Duration keyRetention = Maintenance.MIN_KEY_RETENTION;
    private @Nullable NcmecClient ncmecClient;
    private @Nullable NcmecReporter ncmecReporter;
    private @Nullable Consumer<RouteDelivery.Builder> routeTuning;
    private boolean groupCommit = true;

    Builder() {}

    /**
     * How long the feeds' change logs keep superseded changes and deletes; a client whose cursor is
     * older syncs in full. Default {@link #DEFAULT_FEED_RETENTION}.
     *
     * @throws IllegalArgumentException if shorter than one day
     */
    public Builder feedRetention(Duration retention) {
      if (retention.compareTo(Duration.ofDays(1)) < 0) {
        throw new IllegalArgumentException("feedRetention must be at least one day, was " + retention);
      }
      this.feedRetention = retention;
      return this;
    }

    /**
     * How long opinion requests' idempotency keys are kept; default and minimum 7 days, as the
     * protocol asks. (A report's key is kept as long as the report.)
     *
     * @throws IllegalArgumentException if shorter than 7 days
     */
    public Builder opinionKeyRetention(Duration retention) {
      if (retention.compareTo(Maintenance.MIN_KEY_RETENTION) < 0) {
        throw new IllegalArgumentException("opinionKeyRetention must be at least 7 days, was " + retention);
      }
      this.keyRetention = retention;
      return this;
    }

    /**
     * Files routes to {@code NCMEC_CYBERTIPLINE} with the NCMEC CyberTipline: {@code client}
     * holds the environment and credentials, {@code reporter} is the clearinghouse operator's ESP
     * account. Without it those routes stay {@code PENDING} for an operator.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder ncmec(NcmecClient client, NcmecReporter reporter) {
      this.ncmecClient = Objects.requireNonNull(client, "client");
      this.ncmecReporter = Objects.requireNonNull(reporter, "reporter");
      return this;
    }

    /** Adjusts route delivery's timing (tests: fast polls and backoff). */
    Builder routeTuning(Consumer<RouteDelivery.Builder> tuning) {
      this.routeTuning = Objects.requireNonNull(tuning, "tuning");
      return this;
    }

    /** The data directory: the SQLite store (unless {@link #dataSource} is set) and the signing key. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The store, e.g. PostgreSQL for a real deployment; the caller owns and closes it. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The interface to bind; default all ({@code 0.0.0.0}). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port; 0 picks a free one. Default {@value #DEFAULT_PORT}.
     *
     * @throws IllegalArgumentException if not 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The key signing receipts; default the data directory's, made there on first start. */
    public Builder signingKey(SigningKey signingKey) {
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      return this;
    }

    /**
     * The rule packs on the classpath that route reports; default {@link #DEFAULT_RULE_PACKS}.
     *
     * @throws IllegalArgumentException if none is given
     */
    public Builder rulePacks(List<String> names) {
      if (names.isEmpty()) {
        throw new IllegalArgumentException("at least one rule pack is required");
      }
      this.rulePacks = List.copyOf(names);
      return this;
    }

    /** The largest request body accepted; default 1 MiB. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Whether intake commits concurrent reports together (default true): one writer stores every
     * report waiting in one transaction, and answers each once that transaction is committed.
     * False commits each report in a transaction of its own.
     */
    public Builder groupCommit(boolean groupCommit) {
      this.groupCommit = groupCommit;
      return this;
    }

    /**
     * Opens the store (applying its migrations) and the signing key; {@link ClearinghouseServer#start()} listens.
     *
     * @throws IllegalStateException if neither a data directory nor a data source is set
     */
    public ClearinghouseServer build() {
      return new ClearinghouseServer(this);
    }
  }
}
