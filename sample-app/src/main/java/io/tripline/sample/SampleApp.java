package io.tripline.sample;

import io.tripline.PlatformContext;
import io.tripline.Tripline;
import io.tripline.Uploader;
import io.tripline.feed.ClearinghouseFeed;
import io.tripline.feed.FeedSync;
import io.tripline.feed.NdjsonFeed;
import io.tripline.health.Health;
import io.tripline.review.ReviewQueue;
import io.tripline.rules.RulePack;
import io.tripline.servlet.HealthServlet;
import io.tripline.servlet.TriplineFilter;
import io.tripline.servlet.review.ReviewServlet;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tripline demo: a small classifieds site on embedded Jetty with the {@link TriplineFilter}
 * in front of {@code POST /ads}, checking ads against a synthetic demo feed with the default rule
 * pack.
 *
 * <p>The demo feed is a local NDJSON feed file, {@code feeds/demo.ndjson} in the data folder
 * (seeded from the class path on first start, then the user's to edit), kept current by a
 * {@link FeedSync} that reads it again as soon as it changes; the indicators are kept in
 * {@code indicators.snap} beside it and served from there at once on the next start. The feed's
 * health is served as JSON at {@code /health}.
 *
 * <p>{@code /review/} is for reviewers only: FORM login at {@code /login} with the
 * {@link DemoUsers} (user {@code reviewer}, password from {@code TRIPLINE_REVIEWER_PASSWORD} or
 * generated and logged at start; user {@code advertiser} is refused there with 403). It is the
 * {@link ReviewServlet} over the demo's review queue ({@link ReviewSetup}): flagged ads wait there,
 * and a decision publishes or takes down the ad.
 *
 * <p>From the command line: {@code java -jar tripline-sample-app.jar [--port N] [--data DIR]}.
 * From code (tests): {@link #start(int, Path)}, then {@link #uri()} and {@link #close()}.
 * Thread-safe.
 */
public final class SampleApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SampleApp.class);

  /** Largest image accepted, in bytes; the servlet's multipart config and the filter agree on it. */
  public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
  /** Largest upload request accepted, in bytes: the image plus room for the text fields. */
  public static final long MAX_REQUEST_BYTES = 12L * 1024 * 1024;

  /** Where the review pages live; the container lets only reviewers in. */
  static final String REVIEW_PATH = "/review";
  static final String LOGIN_PATH = "/login";

  static final int DEFAULT_PORT = 8080;
  static final String DEFAULT_DATA_DIR = "tripline-data";
  static final String DEMO_FEED = "io/tripline/sample/demo-feed.ndjson";
  static final String USAGE = "usage: java -jar tripline-sample-app.jar [--network] [--port N] [--data DIR]\n"
      + "  --network   the clearinghouse (port 8090) and two platforms, A on port N and B on N + 1\n"
      + "  --port N    port to listen on (default: $PORT, else " + DEFAULT_PORT + "; 0 picks a free port)\n"
      + "  --data DIR  folder for the ads and uploads (default: ./" + DEFAULT_DATA_DIR + ")";

  /** How often the demo feed file is read even if no change was seen. */
  static final Duration FEED_INTERVAL = Duration.ofMinutes(1);
  /** How often a linked platform pulls the clearinghouse's shared feed: a demo, so often. */
  static final Duration SHARED_FEED_INTERVAL = Duration.ofSeconds(5);

  private final Server server;
  private final ServerConnector connector;
  private final Path dataDir;
  private final FeedSync feedSync;
  private final DemoUsers users;
  private final ReviewSetup review;

  private SampleApp(Server server, ServerConnector connector, Path dataDir, FeedSync feedSync, DemoUsers users,
      ReviewSetup review) {
    this.server = server;
    this.connector = connector;
    this.dataDir = dataDir;
    this.feedSync = feedSync;
    this.users = users;
    this.review = review;
  }

  /** The outbox of reports and opinions, when linked to a clearinghouse; else null. */
  io.tripline.report.outbox.@Nullable Outbox outbox() {
    return review.outbox();
  }

  /** The review queue flagged ads wait in. */
  ReviewQueue reviewQueue() {
    return review.queue();
  }

  public static void main(String[] args) {
    // Thumbnails use Java2D; the demo never has a display.
    System.setProperty("java.awt.headless", "true");
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    if (options.network()) {
      DemoNetwork.run(options.dataDir(), options.port());
      return;
    }
    SampleApp app;
    try {
      app = start(options.port(), options.dataDir());
    } catch (RuntimeException e) {
      log.error("could not start the sample app: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tripline-sample-shutdown"));
    log.info("Tripline sample app listening on {}", app.uri());
    log.info("Data folder: {}", app.dataDir());
    if (app.users.fromEnvironment()) {
      log.info("Review pages: {}review/ - sign in as '{}' with the password in ${}", app.uri(), DemoUsers.REVIEWER,
          DemoUsers.REVIEWER_PASSWORD_ENV);
    } else {
      log.info("Review pages: {}review/ - sign in as '{}', password '{}' (set ${} to choose one)", app.uri(),
          DemoUsers.REVIEWER, app.users.reviewerPassword(), DemoUsers.REVIEWER_PASSWORD_ENV);
    }
    app.join();
  }

  /**
   * Starts the app on {@code port} (0 for any free port), keeping its ads under {@code dataDir}
   * (created if missing).
   *
   * @throws NullPointerException if {@code dataDir} is null
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   * @throws IllegalStateException if the server cannot start, e.g. the port is taken
   * @throws UncheckedIOException if the data folder cannot be created
   */
  public static SampleApp start(int port, Path dataDir) {
    return start(port, dataDir, DemoUsers.fromEnvironment(System.getenv()));
  }

  /** {@link #start(int, Path)} with the given demo accounts. */
  static SampleApp start(int port, Path dataDir, DemoUsers users) {
    return start(port, dataDir, users, null);
  }

  /**
   * {@link #start(int, Path)} with the given demo accounts, as a platform of the clearinghouse
   * {@code link} names (or on its own when it is null): it then follows the shared feed, files
   * reports (automatic ones and reviewers') and sends reviewers' opinions there.
   */
  static SampleApp start(int port, Path dataDir, DemoUsers users, @Nullable ClearinghouseLink link) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(users, "users");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    Path data = dataDir.toAbsolutePath().normalize();
    Path uploads;
    Path demoFeed;
    try {
      uploads = Files.createDirectories(data.resolve("uploads-tmp"));
      demoFeed = seedDemoFeed(Files.createDirectories(data.resolve("feeds")).resolve("demo.ndjson"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + data, e);
    }
    AdStore store = new AdStore(data.resolve("ads"), Clock.systemUTC());
    Tripline tripline = Tripline.builder().rulePack(RulePack.fromClasspath("default")).build();
    FeedSync.Builder feeds = FeedSync.builder(tripline)
        .feed(NdjsonFeed.builder(demoFeed, "demo").build(), FEED_INTERVAL)
        .snapshot(data.resolve("indicators.snap"));
    if (link != null) {
      feeds.feed(ClearinghouseFeed.builder().baseUrl(link.baseUrl()).feedId(link.feedId())
          .credential(link.credential()).publicKeys(link.publicKeys()).build(), SHARED_FEED_INTERVAL);
    }
    FeedSync feedSync = feeds.build();
    feedSync.start();
    // The demo answers from its first request: read the feed once before listening.
    feedSync.syncNow();
    ReviewSetup review = ReviewSetup.open(data, tripline, store, link);
    PlatformContext platform = platformContext(link);
    review.seedIfEmpty(tripline, store, platform);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS | ServletContextHandler.SECURITY);
    context.setContextPath("/");
    context.setSecurityHandler(reviewSecurity(users));
    context.addServlet(new ServletHolder("login", new LoginServlet()), LOGIN_PATH);
    context.addServlet(new ServletHolder("review", ReviewServlet.builder(review.queue())
        .signOut(REVIEW_PATH + "/logout").build()), REVIEW_PATH + "/*");
    context.addServlet(new ServletHolder("sign-out", new SignOutServlet()), REVIEW_PATH + "/logout");
    context.addServlet(new ServletHolder("home", new HomeServlet(store)), "");
    context.addServlet(new ServletHolder("thumbnails", new ThumbnailServlet(store)), "/images/*");
    context.addServlet(new ServletHolder("demo", new DemoServlet()), "/demo/*");
    // On its own the demo files no reports, so it has no outbox: the feed is what there is to watch.
    Health.Builder health = Health.builder().feeds(feedSync);
    if (review.outbox() != null) {
      health.outbox(review.outbox());
    }
    context.addServlet(new ServletHolder("health", new HealthServlet(health.build())),
        "/health");
    ServletHolder ads = new ServletHolder("ads", new AdsServlet(store));
    // Small parts (the text fields) stay in memory; the image spills to the data folder.
    ads.getRegistration().setMultipartConfig(
        new MultipartConfigElement(uploads.toString(), MAX_FILE_BYTES, MAX_REQUEST_BYTES, 256 * 1024));
    context.addServlet(ads, "/ads");
    TriplineFilter.Builder filter = TriplineFilter.builder(tripline);
    if (review.filer() != null) {
      filter.reportFiler(review.filer());
    }
    filter
        .reviewQueue(review.queue())
        .maxFileBytes(MAX_FILE_BYTES)
        .maxRequestBytes(MAX_REQUEST_BYTES)
        .submissionCustomizer((request, submission) -> submission
            .uploader(new Uploader(null, request.getRemoteAddr()))
            .context(platform))
        .build()
        .register(context.getServletContext(), "/ads");
    server.setHandler(context);

    try {
      server.start();
    } catch (Exception e) {
      feedSync.close();
      review.close();
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("cannot start the server on port " + port + ": " + e.getMessage(), e);
    }
    return new SampleApp(server, connector, data, feedSync, users, review);
  }

  /**
   * FORM login for {@code /review/*}, role {@value DemoUsers#REVIEWER_ROLE}; the stylesheet below
   * it is open, since the login page uses it. Jetty renews the session id on login.
   */
  private static ConstraintSecurityHandler reviewSecurity(DemoUsers users) {
    UserStore store = new UserStore();
    store.addUser(DemoUsers.REVIEWER, Credential.getCredential(users.reviewerPassword()),
        new String[] {DemoUsers.REVIEWER_ROLE});
    store.addUser(DemoUsers.ADVERTISER, Credential.getCredential(users.advertiserPassword()),
        new String[] {DemoUsers.ADVERTISER_ROLE});
    HashLoginService login = new HashLoginService("Tripline demo");
    login.setUserStore(store);

    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(login);
    security.setAuthenticator(new FormAuthenticator(LOGIN_PATH, LOGIN_PATH + "?error", false));
    ConstraintMapping review = new ConstraintMapping();
    review.setPathSpec(REVIEW_PATH + "/*");
    // Any signed-in user gets past the container; the review servlet's guard refuses those
    // without the reviewer role with its own page (and problem+json for the API).
    review.setConstraint(Constraint.ANY_USER);
    security.addConstraintMapping(review);
    ConstraintMapping assets = new ConstraintMapping();
    assets.setPathSpec(REVIEW_PATH + "/assets/*");
    assets.setConstraint(Constraint.ALLOWED);
    security.addConstraintMapping(assets);
    return security;
  }

  /** The demo accounts. */
  DemoUsers demoUsers() {
    return users;
  }

  /** Who the platform is in what it files: its clearinghouse id (a US provider) or the demo's own name. */
  static PlatformContext platformContext(@Nullable ClearinghouseLink link) {
    return link == null ? new PlatformContext("tripline-sample", null)
        : new PlatformContext(link.platformId(), ReviewSetup.PROVIDER_COUNTRY);
  }

  /** Writes the class path's demo feed to {@code file} unless it is there already; returns it. */
  private static Path seedDemoFeed(Path file) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    try (InputStream in = SampleApp.class.getClassLoader().getResourceAsStream(DEMO_FEED)) {
      if (in == null) {
        throw new IllegalStateException("the demo feed is missing from the class path: " + DEMO_FEED);
      }
      Path temp = Files.createTempFile(file.getParent(), "demo", ".tmp");
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      return Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * The engine with the demo feed from the class path and the shipped default rule pack, as the
   * app starts with a fresh data folder.
   */
  static Tripline demoTripline() {
    try (InputStream in = SampleApp.class.getClassLoader().getResourceAsStream(DEMO_FEED)) {
      if (in == null) {
        throw new IllegalStateException("the demo feed is missing from the class path: " + DEMO_FEED);
      }
      return Tripline.builder()
          .indicators(NdjsonFeed.read(in, "demo", "classpath:" + DEMO_FEED))
          .rulePack(RulePack.fromClasspath("default"))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo feed", e);
    }
  }

  /** The port the app listens on (the chosen one, if started with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The app's home page, on localhost. */
  public URI uri() {
    return URI.create("http://localhost:" + port() + "/");
  }

  /** The absolute data folder. */
  public Path dataDir() {
    return dataDir;
  }

  /** The sync of the demo feed, for its status. */
  public FeedSync feedSync() {
    return feedSync;
  }

  /** Blocks until the server stops. */
  public void join() {
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server; requests in flight get a moment to finish. Idempotent. */
  @Override
  public void close() {
    feedSync.close();
    if (server.isStopped()) {
      return;
    }
    try {
      server.stop();
      log.info("Tripline sample app stopped");
    } catch (Exception e) {
      log.warn("error while stopping the server", e);
    } finally {
      review.close();
    }
  }

  /**
   * The command line, parsed.
   *
   * @param port the port; {@code --port} wins over {@code $PORT}
   * @param dataDir the data folder
   * @param help whether {@code --help} was asked for
   */
  record Options(int port, Path dataDir, boolean help, boolean network) {

    Options(int port, Path dataDir, boolean help) {
      this(port, dataDir, help, false);
    }

    /**
     * Parses {@code args} with {@code env} for {@code PORT}.
     *
     * @throws IllegalArgumentException with a message for the user, if an argument is wrong
     */
    static Options parse(String[] args, Map<String, String> env) {
      Integer port = null;
      Path dataDir = Path.of(DEFAULT_DATA_DIR);
      boolean help = false;
      boolean network = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--port" -> port = parsePort(value(args, ++i, arg), "--port");
          case "--data" -> dataDir = Path.of(value(args, ++i, arg));
          case "-h", "--help" -> help = true;
          case "--network" -> network = true;
          default -> {
            if (arg.startsWith("--port=")) {
              port = parsePort(arg.substring(7), "--port");
            } else if (arg.startsWith("--data=")) {
              dataDir = Path.of(arg.substring(7));
            } else {
              throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
          }
        }
      }
      if (port == null) {
        String fromEnv = env.get("PORT");
        port = fromEnv == null || fromEnv.isBlank() ? DEFAULT_PORT : parsePort(fromEnv.strip(), "PORT");
      }
      return new Options(port, dataDir, help, network);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].isBlank()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int parsePort(String value, String source) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 0 && port <= 65_535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException(source + " must be a port number 0..65535, was '" + value + "'");
    }
  }
}
