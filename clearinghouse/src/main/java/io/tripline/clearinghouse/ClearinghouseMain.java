package io.tripline.clearinghouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tripline.clearinghouse.routing.RouteDelivery;
import io.tripline.clearinghouse.routing.RouteKey;
import io.tripline.clearinghouse.routing.RouteLedger;
import io.tripline.clearinghouse.routing.RouteStatus;
import io.tripline.report.ncmec.NcmecClient;
import io.tripline.report.ncmec.NcmecContact;
import io.tripline.report.ncmec.NcmecEnvironment;
import io.tripline.report.ncmec.NcmecReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar tripline-clearinghouse.jar [--port N] [--data DIR]} runs the clearinghouse;
 * the subcommands {@code platforms}, {@code credentials} and {@code routes} are the operator's.
 * NCMEC credentials come from the environment ({@value #NCMEC_USERNAME_ENV},
 * {@value #NCMEC_PASSWORD_ENV}), never from the command line.
 */
@Command(name = "tripline-clearinghouse", mixinStandardHelpOptions = true,
    description = "The Tripline reference clearinghouse.",
    subcommands = {ClearinghouseMain.Platforms.class, ClearinghouseMain.Credentials.class,
        ClearinghouseMain.Routes.class})
public final class ClearinghouseMain implements Callable<Integer> {

  @Option(names = "--port", description = "port to listen on (default: $PORT, else 8090)")
  private Integer port;

  @Option(names = "--host", description = "interface to bind (default: 0.0.0.0)", defaultValue = "0.0.0.0")
  private String host = "0.0.0.0";

  @Option(names = "--data", description = "data directory (default: ./clearinghouse-data)",
      defaultValue = "clearinghouse-data", scope = CommandLine.ScopeType.INHERIT)
  Path data = Path.of("clearinghouse-data");

  @Option(names = "--postgres", paramLabel = "JDBC_URL", scope = CommandLine.ScopeType.INHERIT,
      description = "store reports in PostgreSQL (jdbc:postgresql://host/db) instead of SQLite in the data"
          + " directory; user and password from PGUSER and PGPASSWORD. The signing key stays in --data.")
  String postgres;

  /** Environment variable holding the NCMEC ESP account's user name. */
  static final String NCMEC_USERNAME_ENV = "TRIPLINE_NCMEC_USERNAME";
  /** Environment variable holding the NCMEC ESP account's password (never an option: it would show in ps). */
  static final String NCMEC_PASSWORD_ENV = "TRIPLINE_NCMEC_PASSWORD";

  @Option(names = "--ncmec-environment", paramLabel = "test|production", defaultValue = "test",
      description = "the NCMEC CyberTipline service routes are filed with when $" + NCMEC_USERNAME_ENV + " and $"
          + NCMEC_PASSWORD_ENV + " are set (default: test)")
  String ncmecEnvironment = "test";

  @Option(names = "--ncmec-url", paramLabel = "URL",
      description = "base URL of the NCMEC reporting API instead of the environment's (a test double, a proxy)")
  String ncmecUrl;

  @Option(names = "--ncmec-reporter-email", paramLabel = "EMAIL", defaultValue = "${env:TRIPLINE_NCMEC_REPORTER_EMAIL}",
      description = "the reporting person at the clearinghouse operator's ESP account, as NCMEC sees it"
          + " (default: $TRIPLINE_NCMEC_REPORTER_EMAIL); required with NCMEC credentials")
  String ncmecReporterEmail;

  @Option(names = "--ncmec-reporter-first-name", paramLabel = "NAME",
      defaultValue = "${env:TRIPLINE_NCMEC_REPORTER_FIRST_NAME}", description = "the reporting person's first name")
  String ncmecReporterFirstName;

  @Option(names = "--ncmec-reporter-last-name", paramLabel = "NAME",
      defaultValue = "${env:TRIPLINE_NCMEC_REPORTER_LAST_NAME}", description = "the reporting person's last name")
  String ncmecReporterLastName;

  /** Most connections the server's PostgreSQL pool opens. */
  static final int POOL_SIZE = 16;
  /** The {@code application_name} of the clearinghouse's PostgreSQL connections. */
  static final String APPLICATION_NAME = "tripline-clearinghouse";

  /** The server's PostgreSQL pool while it runs (see {@link #serverBuilder}). */
  private HikariDataSource pool;

  /** Where the NCMEC credentials are read from; tests replace it. */
  java.util.function.UnaryOperator<String> environment = System::getenv;

  /** The time the operator commands judge ages and deadlines by; tests replace it. */
  java.time.Clock clock = java.time.Clock.systemUTC();

  @Spec
  private CommandLine.Model.CommandSpec spec;

  /** The clearinghouse's store (accounts, reports, routes) as configured. */
  Store store() {
    return postgres == null ? Store.sqlite(data, clock) : Store.of(postgres(postgres), clock);
  }

  /**
   * The server as the options and environment configure it: with NCMEC filing when both NCMEC
   * credentials are set.
   *
   * @throws CommandLine.ParameterException if the NCMEC configuration is incomplete or invalid
   */
  ClearinghouseServer.Builder serverBuilder(int port) {
    ClearinghouseServer.Builder builder = ClearinghouseServer.builder().dataDir(data).host(host).port(port);
    String user = environment.apply(NCMEC_USERNAME_ENV);
    String password = environment.apply(NCMEC_PASSWORD_ENV);
    boolean hasUser = user != null && !user.isBlank();
    boolean hasPassword = password != null && !password.isEmpty();
    if (hasUser != hasPassword) {
      throw new CommandLine.ParameterException(spec.commandLine(), "set both " + NCMEC_USERNAME_ENV + " and "
          + NCMEC_PASSWORD_ENV + " to file with NCMEC, or neither");
    }
    if (!hasUser) {
      return withStore(builder);
    }
    NcmecEnvironment env = switch (ncmecEnvironment.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "test" -> NcmecEnvironment.TEST;
      case "production" -> NcmecEnvironment.PRODUCTION;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--ncmec-environment must be test or production, was '" + ncmecEnvironment + "'");
    };
    if (ncmecReporterEmail == null || ncmecReporterEmail.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "NCMEC credentials are set but the reporting"
          + " person is not: set --ncmec-reporter-email (or $TRIPLINE_NCMEC_REPORTER_EMAIL)");
    }
    char[] secret = password.toCharArray();
    try {
      NcmecClient.Builder client = NcmecClient.builder().environment(env).credentials(env, user.strip(), secret);
      if (ncmecUrl != null) {
        client.baseUrl(env, ncmecUrl);
      }
      NcmecReporter reporter = NcmecReporter.of(new NcmecContact(blankToNull(ncmecReporterFirstName),
          blankToNull(ncmecReporterLastName), ncmecReporterEmail.strip(), null, null));
      return withStore(builder.ncmec(client.build(), reporter));
    } catch (IllegalArgumentException e) {
      // The SDK's messages name what was wrong, never the password.
      throw new CommandLine.ParameterException(spec.commandLine(), "NCMEC configuration: " + e.getMessage());
    } finally {
      java.util.Arrays.fill(secret, '\0');
    }
  }

  /** The configured store, last: nothing is opened for a configuration that fails. */
  private ClearinghouseServer.Builder withStore(ClearinghouseServer.Builder builder) {
    if (postgres != null) {
      closePool();
      pool = postgresPool(postgres);
      builder.dataSource(pool);
    }
    return builder;
  }

  /** Closes the server's PostgreSQL pool, if {@link #serverBuilder} opened one. */
  void closePool() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * The adapters' outbox of the configured store, enqueue-only (the running server dispatches).
   */
  io.tripline.report.outbox.Outbox routesOutbox() {
    io.tripline.report.outbox.Outbox.Builder b = io.tripline.report.outbox.Outbox.builder().clock(clock);
    return (postgres == null ? b.sqlite(data.resolve(ClearinghouseServer.ROUTES_OUTBOX_FILE))
        : b.dataSource(postgres(postgres))).build();
  }

  /** Whether the adapters' outbox can exist: PostgreSQL, or its SQLite file is there. */
  boolean routesOutboxExists() {
    return postgres != null || java.nio.file.Files.exists(data.resolve(ClearinghouseServer.ROUTES_OUTBOX_FILE));
  }

  /** The accounts of the configured store. */
  Accounts accounts() {
    return postgres == null ? Accounts.open(data) : Accounts.open(postgres(postgres));
  }

  /**
   * The server's connection pool on PostgreSQL ({@value #POOL_SIZE} connections at most), so a
   * request borrows a connection instead of opening and authenticating one. The operator commands
   * use {@link #postgres(String)}: one short-lived connection is all they need.
   */
  static HikariDataSource postgresPool(String url) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("clearinghouse");
    config.setDataSource(postgres(url));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
    return new HikariDataSource(config);
  }

  /** A data source of {@code url}, as {@code PGUSER} / {@code PGPASSWORD} from the environment. */
  static javax.sql.DataSource postgres(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--postgres takes a jdbc:postgresql: URL");
    }
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setUrl(url);
    ds.setApplicationName(APPLICATION_NAME);
    String user = System.getenv("PGUSER");
    String password = System.getenv("PGPASSWORD");
    if (user != null) {
      ds.setUser(user);
    }
    if (password != null) {
      ds.setPassword(password);
    }
    return ds;
  }

  /** Runs the command line; returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new ClearinghouseMain()).execute(args);
  }

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    int p = port != null ? port : portFromEnvironment();
    ClearinghouseServer server = serverBuilder(p).build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      closePool();
      stopped.countDown();
    }, "clearinghouse-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Tripline clearinghouse listening on http://" + host + ":" + server.port() + "/ (data: "
        + data.toAbsolutePath() + (postgres != null ? ", reports in PostgreSQL" : "") + ", signing key " + server.signingKey().keyId() + ": "
        + server.signingKey().publicKeyBase64() + ")");
    out.flush();
    stopped.await();
    return 0;
  }

  private int portFromEnvironment() {
    String env = System.getenv("PORT");
    if (env == null || env.isBlank()) {
      return ClearinghouseServer.DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(env.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "PORT is not a number: '" + env + "'");
    }
  }

  @Command(name = "platforms", description = "Platforms (organisations) that file reports.",
      subcommands = {Platforms.Add.class, Platforms.ListAll.class})
  static final class Platforms {
    @ParentCommand
    ClearinghouseMain main;

    @Command(name = "add", description = "Adds a platform.")
    static final class Add implements Callable<Integer> {
      @ParentCommand
      Platforms parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Parameters(paramLabel = "ID", description = "platform id: lower-case letters, digits, '.', '_', '-'")
      String id;

      @Override
      public Integer call() {
        try (Accounts accounts = parent.main.accounts()) {
          boolean added = accounts.addPlatform(id);
          spec.commandLine().getOut().println(added ? "platform " + id + " added" : "platform " + id + " exists");
          return 0;
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return 2;
        }
      }
    }

    @Command(name = "list", description = "Lists the platforms.")
    static final class ListAll implements Callable<Integer> {
      @ParentCommand
      Platforms parent;
      @Spec
      CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        try (Accounts accounts = parent.main.accounts()) {
          accounts.platforms().forEach(spec.commandLine().getOut()::println);
          return 0;
        }
      }
    }
  }

  @Command(name = "credentials", description = "Platform credentials (stored as SHA-256 hashes).",
      subcommands = {Credentials.Create.class, Credentials.Revoke.class, Credentials.ListAll.class})
  static final class Credentials {
    @ParentCommand
    ClearinghouseMain main;

    @Command(name = "create", description = "Creates a credential and prints its secret, once.")
    static final class Create implements Callable<Integer> {
      @ParentCommand
      Credentials parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Option(names = "--platform", required = true, description = "the platform it belongs to")
      String platform;
      @Option(names = "--scopes", required = true,
          description = "comma-separated: feeds:read, reports:write, opinions:write, admin")
      String scopes;

      @Override
      public Integer call() {
        try (Accounts accounts = parent.main.accounts()) {
          Accounts.IssuedCredential c = accounts.createCredential(platform, Scope.parseList(scopes));
          PrintWriter out = spec.commandLine().getOut();
          out.println("credential " + c.id() + " for platform " + c.platform() + " (" + Scope.join(c.scopes()) + ")");
          out.println("secret (shown once; only its hash is stored): " + c.secret());
          return 0;
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println(e.getMessage());
          return 2;
        }
      }
    }

    @Command(name = "revoke", description = "Revokes a credential: it is refused from now on.")
    static final class Revoke implements Callable<Integer> {
      @ParentCommand
      Credentials parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Parameters(paramLabel = "ID", description = "the credential id (cred_...)")
      String id;

      @Override
      public Integer call() {
        try (Accounts accounts = parent.main.accounts()) {
          if (accounts.revokeCredential(id)) {
            spec.commandLine().getOut().println("credential " + id + " revoked");
            return 0;
          }
          spec.commandLine().getErr().println("no active credential " + id);
          return 1;
        }
      }
    }

    @Command(name = "list", description = "Lists the credentials (never their secrets).")
    static final class ListAll implements Callable<Integer> {
      @ParentCommand
      Credentials parent;
      @Spec
      CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        try (Accounts accounts = parent.main.accounts()) {
          List<Accounts.CredentialInfo> all = accounts.credentials();
          PrintWriter out = spec.commandLine().getOut();
          for (Accounts.CredentialInfo c : all) {
            out.println(c.id() + "  " + c.platform() + "  " + Scope.join(c.scopes()) + "  created " + c.createdAt()
                + (c.revoked() ? "  REVOKED " + c.revokedAt() : ""));
          }
          return 0;
        }
      }
    }
  }

  @Command(name = "routes", description = "Report routes: what waits for a destination, and what an operator"
      + " filed or gave up by hand.",
      subcommands = {Routes.ListAll.class, Routes.MarkDelivered.class, Routes.MarkFailed.class, Routes.Retry.class,
          Routes.History.class})
  static final class Routes {
    @ParentCommand
    ClearinghouseMain main;

    /** Longest operator name recorded with an action. */
    static final int MAX_OPERATOR = 100;
    private static final java.util.regex.Pattern EXTERNAL_ID = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,"
        + Store.MAX_EXTERNAL_ID + "}");

    @Command(name = "list", description = "Lists routes, oldest report first; waiting routes past their deadline are"
        + " marked OVERDUE.")
    static final class ListAll implements Callable<Integer> {
      @ParentCommand
      Routes parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Option(names = "--status", description = "only this state: ${COMPLETION-CANDIDATES}")
      RouteStatus status;
      @Option(names = "--destination", description = "only this destination, e.g. NCMEC_CYBERTIPLINE")
      String destination;
      @Option(names = "--platform", description = "only this platform's reports")
      String platform;
      @Option(names = "--limit", defaultValue = "500", description = "at most this many (default: 500)")
      int limit = 500;

      @Override
      public Integer call() {
        if (limit < 1 || limit > 100_000) {
          spec.commandLine().getErr().println("--limit must be 1..100000");
          return 2;
        }
        ClearinghouseMain main = parent.main;
        try (Store store = main.store()) {
          List<Store.RouteListing> routes = store.routes(status, destination, platform, limit);
          PrintWriter out = spec.commandLine().getOut();
          Instant now = main.clock.instant();
          out.println("REPORT  PLATFORM  DESTINATION  OBLIGATION  STATUS  DEADLINE  AGE  ATTEMPTS  EXTERNAL-ID/LAST-ERROR");
          for (Store.RouteListing r : routes) {
            boolean waiting = r.status() == RouteStatus.PENDING || r.status() == RouteStatus.FAILED_RETRYABLE
                || r.status() == RouteStatus.FAILED_PERMANENT;
            String deadline = r.deadline() == null ? "-" : r.deadline().toString()
                + (waiting && now.isAfter(r.deadline()) ? " OVERDUE" : "");
            String detail = r.externalId() != null ? r.externalId()
                : r.lastError() != null ? "last error: " + shorten(r.lastError(), 200)
                : r.handedOver() ? "queued" : "-";
            out.println(r.key().reportId() + "  " + r.key().platform() + "  " + r.key().destination() + "  "
                + r.obligation() + "  " + r.status() + "  " + deadline + "  " + age(Duration.between(r.receivedAt(), now))
                + "  " + r.attempts() + "  " + detail);
          }
          out.println(routes.size() + " route(s)" + (routes.size() == limit ? " (limit reached; use --limit)" : ""));
          return 0;
        }
      }
    }

    @Command(name = "mark-delivered", description = "Records a route an operator filed by hand, with the"
        + " destination's id; the platform's status shows it DELIVERED.")
    static final class MarkDelivered implements Callable<Integer> {
      @ParentCommand
      Routes parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Mixin
      RouteAction route;
      @Option(names = "--external-id", required = true, description = "the destination's id of the filed report")
      String externalId;

      @Override
      public Integer call() {
        if (externalId == null || !EXTERNAL_ID.matcher(externalId).matches()) {
          spec.commandLine().getErr().println("--external-id must be 1 to " + Store.MAX_EXTERNAL_ID
              + " printable characters without spaces");
          return 2;
        }
        return route.act(parent, spec,
            (store, key, actor, now) -> store.delivered(key, externalId, actor, route.note.strip(), false, now));
      }
    }

    @Command(name = "mark-failed", description = "Gives a waiting route up for good (FAILED_PERMANENT), with the"
        + " reason.")
    static final class MarkFailed implements Callable<Integer> {
      @ParentCommand
      Routes parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Mixin
      RouteAction route;

      @Override
      public Integer call() {
        return route.act(parent, spec,
            (store, key, actor, now) -> store.failed(key, route.note.strip(), actor, false, now));
      }
    }

    @Command(name = "retry", description = "Sends a route given up (FAILED_PERMANENT) back to its adapter, e.g."
        + " after the NCMEC account was fixed; it resumes from its delivery journal.")
    static final class Retry implements Callable<Integer> {
      @ParentCommand
      Routes parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Mixin
      RouteAction route;

      @Override
      public Integer call() {
        ClearinghouseMain main = parent.main;
        return route.act(parent, spec, (store, key, actor, now) -> {
          RouteLedger.Settlement s = store.reopen(key, actor, route.note.strip(), now);
          if (s.changed()) {
            // Revive its dead letter (if it was handed over); the server's dispatcher picks it up.
            RouteDelivery.outboxKey(key).filter(k -> main.routesOutboxExists()).ifPresent(outboxKey -> {
              try (io.tripline.report.outbox.Outbox outbox = main.routesOutbox()) {
                outbox.retry(outboxKey);
              }
            });
          }
          return s;
        });
      }
    }

    @Command(name = "history", description = "Shows every recorded change of a report's routes: who, when, from,"
        + " to, note.")
    static final class History implements Callable<Integer> {
      @ParentCommand
      Routes parent;
      @Spec
      CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", paramLabel = "PLATFORM")
      String platform;
      @Parameters(index = "1", paramLabel = "REPORT_ID")
      String reportId;

      @Override
      public Integer call() {
        try (Store store = parent.main.store()) {
          PrintWriter out = spec.commandLine().getOut();
          for (Store.RouteEvent e : store.routeEvents(platform, reportId, null)) {
            out.println(e.at() + "  " + e.key().destination() + "  " + e.from() + " -> " + e.to() + "  by " + e.actor()
                + (e.externalId() != null ? "  external id " + e.externalId() : "")
                + (e.note() != null ? "  note: " + e.note() : ""));
          }
          return 0;
        }
      }
    }

    private interface Action {
      RouteLedger.Settlement apply(Store store, RouteKey key, String actor, Instant now);
    }

    /** What every operator action on one route takes: the route, a note for the record, who acts. */
    static final class RouteAction {
      @Parameters(index = "0", paramLabel = "PLATFORM")
      String platform;
      @Parameters(index = "1", paramLabel = "REPORT_ID")
      String reportId;
      @Parameters(index = "2", paramLabel = "DESTINATION", description = "e.g. NCMEC_CYBERTIPLINE")
      String destination;
      @Option(names = "--note", required = true, description = "what was done and why, for the record")
      String note;
      @Option(names = "--operator", description = "who acts (default: the OS user)")
      String operator;

      int act(Routes parent, CommandLine.Model.CommandSpec spec, Action action) {
        return ClearinghouseMain.Routes.act(parent, spec, platform, reportId, destination, note, operator, action);
      }
    }

    private static int act(Routes parent, CommandLine.Model.CommandSpec spec, String platform, String reportId,
        String destination, String note, String operator, Action action) {
      PrintWriter err = spec.commandLine().getErr();
      RouteKey key;
      try {
        key = new RouteKey(platform, reportId, destination);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return 2;
      }
      if (note == null || note.isBlank() || note.length() > Store.MAX_NOTE) {
        err.println("--note must be 1 to " + Store.MAX_NOTE + " characters, not blank");
        return 2;
      }
      String who = operator != null ? operator : System.getProperty("user.name", "unknown");
      if (who.isBlank() || who.length() > MAX_OPERATOR || who.chars().anyMatch(Character::isISOControl)) {
        err.println("--operator must be 1 to " + MAX_OPERATOR + " characters, without control characters");
        return 2;
      }
      ClearinghouseMain main = parent.main;
      try (Store store = main.store()) {
        RouteLedger.Settlement s = action.apply(store, key, "operator:" + who.strip(), main.clock.instant());
        if (s.before() == null) {
          err.println("no route " + key);
          return 1;
        }
        if (!s.changed()) {
          err.println("route " + key + " is " + s.before() + ": nothing changed");
          return 1;
        }
        spec.commandLine().getOut().println("route " + key + " is " + s.after() + " (was " + s.before()
            + "), recorded for " + who.strip());
        return 0;
      }
    }

    static String age(Duration d) {
      long s = Math.max(0, d.getSeconds());
      if (s < 60) {
        return s + "s";
      }
      if (s < 3600) {
        return s / 60 + "m";
      }
      if (s < 86_400) {
        return s / 3600 + "h" + (s % 3600) / 60 + "m";
      }
      return s / 86_400 + "d" + (s % 86_400) / 3600 + "h";
    }

    private static String shorten(String s, int max) {
      String oneLine = s.replaceAll("\\s+", " ");
      return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
  }
}
