package io.tripline.report.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The two stores the outbox runs on; everything else about SQL is shared. */
enum Dialect {
  SQLITE,
  POSTGRESQL;

  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("sqlite")) {
      return SQLITE;
    }
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new OutboxException(
        "the outbox runs on SQLite or PostgreSQL, not on " + c.getMetaData().getDatabaseProductName());
  }
}
