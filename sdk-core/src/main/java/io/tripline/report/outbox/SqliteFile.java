package io.tripline.report.outbox;

import java.io.IOException;
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

  static DataSource dataSource(Path file, Duration busyTimeout) {
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
    return ds;
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
