package io.tripline.clearinghouse;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar tripline-clearinghouse.jar [--port N] [--data DIR]} runs the clearinghouse;
 * the subcommands {@code platforms} and {@code credentials} are the operator's.
 */
@Command(name = "tripline-clearinghouse", mixinStandardHelpOptions = true,
    description = "The Tripline reference clearinghouse.",
    subcommands = {ClearinghouseMain.Platforms.class, ClearinghouseMain.Credentials.class})
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

  @Spec
  private CommandLine.Model.CommandSpec spec;

  /** The accounts of the configured store. */
  Accounts accounts() {
    return postgres == null ? Accounts.open(data) : Accounts.open(postgres(postgres));
  }

  static javax.sql.DataSource postgres(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--postgres takes a jdbc:postgresql: URL");
    }
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setUrl(url);
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
    ClearinghouseServer.Builder builder = ClearinghouseServer.builder().dataDir(data).host(host).port(p);
    if (postgres != null) {
      builder.dataSource(postgres(postgres));
    }
    ClearinghouseServer server = builder.build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
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
}
