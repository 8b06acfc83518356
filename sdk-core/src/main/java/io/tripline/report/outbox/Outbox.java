package io.tripline.report.outbox;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.SchedulerState;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox for reports: {@link #enqueue} stores an entry before the upload's response
 * goes out; a dispatcher delivers it to a {@link DeliverySink} beside the upload path, retries
 * with backoff, keeps the receipt, and parks what cannot be delivered as a dead letter.
 *
 * <h2>Store</h2>
 * A SQLite file by default ({@link Builder#sqlite(Path)}: WAL, synchronous=FULL, busy timeout), or
 * any PostgreSQL {@link DataSource} when several instances share the work. The schema is created
 * or migrated when the outbox is built (versioned, idempotent, safe when instances start together).
 *
 * <h2>Dispatch design: one db-scheduler one-time task per destination</h2>
 * Each destination (e.g. {@code clearinghouse}, {@code ncmec}) has one db-scheduler execution
 * whose instance id is the destination name. When it runs it delivers that destination's pending
 * entries one at a time, oldest first, until the queue is empty, the head entry is backing off,
 * or a time slice is used up; then it reschedules itself (at the head's retry time, or after the
 * idle poll interval). It is never removed, so an entry enqueued while it runs cannot be
 * stranded. This was chosen over one task per entry, because that cannot keep creation order
 * while entries back off independently, and over one recurring poller, because that runs on one
 * instance only:
 * <ul>
 *   <li>db-scheduler runs an execution on one instance at a time; on PostgreSQL it picks with
 *       {@code pollUsingLockAndFetch} ({@code SELECT ... FOR UPDATE SKIP LOCKED}), so instances
 *       never wait on each other and never both run a destination. Hence at most one attempt per
 *       key is in flight anywhere, and each attempt is claimed in the store (an optimistic update
 *       of the entry's attempt count) and recorded before the sink is called.
 *   <li>Different destinations are delivered in parallel, by any instance.
 * </ul>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Durable: when {@code enqueue} returns, the entry is committed (fsync on SQLite).
 *   <li>Idempotent by key: the same key again stores nothing; the same key with another payload
 *       or destination throws {@link IdempotencyConflictException}, also storing nothing.
 *   <li>At least once: every entry is delivered or becomes a dead letter. A crash between the
 *       receiver's answer and the stored outcome repeats the delivery of that key (the earlier
 *       attempt is recorded as {@link Attempt.Outcome#INTERRUPTED}); the sink passes the key so
 *       the receiver can drop it. No other duplicates: attempts per key are sequential.
 *   <li>Order per destination: entries are attempted in creation order (store sequence); an
 *       entry that backs off holds back the entries behind it (head-of-line), so when a receiver
 *       comes back they arrive in order. If {@code enqueue(a)} returned before
 *       {@code enqueue(b)} began, {@code a} is delivered first. Not ordered: concurrent enqueues,
 *       entries behind a dead letter (they do not wait for it), and a dead letter revived by
 *       {@link #retry}, which is delivered when revived. Across destinations there is no order.
 *   <li>Dead letters after {@code maxAttempts} retryable failures or one permanent failure;
 *       visible through {@link #list}, {@link #counts}, {@link #attempts}; {@link #retry} revives.
 * </ul>
 *
 * <h2>Latency</h2>
 * An entry enqueued on a dispatching instance leaves at once: the enqueue brings its
 * destination's execution forward, retrying a little later while the execution is picked. An entry enqueued elsewhere (an instance that only enqueues, another
 * process on the same store) is picked up within about {@code idlePoll + pollingInterval}
 * (defaults 1 s each).
 *
 * <h2>Multi-step receivers</h2>
 * Each destination has its own sink ({@link Builder#sink(String, DeliverySink)}) or shares the
 * default one. A sink whose receiver takes several calls keeps each step in the entry's
 * {@link DeliveryJournal}, stored beside it, and resumes from it on the next attempt.
 * After a crash, the SQLite dispatcher releases the dead execution at once (it holds a lock
 * file proving that no other dispatcher exists); on PostgreSQL another instance takes over
 * after {@code heartbeat * 4}.
 *
 * <p>Thread-safe. {@link #close()} stops dispatching; entries in flight finish or are retried
 * on the next start.
 */
public final class Outbox implements AutoCloseable {
  static final String DESTINATION_TASK = "tripline-outbox-destination";
  static final String SWEEP_TASK = "tripline-outbox-sweep";
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int MISSED_HEARTBEATS = 4;
  /** Wake-up retries: 5, 10, 20 ... 200 ms apart, for about a minute (longer than a drain's slice). */
  private static final int WAKE_TRIES = 300;
  private static final long WAKE_MAX_DELAY_MS = 200;

  private final OutboxStore store;
  private final Dialect dialect;
  private final Clock clock;
  private final int maxPayloadBytes;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration idlePoll;
  private final Duration slice;
  private final String dispatcherName;
  private final Map<String, DeliverySink> sinks;
  private final @Nullable DeliverySink anySink;
  private final RandomGenerator random;
  private final SchedulerClient client;
  private final @Nullable Scheduler scheduler;
  private final SqliteFile.@Nullable DispatchLock lock;
  private final SqliteFile.@Nullable Pool ownedPool;
  private final Set<String> scheduledDestinations = ConcurrentHashMap.newKeySet();
  private final Set<String> destinationsWithoutSink = ConcurrentHashMap.newKeySet();
  private final Map<String, Wake> wakes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService wakeRetries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tripline-outbox-wake");
    t.setDaemon(true);
    return t;
  });

  /** What this process knows of a destination's drain, so enqueues wake it cheaply. */
  private static final class Wake {
    /** Bumped by every enqueue here: a drain about to go idle checks it. */
    final AtomicLong enqueued = new AtomicLong();
    /** A wake-up is on its way: it covers enqueues made meanwhile. */
    final AtomicBoolean requested = new AtomicBoolean();
  }

  private Wake wakeOf(String destination) {
    return wakes.computeIfAbsent(destination, d -> new Wake());
  }
  private final AtomicBoolean closed = new AtomicBoolean();

  private Outbox(Builder b, DataSource dataSource, SqliteFile.@Nullable DispatchLock lock) {
    this.clock = b.clock;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.idlePoll = b.idlePoll;
    this.slice = b.slice;
    this.sinks = Map.copyOf(b.sinks);
    this.anySink = b.anySink;
    this.random = b.random;
    this.dispatcherName =
        OutboxStore.truncate(b.dispatcherName != null ? b.dispatcherName : defaultName(), 50);
    this.lock = lock;
    this.ownedPool = dataSource instanceof SqliteFile.Pool p && b.dataSource == null ? p : null;
    try (Connection c = dataSource.getConnection()) {
      this.dialect = Dialect.of(c);
    } catch (SQLException e) {
      throw new OutboxException("cannot open the outbox store: " + e.getMessage(), e);
    }
    this.store = new OutboxStore(dataSource, dialect);
    Schema.migrate(dataSource, dialect, clock.instant());

    CustomTask<Void> destinationTask =
        Tasks.custom(DESTINATION_TASK, Void.class)
            .onFailure(
                (complete, ops) -> ops.reschedule(complete, clock.instant().plus(Duration.ofSeconds(5))))
            .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
            .execute(
                (instance, context) -> {
                  Instant next = drain(instance.getId(), context.getSchedulerState(),
                      context.getExecution().version);
                  return (complete, ops) -> ops.reschedule(complete, next);
                });
    RecurringTask<Void> sweepTask =
        Tasks.recurring(SWEEP_TASK, Schedules.fixedDelay(b.sweepInterval))
            .execute((instance, context) -> scheduleDestinations(store.pendingDestinations()));

    if (anySink == null && sinks.isEmpty()) {
      this.scheduler = null;
      this.client =
          SchedulerClient.Builder.create(dataSource, destinationTask)
              .serializer(new JacksonSerializer())
              .tableName(Schema.TASKS_TABLE)
              .build();
      return;
    }
    if (lock != null) {
      releaseExecutionsOfDeadProcess();
    }
    var sb =
        Scheduler.create(dataSource, List.of(destinationTask))
            .startTasks(sweepTask)
            .serializer(new JacksonSerializer())
            .tableName(Schema.TASKS_TABLE)
            .schedulerName(new SchedulerName.Fixed(dispatcherName))
            .threads(b.threads)
            .pollingInterval(b.pollingInterval)
            .heartbeatInterval(b.heartbeat)
            .missedHeartbeatsLimit(MISSED_HEARTBEATS)
            .clock(clock::instant)
            .enableImmediateExecution()
            .shutdownMaxWait(b.shutdownWait);
    if (dialect == Dialect.POSTGRESQL) {
      sb = sb.pollUsingLockAndFetch(0.5, 1.0);
    }
    this.scheduler = sb.build();
    this.client = scheduler;
    scheduleDestinations(store.pendingDestinations());
    scheduler.start();
  }

  /** A new builder with the defaults: 10 attempts, backoff 1 s to 5 min, 4 threads. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Stores {@code entry} durably, or confirms it was stored before. Returns after the commit.
   *
   * @throws NullPointerException if entry is null
   * @throws IllegalArgumentException if the payload is larger than the configured maximum
   * @throws IdempotencyConflictException if the key is stored with another payload or destination
   * @throws OutboxException if the store failed; nothing was stored then
   * @throws IllegalStateException if the outbox is closed
   */
  public EnqueueResult enqueue(OutboxEntry entry) {
    Objects.requireNonNull(entry, "entry");
    checkSize(entry);
    checkOpen();
    EnqueueResult result = store.enqueue(entry, clock.instant());
    scheduleDestinations(List.of(entry.destination()));
    if (result == EnqueueResult.CREATED) {
      wake(entry.destination());
    }
    return result;
  }

  /**
   * Stores all {@code entries} in one transaction, or none of them: the entries of one report
   * to several destinations. Each is idempotent by key as in {@link #enqueue}.
   *
   * @return each entry's result, in order
   * @throws IllegalArgumentException if a payload is larger than the configured maximum, or two
   *     entries share a key
   * @throws IdempotencyConflictException if a key is stored with another payload or destination;
   *     none of the entries is stored then
   * @throws OutboxException if the store failed; nothing was stored then
   * @throws IllegalStateException if the outbox is closed
   */
  public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries) {
    List<OutboxEntry> copy = List.copyOf(entries);
    Set<String> keys = new java.util.HashSet<>();
    for (OutboxEntry entry : copy) {
      checkSize(entry);
      if (!keys.add(entry.key())) {
        throw new IllegalArgumentException("two entries share the key " + entry.key());
      }
    }
    checkOpen();
    List<EnqueueResult> results = store.enqueueAll(copy, clock.instant());
    scheduleDestinations(copy.stream().map(OutboxEntry::destination).distinct().toList());
    for (int i = 0; i < copy.size(); i++) {
      if (results.get(i) == EnqueueResult.CREATED) {
        wake(copy.get(i).destination());
      }
    }
    return results;
  }

  private void checkSize(OutboxEntry entry) {
    if (entry.payloadLength() > maxPayloadBytes) {
      throw new IllegalArgumentException(
          "payload of " + entry.key() + " is " + entry.payloadLength()
              + " bytes, more than the outbox's limit of " + maxPayloadBytes);
    }
  }

  /**
   * Revives a dead letter: pending again, due now, with a fresh attempt budget. Returns false if
   * there is no dead letter with this key.
   *
   * @throws NullPointerException if key is null
   */
  public boolean retry(String key) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    boolean revived = store.revive(key, clock.instant());
    if (revived) {
      store.find(key).ifPresent(r -> {
        scheduleDestinations(List.of(r.entry().destination()));
        wake(r.entry().destination());
      });
    }
    return revived;
  }

  /** The stored entry with this key, with its state and receipt. */
  public Optional<OutboxRecord> find(String key) {
    Objects.requireNonNull(key, "key");
    return store.find(key);
  }

  /**
   * Entries in {@code state}, oldest first, after {@code afterSequence} (0 for the start; pass the
   * last {@link OutboxRecord#sequence()} to page on).
   *
   * @throws IllegalArgumentException if limit is not in 1..10000
   */
  public List<OutboxRecord> list(OutboxState state, long afterSequence, int limit) {
    Objects.requireNonNull(state, "state");
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
    }
    return store.list(state, afterSequence, limit);
  }

  /** Number of entries in each state (every state present), for health checks and metrics. */
  public Map<OutboxState, Long> counts() {
    return store.counts();
  }

  /** The records a multi-step sink kept while delivering {@code key} (see {@link DeliveryJournal}). */
  public List<JournalRecord> journal(String key) {
    Objects.requireNonNull(key, "key");
    return store.journal(key);
  }

  /**
   * Destinations with pending entries or dead letters, by name, with the creation time of each
   * one's oldest pending entry: for health checks and metrics.
   */
  public List<Backlog> backlog() {
    return store.backlog();
  }

  /** Attempts recorded so far, by outcome (every outcome present), for metrics. */
  public Map<Attempt.Outcome, Long> attemptCounts() {
    return store.attemptCounts();
  }

  /** Every attempt made for {@code key}, first first. */
  public List<Attempt> attempts(String key) {
    Objects.requireNonNull(key, "key");
    return store.attempts(key);
  }

  /** The name this instance records in attempts and db-scheduler's picked_by. */
  public String dispatcherName() {
    return dispatcherName;
  }

  /** True if this instance delivers (a sink was set), false if it only enqueues. */
  public boolean isDispatching() {
    return scheduler != null;
  }

  /** Stops dispatching (waits briefly for attempts in flight) and releases the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      wakeRetries.shutdownNow();
      if (scheduler != null) {
        scheduler.stop();
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
      if (ownedPool != null) {
        ownedPool.close();
      }
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the outbox is closed");
    }
  }

  /** Makes sure each destination has its execution; cheap after the first time per process. */
  private void scheduleDestinations(List<String> destinations) {
    for (String destination : destinations) {
      if (scheduledDestinations.contains(destination)) {
        continue;
      }
      TaskInstance<Void> instance = new TaskInstance<>(DESTINATION_TASK, destination);
      try {
        client.scheduleIfNotExists(instance, clock.instant());
        scheduledDestinations.add(destination);
      } catch (RuntimeException e) {
        // Another instance created it at the same moment, or the store hiccupped: the entry is
        // committed either way, and the sweep or the next start schedules the destination.
        if (client.getScheduledExecution(instance).isPresent()) {
          scheduledDestinations.add(destination);
        } else {
          log.warn("could not schedule delivery to {}; the sweep will retry", destination, e);
        }
      }
    }
  }

  /**
   * Brings a destination's next drain forward to now, so a new entry leaves at once rather than
   * after the idle poll. If the destination is being drained right now (the execution is picked),
   * rescheduling is refused; the drain sees the bumped counter before it goes idle. On a shared
   * store, another instance picks the execution up at its next poll.
   */
  private void wake(String destination) {
    Wake wake = wakeOf(destination);
    wake.enqueued.incrementAndGet();
    // One wake-up on its way per destination at a time; it covers every enqueue made meanwhile.
    if (scheduler == null || !wake.requested.compareAndSet(false, true)) {
      return;
    }
    tryWake(destination, wake, 0);
  }

  /**
   * Reschedules the destination's execution to now. While it is picked (a drain runs, here or on
   * another instance, or is finishing) that is refused; then again a little later, until the
   * execution is free: a drain that started after the enqueue sees the entry, and one that ran
   * across it ends before the reschedule can succeed.
   */
  private void tryWake(String destination, Wake wake, int tries) {
    long seen = wake.enqueued.get();
    boolean done;
    try {
      done = closed.get() || client.reschedule(TaskInstanceId.of(DESTINATION_TASK, destination), clock.instant());
    } catch (RuntimeException e) {
      done = false;
    }
    if (!done && tries < WAKE_TRIES) {
      long delayMs = Math.min(WAKE_MAX_DELAY_MS, 5L << Math.min(tries, 6));
      try {
        wakeRetries.schedule(() -> tryWake(destination, wake, tries + 1), delayMs, TimeUnit.MILLISECONDS);
        return;
      } catch (RuntimeException rejected) {
        // Closing: the next start delivers what is pending.
      }
    }
    wake.requested.set(false);
    if (done && !closed.get() && wake.enqueued.get() != seen && wake.requested.compareAndSet(false, true)) {
      tryWake(destination, wake, 0); // an enqueue came in while this one was settled
    }
  }

  /** Under the SQLite dispatch lock: whatever is still picked was picked by a dead process. */
  private void releaseExecutionsOfDeadProcess() {
    int released =
        store.update(
            "update " + Schema.TASKS_TABLE + " set picked = ?, picked_by = null, last_heartbeat = null,"
                + " version = version + 1 where picked = ?",
            p -> {
              p.setBoolean(1, false);
              p.setBoolean(2, true);
            });
    int interrupted =
        store.update(
            "update tripline_outbox_attempt set outcome = 'INTERRUPTED' where outcome = 'IN_FLIGHT'",
            p -> {});
    if (released + interrupted > 0) {
      log.info(
          "outbox start: released {} execution(s) and {} attempt(s) left by a stopped dispatcher",
          released,
          interrupted);
    }
  }

  /**
   * Delivers {@code destination}'s due entries in order; returns when to run next. Runs inside
   * the destination's db-scheduler execution, so never concurrently for one destination.
   */
  Instant drain(String destination, SchedulerState state, long turn) {
    DeliverySink sink = sinks.getOrDefault(destination, anySink);
    if (sink == null) {
      // Another instance sharing the store delivers there; this one only looks again later.
      if (destinationsWithoutSink.add(destination)) {
        log.warn("outbox: entries for destination {} wait: this dispatcher has no sink for it", destination);
      }
      return clock.instant().plus(idlePoll);
    }
    return drain(destination, state, turn, sink, wakeOf(destination));
  }

  private Instant drain(String destination, SchedulerState state, long turn, DeliverySink sink, Wake wake) {
    Instant sliceEnd = clock.instant().plus(slice);
    while (true) {
      Instant now = clock.instant();
      if (state.isShuttingDown() || now.isAfter(sliceEnd)) {
        return now;
      }
      long enqueuedBefore = wake.enqueued.get();
      Optional<OutboxStore.Head> found = store.head(destination);
      if (found.isEmpty()) {
        if (wake.enqueued.get() != enqueuedBefore) {
          continue;
        }
        return now.plus(idlePoll);
      }
      OutboxStore.Head head = found.get();
      Instant due = Instant.ofEpochMilli(head.nextAttemptAt());
      if (due.isAfter(now)) {
        // Head-of-line: later entries wait for it. Re-read after idlePoll at the latest, so a
        // revived dead letter or a changed entry is noticed.
        Instant idle = now.plus(idlePoll);
        return due.isBefore(idle) ? due : idle;
      }
      OutboxEntry entry = head.entry();
      int number = head.attempts() + 1;
      OutboxStore.Start start = store.startAttempt(entry.key(), number, dispatcherName, now,
          new OutboxStore.Turn(DESTINATION_TASK, destination, turn));
      if (start == OutboxStore.Start.TURN_LOST) {
        // Paused past the heartbeat limit: another instance holds the destination now.
        log.warn("outbox: this dispatcher lost its turn at {}; the instance that took over delivers", destination);
        return clock.instant().plus(idlePoll);
      }
      if (start == OutboxStore.Start.ENTRY_CHANGED) {
        continue;
      }
      DeliveryResult result;
      try {
        result = Objects.requireNonNull(sink.deliver(entry, new StoreJournal(entry.key(), number)),
            "sink returned null");
      } catch (JournalFencedException e) {
        log.warn("outbox: attempt {} of {} to {} lost its turn; the current attempt settles it", number,
            entry.key(), destination);
        return clock.instant().plus(idlePoll);
      } catch (RuntimeException e) {
        result = new DeliveryResult.RetryableFailure("sink threw " + e, null);
      }
      Instant done = clock.instant();
      boolean kept = true;
      if (result instanceof DeliveryResult.Delivered d) {
        kept = store.finishDelivered(entry.key(), number, d.receipt(), d.externalId(), done);
      } else if (result instanceof DeliveryResult.PermanentFailure p) {
        kept = store.finishFailed(entry.key(), number, Attempt.Outcome.PERMANENT_FAILURE, p.reason(), null, done);
        if (kept) {
          log.warn("outbox: {} to {} is a dead letter: {}", entry.key(), destination, p.reason());
        }
      } else if (result instanceof DeliveryResult.RetryableFailure r) {
        int failedSinceRevival = number - head.attemptsAtRevival();
        if (failedSinceRevival >= maxAttempts) {
          String reason = r.reason() + " (gave up after " + failedSinceRevival + " attempts)";
          kept = store.finishFailed(entry.key(), number, Attempt.Outcome.RETRYABLE_FAILURE, reason, null, done);
          if (kept) {
            log.warn("outbox: {} to {} is a dead letter: {}", entry.key(), destination, reason);
          }
        } else {
          Instant retryAt = done.plus(backoff.delay(failedSinceRevival, r.retryAfter(), random));
          kept = store.finishFailed(
              entry.key(), number, Attempt.Outcome.RETRYABLE_FAILURE, r.reason(), retryAt, done);
        }
      }
      if (!kept) {
        // Another dispatcher took the entry (and this destination) over while the sink ran:
        // its outcome stands, and this drain no longer holds the destination's turn.
        log.warn("outbox: attempt {} of {} to {} lost its turn; its outcome was not kept", number,
            entry.key(), destination);
        return clock.instant().plus(idlePoll);
      }
    }
  }

  /** The journal of one attempt, in the outbox store. */
  private final class StoreJournal implements DeliveryJournal {
    private final String key;
    private final int attempt;

    StoreJournal(String key, int attempt) {
      this.key = key;
      this.attempt = attempt;
    }

    @Override
    public List<JournalRecord> records() {
      return store.journal(key);
    }

    @Override
    public void append(String record) {
      Objects.requireNonNull(record, "record");
      if (record.length() > MAX_RECORD_CHARS) {
        throw new IllegalArgumentException("journal record of " + record.length() + " chars, more than "
            + MAX_RECORD_CHARS);
      }
      if (!store.appendJournal(key, attempt, record, clock.instant())) {
        throw new JournalFencedException("attempt " + attempt + " of " + key
            + " is no longer current; the record was not kept");
      }
    }
  }

  private static String defaultName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  /**
   * Configures an {@link Outbox}. Set exactly one store ({@link #sqlite} or {@link #dataSource});
   * set a {@link #sink} to dispatch from this instance, or leave it unset to only enqueue.
   * Not thread-safe; {@link #build()} copies the configuration.
   */
  public static final class Builder {
    private @Nullable Path sqliteFile;
    private @Nullable DataSource dataSource;
    private final Map<String, DeliverySink> sinks = new java.util.LinkedHashMap<>();
    private @Nullable DeliverySink anySink;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom();
    private int maxPayloadBytes = 8 * 1024 * 1024;
    private int maxAttempts = 10;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private Duration idlePoll = Duration.ofSeconds(1);
    private Duration pollingInterval = Duration.ofSeconds(1);
    private Duration heartbeat = Duration.ofSeconds(10);
    private Duration slice = Duration.ofSeconds(10);
    private Duration sweepInterval = Duration.ofMinutes(1);
    private Duration busyTimeout = Duration.ofSeconds(30);
    private Duration shutdownWait = Duration.ofSeconds(10);
    private int threads = 4;
    private @Nullable String dispatcherName;

    Builder() {}

    /** Use (and create if needed) the SQLite database file at {@code file}. */
    public Builder sqlite(Path file) {
      Objects.requireNonNull(file, "file");
      checkNoStore();
      this.sqliteFile = file;
      return this;
    }

    /** Use this data source (PostgreSQL for several instances; SQLite works too). */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      checkNoStore();
      this.dataSource = dataSource;
      return this;
    }

    /** Deliver from this instance to {@code sink}, for every destination without a sink of its own. */
    public Builder sink(DeliverySink sink) {
      this.anySink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Deliver entries for {@code destination} from this instance to {@code sink}. Every instance
     * that dispatches from a shared store should have the same sinks: an instance without one for a
     * destination leaves its entries waiting whenever it holds that destination's turn.
     */
    public Builder sink(String destination, DeliverySink sink) {
      Objects.requireNonNull(destination, "destination");
      this.sinks.put(destination, Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** Retryable failures before an entry becomes a dead letter (default 10). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Backoff after the first failure and its cap (defaults 1 s and 5 min). */
    public Builder backoff(Duration initial, Duration max) {
      requirePositive(initial, "initial backoff");
      requirePositive(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " is less than initial " + initial);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** How often an idle destination looks for new entries (default 1 s). */
    public Builder idlePoll(Duration idlePoll) {
      this.idlePoll = requirePositive(idlePoll, "idlePoll");
      return this;
    }

    /** How often db-scheduler looks for due executions (default 1 s). */
    public Builder pollingInterval(Duration pollingInterval) {
      this.pollingInterval = requirePositive(pollingInterval, "pollingInterval");
      return this;
    }

    /** db-scheduler heartbeat; an instance silent for 4 of them is presumed dead (default 10 s). */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = requirePositive(heartbeat, "heartbeat");
      return this;
    }

    /** How often pending destinations are checked for a missing execution (default 1 min). */
    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = requirePositive(sweepInterval, "sweepInterval");
      return this;
    }

    /** SQLite: how long a writer waits for the lock (default 30 s). */
    public Builder busyTimeout(Duration busyTimeout) {
      this.busyTimeout = requirePositive(busyTimeout, "busyTimeout");
      return this;
    }

    /** Dispatcher threads, i.e. destinations delivered in parallel by this instance (default 4). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Largest payload accepted by {@link Outbox#enqueue} (default 8 MiB). */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      if (maxPayloadBytes < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be positive, was " + maxPayloadBytes);
      }
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /** Name recorded in attempts (default host-pid); at most 50 characters are kept. */
    public Builder dispatcherName(String name) {
      this.dispatcherName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Time source (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Jitter source. */
    Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** How long one execution may deliver before yielding its thread (default 10 s). */
    Builder slice(Duration slice) {
      this.slice = requirePositive(slice, "slice");
      return this;
    }

    /** How long {@link Outbox#close()} waits for attempts in flight (default 10 s). */
    public Builder shutdownWait(Duration shutdownWait) {
      this.shutdownWait = requirePositive(shutdownWait, "shutdownWait");
      return this;
    }

    /**
     * Opens the store, creates or migrates the schema, and (with a sink) starts dispatching.
     *
     * @throws IllegalStateException if no store was set
     * @throws OutboxException if the store cannot be opened or migrated, or another process
     *     already dispatches from the same SQLite file
     */
    public Outbox build() {
      if (sqliteFile == null && dataSource == null) {
        throw new IllegalStateException("no store set: call sqlite(path) or dataSource(ds)");
      }
      DataSource ds = dataSource != null ? dataSource : SqliteFile.dataSource(sqliteFile, busyTimeout);
      SqliteFile.DispatchLock lock =
          sqliteFile != null && (anySink != null || !sinks.isEmpty()) ? SqliteFile.lockForDispatch(sqliteFile) : null;
      try {
        return new Outbox(this, ds, lock);
      } catch (RuntimeException e) {
        if (lock != null) {
          lock.close();
        }
        throw e;
      }
    }

    private void checkNoStore() {
      if (sqliteFile != null || dataSource != null) {
        throw new IllegalStateException(
            "store was already set to " + (sqliteFile != null ? sqliteFile : dataSource));
      }
    }

    private static Duration requirePositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
