package io.tripline.clearinghouse;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A data source whose callers can be made to join a transaction already open: inside
 * {@link #join(Connection, Runnable)}, on that thread, {@link #getConnection()} hands out the
 * joined connection, and what its caller does as a transaction of its own (auto-commit off,
 * commit, rollback) runs as a savepoint within the joined one. Everywhere else it is the data
 * source it wraps.
 *
 * <p>Intake gives this to the feed store, so that a report's feed publication commits in the same
 * transaction as the report (and its batch): one commit instead of one per published digest, no
 * second writer waiting for SQLite's lock, and a report is never stored without its publication
 * or published without being stored. A publication that fails rolls back to its savepoint and
 * leaves the report's own writes in place, as when it ran after the report's transaction.
 *
 * <p>Thread-safe; a joined connection is only ever used by the thread that joined it.
 */
final class JoinableDataSource implements DataSource {
  private final DataSource target;
  private final ThreadLocal<Connection> joined = new ThreadLocal<>();

  JoinableDataSource(DataSource target) {
    this.target = target;
  }

  /** Runs {@code work} on this thread with {@code c}'s transaction joined by every caller of this data source. */
  void join(Connection c, Runnable work) {
    Connection before = joined.get();
    joined.set(c);
    try {
      work.run();
    } finally {
      if (before == null) {
        joined.remove();
      } else {
        joined.set(before);
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = joined.get();
    return c == null ? target.getConnection() : nested(c);
  }

  /** {@code c} as a caller sees it: its own "transaction" is a savepoint, and closing it leaves {@code c} open. */
  private static Connection nested(Connection c) {
    Savepoint[] open = new Savepoint[1];
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "setAutoCommit" -> {
              if (!(Boolean) args[0] && open[0] == null) {
                open[0] = c.setSavepoint();
              }
              return null;
            }
            case "getAutoCommit" -> {
              return open[0] == null;
            }
            case "commit" -> {
              if (method.getParameterCount() == 0 && open[0] != null) {
                c.releaseSavepoint(open[0]);
                open[0] = null;
              }
              return null;
            }
            case "rollback" -> {
              if (method.getParameterCount() == 0 && open[0] != null) {
                c.rollback(open[0]);
                open[0] = null;
                return null;
              }
              if (method.getParameterCount() == 0) {
                return null;
              }
            }
            case "close" -> {
              if (open[0] != null) {
                // Left without commit or rollback: undo what it did, as closing a real transaction would.
                c.rollback(open[0]);
                open[0] = null;
              }
              return null;
            }
            case "isClosed" -> {
              return c.isClosed();
            }
            default -> {
              // everything else goes to the joined connection
            }
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public @Nullable PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
