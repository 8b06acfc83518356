package io.tripline.clearinghouse.routing;

import io.tripline.report.InvalidReportException;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.ncmec.NcmecClient;
import io.tripline.report.ncmec.NcmecReporter;
import io.tripline.report.ncmec.NcmecSink;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.IdempotencyConflictException;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxRecord;
import io.tripline.report.outbox.OutboxState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the clearinghouse's routes through adapters, beside intake. A {@code PENDING} route
 * to a destination with an adapter (today the NCMEC CyberTipline, when NCMEC credentials are
 * configured) is handed to a durable {@link Outbox} owned by the clearinghouse, under the key
 * {@code <platform>:<reportId>:<adapter>}, so handing the same route over twice stores one entry;
 * the hand-over is then recorded in the {@link RouteLedger}. A sweep hands over every route not
 * yet handed over at start, after each stored report ({@link #wake()}) and every
 * {@code sweepInterval}, so a report stored just before a crash is handed over after the
 * restart. The adapter reports each outcome to the ledger: {@code DELIVERED} with the
 * destination's id, {@code FAILED_RETRYABLE} while retried, {@code FAILED_PERMANENT} when it
 * gives up (the sweep also turns an outbox dead letter whose retries ran out into
 * {@code FAILED_PERMANENT}). Routes to destinations without an adapter stay {@code PENDING} for an
 * operator.
 *
 * <p>Thread-safe; {@link #start()} once, {@link #close()} stops the sweeps and the outbox.
 */
public final class RouteDelivery implements AutoCloseable {

  /** The rule packs' destination name of the NCMEC CyberTipline. */
  public static final String NCMEC_DESTINATION = "NCMEC_CYBERTIPLINE";

  private static final Logger LOG = LoggerFactory.getLogger(RouteDelivery.class);
  /** Outbox destination per route destination, for every adapter this code has. */
  private static final Map<String, String> ADAPTERS = Map.of(NCMEC_DESTINATION, NcmecSink.DESTINATION);
  private static final int BATCH = 200;
  private static final int RECONCILE_LIMIT = 1000;

  private final RouteLedger ledger;
  private final Clock clock;
  private final Duration sweepInterval;
  private final @Nullable Path sqliteFile;
  private final @Nullable DataSource dataSource;
  private final @Nullable NcmecSink ncmecSink;
  private final @Nullable NcmecClient ncmecClient;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration poll;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Outbox outbox;
  private volatile @Nullable ScheduledExecutorService scheduler;
  private boolean started;

  private RouteDelivery(Builder b) {
    this.ledger = b.ledger;
    this.clock = b.clock;
    this.sweepInterval = b.sweepInterval;
    this.sqliteFile = b.sqliteFile;
    this.dataSource = b.dataSource;
    this.ncmecClient = b.ncmecClient;
    this.ncmecSink = b.ncmecClient == null ? null
        : NcmecSink.builder().client(b.ncmecClient).reporter(Objects.requireNonNull(b.ncmecReporter))
            .clock(b.clock).build(); // no evidence store: the clearinghouse holds digests only
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.poll = b.poll;
  }

  /**
   * A builder over {@code ledger}.
   *
   * @throws NullPointerException if {@code ledger} is null
   */
  public static Builder builder(RouteLedger ledger) {
    return new Builder(Objects.requireNonNull(ledger, "ledger"));
  }

  /** The route destinations this instance delivers (those with an adapter configured). */
  public Set<String> destinations() {
    return ncmecSink != null ? Set.of(NCMEC_DESTINATION) : Set.of();
  }

  /**
   * Opens the outbox (migrating its schema), starts delivering and sweeping. Without an adapter
   * it only logs that routes wait for an operator.
   *
   * @throws io.tripline.report.outbox.OutboxException if the outbox cannot be opened
   * @throws IllegalStateException if started before
   */
  public synchronized RouteDelivery start() {
    if (started || closed.get()) {
      throw new IllegalStateException("route delivery was already started");
    }
    if (ncmecSink == null) {
      LOG.warn("no NCMEC credentials configured: routes to {} wait for an operator (routes list, routes"
          + " mark-delivered)", NCMEC_DESTINATION);
      started = true;
      return this;
    }
    Outbox.Builder ob = Outbox.builder();
    if (dataSource != null) {
      ob.dataSource(dataSource);
    } else {
      ob.sqlite(Objects.requireNonNull(sqliteFile));
    }
    DeliverySink sink = new NcmecRouteSink(ncmecSink, Objects.requireNonNull(ncmecClient), ledger, clock);
    outbox = ob.sink(NcmecSink.DESTINATION, sink).clock(clock).maxAttempts(maxAttempts)
        .backoff(initialBackoff, maxBackoff).idlePoll(poll).pollingInterval(poll).threads(1)
        .shutdownWait(Duration.ofSeconds(5)).build();
    LOG.info("routes to {} are filed with the NCMEC CyberTipline ({}); routes to other destinations wait for an"
        + " operator", NCMEC_DESTINATION, ncmecClient);
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(daemon());
    scheduler = s;
    started = true;
    s.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "route-delivery");
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Asks for a hand-over sweep soon (a report was stored); returns at once. Requests made while
   * one is queued are covered by it.
   */
  public void wake() {
    ScheduledExecutorService s = scheduler;
    if (s == null || outbox == null || closed.get() || !wakeQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      s.execute(() -> {
        wakeQueued.set(false);
        try {
          handOverAll();
        } catch (RuntimeException e) {
          LOG.error("route hand-over failed ({}); the next sweep tries again", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      wakeQueued.set(false); // closing
    }
  }

  /**
   * Hands over every waiting route now and settles routes whose outbox entry is delivered or dead.
   *
   * @return how many routes were handed over
   */
  public int sweep() {
    int handed = handOverAll();
    reconcile();
    return handed;
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // The store or the outbox is unavailable; the next sweep tries again.
      LOG.error("route delivery sweep failed ({}); retrying in {}", e.toString(), sweepInterval);
    }
  }

  private synchronized int handOverAll() {
    Outbox o = outbox;
    if (o == null) {
      return 0;
    }
    int handed = 0;
    while (!closed.get()) {
      List<PendingRoute> batch = ledger.awaitingHandOver(destinations(), BATCH);
      for (PendingRoute route : batch) {
        handOver(o, route);
        handed++;
      }
      if (batch.size() < BATCH) {
        break;
      }
    }
    if (handed > 0) {
      LOG.info("{} route(s) handed to their adapters", handed);
    }
    return handed;
  }

  private void handOver(Outbox o, PendingRoute route) {
    RouteKey key = route.key();
    String destination = ADAPTERS.get(key.destination());
    Report report;
    try {
      report = ReportJson.read(route.body());
    } catch (InvalidReportException e) {
      // The field path only: the reason may quote the report.
      ledger.failed(key, "the stored report cannot be read (invalid '" + e.field() + "')", "clearinghouse", false,
          clock.instant());
      return;
    }
    OutboxEntry entry = new OutboxEntry(outboxKey(key.platform(), key.reportId(), destination), destination,
        ReportJson.writeStored(report), route.receivedAt());
    try {
      o.enqueue(entry);
    } catch (IdempotencyConflictException e) {
      ledger.failed(key, "the outbox holds another payload under " + entry.key(), "clearinghouse", false,
          clock.instant());
      LOG.error("route {}: the outbox holds another payload under {}; left for an operator", key, entry.key());
      return;
    }
    ledger.handedOver(key, entry.key(), clock.instant());
  }

  /** Routes still waiting while their outbox entry is settled: a dead letter whose retries ran out. */
  private void reconcile() {
    Outbox o = outbox;
    if (o == null) {
      return;
    }
    for (RouteLedger.HandedOver h : ledger.inDelivery(destinations(), RECONCILE_LIMIT)) {
      Optional<OutboxRecord> found = o.find(h.outboxKey());
      if (found.isEmpty()) {
        LOG.warn("route {} was handed over as {} but its outbox has no such entry", h.route(), h.outboxKey());
        continue;
      }
      OutboxRecord r = found.get();
      if (r.state() == OutboxState.DEAD) {
        String reason = Objects.requireNonNullElse(r.lastError(), "the adapter gave up");
        if (ledger.failed(h.route(), reason, "adapter:" + r.entry().destination(), false, clock.instant()).changed()) {
          LOG.warn("route {} could not be filed and waits for an operator: {}", h.route(), reason);
        }
      } else if (r.state() == OutboxState.DELIVERED && r.externalId() != null) {
        ledger.delivered(h.route(), r.externalId(), "adapter:" + r.entry().destination(), null, false,
            clock.instant());
      }
    }
  }

  /**
   * The adapter's outbox record of a route, if it was handed over.
   *
   * @throws NullPointerException if {@code route} is null
   */
  public Optional<OutboxRecord> outboxRecord(RouteKey route) {
    Outbox o = outbox;
    String destination = ADAPTERS.get(route.destination());
    if (o == null || destination == null) {
      return Optional.empty();
    }
    return o.find(outboxKey(route.platform(), route.reportId(), destination));
  }

  /**
   * The key under which a route is (or would be) in its adapter's outbox, or empty if its
   * destination has no adapter in this code.
   *
   * @throws NullPointerException if {@code route} is null
   */
  public static Optional<String> outboxKey(RouteKey route) {
    String destination = ADAPTERS.get(route.destination());
    return destination == null ? Optional.empty()
        : Optional.of(outboxKey(route.platform(), route.reportId(), destination));
  }

  static String outboxKey(String platform, String reportId, String outboxDestination) {
    return platform + ":" + reportId + ":" + outboxDestination;
  }

  /** The route an outbox key names, or empty if it is not one of ours. */
  static Optional<RouteKey> routeOf(String outboxKey) {
    String[] parts = outboxKey.split(":", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> a : ADAPTERS.entrySet()) {
      if (a.getValue().equals(parts[2])) {
        try {
          return Optional.of(new RouteKey(parts[0], parts[1], a.getKey()));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Stops sweeping, then delivering (attempts in flight get a few seconds to finish). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Outbox o = outbox;
    if (o != null) {
      o.close();
    }
  }

  /** Configures a {@link RouteDelivery}; not thread-safe. Set exactly one outbox store. */
  public static final class Builder {
    private final RouteLedger ledger;
    private Clock clock = Clock.systemUTC();
    private Duration sweepInterval = Duration.ofMinutes(1);
    private @Nullable Path sqliteFile;
    private @Nullable DataSource dataSource;
    private @Nullable NcmecClient ncmecClient;
    private @Nullable NcmecReporter ncmecReporter;
    private int maxAttempts = 100;
    private Duration initialBackoff = Duration.ofSeconds(10);
    private Duration maxBackoff = Duration.ofMinutes(15);
    private Duration poll = Duration.ofSeconds(1);

    Builder(RouteLedger ledger) {
      this.ledger = ledger;
    }

    /** The adapters' outbox in this SQLite file (its own file, beside the clearinghouse's). */
    public Builder sqlite(Path file) {
      checkNoStore();
      this.sqliteFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The adapters' outbox in this database (e.g. the clearinghouse's PostgreSQL). */
    public Builder dataSource(DataSource dataSource) {
      checkNoStore();
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Files {@code NCMEC_CYBERTIPLINE} routes with {@code client} (credentials and environment)
     * as {@code reporter} (the clearinghouse operator's ESP account).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder ncmec(NcmecClient client, NcmecReporter reporter) {
      this.ncmecClient = Objects.requireNonNull(client, "client");
      this.ncmecReporter = Objects.requireNonNull(reporter, "reporter");
      return this;
    }

    /** The time of hand-overs, outcomes and the outbox's schedule (default system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often waiting routes are swept (default 1 min); stored reports also wake a sweep. */
    public Builder sweepInterval(Duration interval) {
      this.sweepInterval = positive(interval, "sweepInterval");
      return this;
    }

    /**
     * Retries of an adapter: attempts before a route is {@code FAILED_PERMANENT} (default 100),
     * and the backoff between them (default 10 s doubling to 15 min, about a day in all).
     *
     * @throws IllegalArgumentException if attempts is below 1, or a backoff not positive or the
     *     maximum below the initial one
     */
    public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      positive(initialBackoff, "initialBackoff");
      positive(maxBackoff, "maxBackoff");
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is less than initialBackoff " + initialBackoff);
      }
      this.maxAttempts = maxAttempts;
      this.initialBackoff = initialBackoff;
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** How often the outbox looks for due entries (default 1 s). */
    public Builder poll(Duration poll) {
      this.poll = positive(poll, "poll");
      return this;
    }

    /**
     * @throws IllegalStateException if an adapter is configured and no outbox store was set
     */
    public RouteDelivery build() {
      if (ncmecClient != null && sqliteFile == null && dataSource == null) {
        throw new IllegalStateException("no outbox store set: call sqlite(path) or dataSource(ds)");
      }
      return new RouteDelivery(this);
    }

    private void checkNoStore() {
      if (sqliteFile != null || dataSource != null) {
        throw new IllegalStateException("the outbox store was already set to "
            + (sqliteFile != null ? sqliteFile : "a data source"));
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
