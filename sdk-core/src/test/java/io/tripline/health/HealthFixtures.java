package io.tripline.health;

import io.tripline.feed.Feed;
import io.tripline.feed.FeedException;
import io.tripline.feed.FeedPage;
import io.tripline.index.IndicatorChanges;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/** What the health and metrics tests share: a clock moved by hand, feeds, a store that fails. */
public final class HealthFixtures {
  private HealthFixtures() {}


  /**
   * A scheduler whose periodic tasks never run: a feed sync built on it is pulled only by
   * {@code syncNow()}, on the test's thread.
   */
  public static ScheduledExecutorService parkedScheduler() {
    return new ScheduledThreadPoolExecutor(1) {
      @Override
      public ScheduledFuture<?> scheduleWithFixedDelay(
          Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return schedule(() -> {}, 365, TimeUnit.DAYS);
      }
    };
  }

  /** A feed that answers every pull with nothing new, reporting {@code skipped} bad entries. */
  public static Feed quietFeed(String id, int skipped) {
    return new Feed() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public FeedPage pull(String cursor) {
        return new FeedPage(id, IndicatorChanges.builder().build(), "c", false, false, skipped);
      }
    };
  }

  /** A feed whose every pull fails with {@code message}. */
  public static Feed failingFeed(String id, String message) {
    return new Feed() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public FeedPage pull(String cursor) {
        throw new FeedException(message, true, null);
      }
    };
  }

  /** A SQLite data source on {@code file} that refuses connections while {@code down} is set. */
  public static DataSource switchableStore(Path file, AtomicBoolean down) {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + file);
    return (DataSource)
        Proxy.newProxyInstance(
            HealthFixtures.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection") && down.get()) {
                throw new SQLException("store unreachable: secret-host.internal");
              }
              try {
                return method.invoke(sqlite, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Waits for {@code condition}, polling. */
  public static void await(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
