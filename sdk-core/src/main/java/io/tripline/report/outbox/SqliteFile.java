package io.tripline.report.outbox;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.logging.Logger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a commit is on disk
 * when it returns, and a busy timeout, so writers queue instead of failing. Transactions begin
 * IMMEDIATE: a read-then-write transaction never fails on a stale WAL snapshot.
 */
final class SqliteFile {
  private SqliteFile() {}

  static Pool dataSource(Path file, Duration busyTimeout) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new OutboxException("cannot create the directory of " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return new Pool(ds, 8, busyTimeout);
  }

  /**
   * Keeps up to {@code size} open connections: opening one applies the pragmas and reads the
   * schema, which costs more than a small transaction.
   */
  static final class Pool implements JdbcStore.PooledDataSource {
    private final DataSource target;
    private final ArrayBlockingQueue<Connection> idle;
    private final Duration busyTimeout;
    private volatile boolean closed;

    /** A pool that does not retry a busy open (a server database has no such lock). */
    Pool(DataSource target, int size) {
      this(target, size, Duration.ZERO);
    }

    Pool(DataSource target, int size, Duration busyTimeout) {
      this.target = target;
      this.idle = new ArrayBlockingQueue<>(size);
      this.busyTimeout = busyTimeout;
    }

    /**
     * Opens a connection, waiting out a lock for up to the busy timeout: setting the journal mode
     * when the connection opens can answer SQLITE_BUSY at once, without SQLite's busy handler,
     * while another process opens or migrates the same file.
     */
    private Connection open() throws SQLException {
      long deadline = System.nanoTime() + busyTimeout.toNanos();
      while (true) {
        try {
          return target.getConnection();
        } catch (SQLException e) {
          boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
          if (!busy || System.nanoTime() > deadline) {
            throw e;
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = idle.poll();
      if (real == null || real.isClosed()) {
        real = open();
      }
      Connection c = real;
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                  release(c);
                  return null;
                }
                try {
                  return method.invoke(c, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    private void release(Connection c) throws SQLException {
      if (c.isClosed()) {
        return;
      }
      try {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        c.close();
        return;
      }
      if (closed || !idle.offer(c)) {
        c.close();
      }
    }

    /** Closes the idle connections; connections in use are closed when released. */
    @Override
    public void close() {
      closed = true;
      Connection c;
      while ((c = idle.poll()) != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(target)) {
        return iface.cast(target);
      }
      throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(target);
    }
  }

  /**
   * Takes the dispatcher lock beside the database file: one dispatching process per SQLite file.
   * Holding it proves that any execution still marked picked belongs to a process that died, so
   * it can be released at once instead of after the heartbeat timeout. The OS drops the lock when
   * the process dies, even on SIGKILL.
   */
  static DispatchLock lockForDispatch(Path file) {
    Path lockFile = file.resolveSibling(file.getFileName() + ".dispatch-lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new OutboxException(
            "another process is dispatching from " + file + " (lock " + lockFile + " is held);"
                + " use PostgreSQL for several dispatching instances");
      }
      return new DispatchLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new OutboxException(
          "another outbox in this JVM is already dispatching from " + file, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new OutboxException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  record DispatchLock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }
  }
}
