package io.tripline.clearinghouse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the reports that intake accepts, and returns only once a report is durable.
 *
 * <p>Grouped (the default): request threads hand their report to one writer thread and wait; the
 * writer takes every report waiting (up to {@code maxBatch} reports or {@code maxBatchBytes} of
 * bodies) and stores them in one transaction, so one commit, and on SQLite one sync of the file,
 * serves them all. While it commits, the next reports queue up, so the batch grows with the load
 * and a lone report is not delayed at all: there is no timer. Each request is answered after the
 * commit of its batch, never before. Twins in one batch (the same key twice) are stored once: the
 * later one finds the earlier in the same transaction and answers its receipt.
 *
 * <p>A batch that fails is tried again one report per transaction, so one report that cannot be
 * stored does not fail the reports that can; what still fails is answered with the failure, and
 * nothing of it is stored (each transaction is all or nothing). On PostgreSQL the single-report
 * path also resolves a twin that another instance committed first.
 *
 * <p>Direct: each request commits its own report in its own transaction (the behaviour without
 * group commit, kept for comparison and for stores where it serves better).
 *
 * <p>Thread-safe.
 */
final class IntakeCommits implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeCommits.class);

  static final int DEFAULT_MAX_BATCH = 256;
  static final long DEFAULT_MAX_BATCH_BYTES = 16L * 1024 * 1024;
  /** How long a request waits for its batch before it is answered with an error. */
  private static final long ANSWER_TIMEOUT_SECONDS = 60;

  private record Pending(Store.NewReport report, CompletableFuture<Store.Insert> answer) {}

  private final Store store;
  private final JoinableDataSource joinable;
  private final boolean grouped;
  private final int maxBatch;
  private final long maxBatchBytes;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private volatile boolean closed;

  private IntakeCommits(Store store, JoinableDataSource joinable, boolean grouped, int maxBatch, long maxBatchBytes) {
    this.store = store;
    this.joinable = joinable;
    this.grouped = grouped;
    this.maxBatch = maxBatch;
    this.maxBatchBytes = maxBatchBytes;
    // Bounded by the server's request threads in practice; the bound keeps memory bounded anyway.
    this.queue = new LinkedBlockingQueue<>(4 * maxBatch);
    if (grouped) {
      writer = new Thread(this::write, "clearinghouse-intake-writer");
      writer.setDaemon(true);
      writer.start();
    } else {
      writer = null;
    }
  }

  /**
   * Group commit with the default batch bounds.
   *
   * @param joinable the data source of the stores that {@link #commit}'s {@code alsoInTransaction}
   *     work writes to (the feed store), over the same database as {@code store}
   */
  static IntakeCommits grouped(Store store, JoinableDataSource joinable) {
    return grouped(store, joinable, DEFAULT_MAX_BATCH, DEFAULT_MAX_BATCH_BYTES);
  }

  static IntakeCommits grouped(Store store, JoinableDataSource joinable, int maxBatch, long maxBatchBytes) {
    if (maxBatch < 1 || maxBatchBytes < 1) {
      throw new IllegalArgumentException("maxBatch and maxBatchBytes must be positive");
    }
    return new IntakeCommits(store, joinable, true, maxBatch, maxBatchBytes);
  }

  /** One transaction per report. */
  static IntakeCommits direct(Store store, JoinableDataSource joinable) {
    return new IntakeCommits(store, joinable, false, 1, Long.MAX_VALUE);
  }

  /**
   * Stores {@code report} (see {@link Store#insertReport}) and returns once it is committed. If it
   * is new, {@code alsoInTransaction} runs on the writing thread inside the same transaction, with
   * every caller of the {@link JoinableDataSource} joining it; it is run again if its batch fails
   * and the report is retried alone.
   *
   * @throws ClearinghouseException if it could not be stored, the wait was interrupted or timed
   *     out, or intake is closed
   */
  Store.Insert commit(Store.StoredReport stored, byte[] body, String credentialId, @Nullable Runnable alsoInTransaction) {
    Store.NewReport report = new Store.NewReport(stored, body, credentialId,
        alsoInTransaction == null ? null : c -> joinable.join(c, alsoInTransaction));
    if (!grouped) {
      return store.insertReport(report);
    }
    if (closed) {
      throw new ClearinghouseException("the clearinghouse is stopping", null);
    }
    Pending p = new Pending(report, new CompletableFuture<>());
    try {
      if (!queue.offer(p, ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new ClearinghouseException("intake is overloaded: no room to queue the report", null);
      }
      return p.answer().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClearinghouseException("interrupted while the report was being stored", e);
    } catch (TimeoutException e) {
      throw new ClearinghouseException("the report was not stored within " + ANSWER_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ClearinghouseException("the report could not be stored", e.getCause());
    }
  }

  private void write() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (true) {
      Pending first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (first == null) {
        if (closed) {
          break;
        }
        continue;
      }
      batch.add(first);
      long bytes = first.report().body().length;
      Pending next;
      while (batch.size() < maxBatch && bytes < maxBatchBytes && (next = queue.poll()) != null) {
        batch.add(next);
        bytes += next.report().body().length;
      }
      commitBatch(batch);
      batch.clear();
    }
    // Closed (or interrupted): whatever is still queued is answered, not left waiting.
    Pending left;
    while ((left = queue.poll()) != null) {
      left.answer().completeExceptionally(new ClearinghouseException("the clearinghouse is stopping", null));
    }
  }

  private void commitBatch(List<Pending> batch) {
    List<Store.NewReport> reports = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      reports.add(p.report());
    }
    List<Store.Insert> results;
    try {
      results = store.insertReports(reports);
    } catch (RuntimeException | Error e) {
      if (batch.size() == 1) {
        batch.get(0).answer().completeExceptionally(e);
        return;
      }
      LOG.warn("a batch of {} reports could not be committed ({}); committing them one by one", batch.size(),
          e.getClass().getName());
      for (Pending p : batch) {
        try {
          p.answer().complete(store.insertReport(p.report()));
        } catch (RuntimeException | Error single) {
          p.answer().completeExceptionally(single);
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).answer().complete(results.get(i));
    }
  }

  /** How many reports wait for the writer now. */
  int queued() {
    return queue.size();
  }

  /** Stops taking reports; those queued are committed first. Waits for the writer up to 30 s. */
  @Override
  public void close() {
    closed = true;
    if (writer != null) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
