package io.tripline.rules;

import io.tripline.InvalidConfigurationException;
import io.tripline.Tripline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Tripline}'s rule packs current with their files: hot reload of reviewed policy.
 *
 * <pre>{@code
 * PolicyReloader rules = PolicyReloader.builder(tripline)
 *     .classpathPack("default")
 *     .pack(Path.of("/etc/tripline/platform.yaml"))   // read again when it changes
 *     .classpathPack("us")
 *     .build();
 * rules.start();   // loads now; throws if a pack is invalid
 * }</pre>
 *
 * <p>The packs combine in the order added (see {@link Policy}). Every {@linkplain
 * Builder#interval interval} each file is checked by its size and modification time, and read
 * when either changed; a file whose bytes are unchanged is not parsed again. A changed file is
 * validated with all the other packs as one {@link Policy} (each pack parsed, the combination
 * checked, the routes of its jurisdictions too) and only then swapped in, atomically, with
 * {@link Tripline#replacePolicy}: an invalid pack is refused with its located error in
 * {@link #status()} and a warning in the log, and the running packs stay in use until a valid
 * version arrives. Write a pack by replacing the file (write a temporary file, then move it
 * over); a half-written file is refused like any invalid one and taken up once complete.
 *
 * <p>Thread-safe.
 */
public final class PolicyReloader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyReloader.class);

  /** The largest rule pack file read: policy is text a person reviews, not data. */
  public static final long MAX_PACK_BYTES = 1024 * 1024;

  /**
   * The state of the reloader.
   *
   * @param packs the packs in use, as {@code name@version}, in order
   * @param lastReload when the packs in use were loaded; {@code null} before {@link #start()}
   * @param lastError why the last changed version was refused, with file, line and column;
   *     {@code null} if the last check found everything valid
   * @param refusedSince when that version was first refused; {@code null} if none is
   */
  public record Status(List<String> packs, @Nullable Instant lastReload, @Nullable String lastError,
      @Nullable Instant refusedSince) {
    public Status {
      packs = List.copyOf(packs);
    }
  }

  /** One pack: from a file (reloadable) or from the class path (fixed). */
  private static final class Source {
    final @Nullable Path path;
    final @Nullable String classpathName;
    /** What the file was when last read: its stamp and bytes; the pack parsed from them. */
    @Nullable Stamp stamp;
    byte @Nullable [] bytes;
    @Nullable RulePack pack;

    Source(@Nullable Path path, @Nullable String classpathName) {
      this.path = path;
      this.classpathName = classpathName;
    }

    String name() {
      return path != null ? path.toString() : "classpath:" + classpathName;
    }
  }

  private record Stamp(long size, long modifiedNanos, @Nullable Object fileKey) {}

  private final Tripline tripline;
  private final List<Source> sources;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Clock clock;
  private @Nullable ScheduledFuture<?> task;
  private @Nullable Instant lastReload;
  private @Nullable String lastError;
  private @Nullable Instant refusedSince;
  private boolean started;
  private boolean closed;

  private PolicyReloader(Builder b) {
    this.tripline = b.tripline;
    this.sources = List.copyOf(b.sources);
    this.interval = b.interval;
    this.ownsScheduler = b.scheduler == null;
    this.scheduler = b.scheduler != null ? b.scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tripline-rules-reload");
      t.setDaemon(true);
      return t;
    });
    this.clock = b.clock != null ? b.clock : tripline.clock();
  }

  /**
   * A builder for a reloader of {@code tripline}'s rule packs.
   *
   * @throws NullPointerException if {@code tripline} is null
   */
  public static Builder builder(Tripline tripline) {
    return new Builder(Objects.requireNonNull(tripline, "tripline"));
  }

  /**
   * Loads every pack and swaps them in, then checks the files every interval.
   *
   * @throws InvalidConfigurationException if a pack is missing or invalid, or they do not
   *     combine: the engine keeps the packs it had
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "rule reloader was closed" : "rule reloader was already started");
    }
    for (Source source : sources) {
      read(source);
    }
    Policy policy = combine(sources.stream().map(s -> Objects.requireNonNull(s.pack)).toList());
    tripline.replacePolicy(policy);
    lastReload = clock.instant();
    started = true;
    if (sources.stream().anyMatch(s -> s.path != null)) {
      long nanos = interval.toNanos();
      task = scheduler.scheduleWithFixedDelay(this::checkQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Checks the files now, on the calling thread, and swaps in the packs if one changed and all
   * are valid.
   *
   * @return whether new packs were swapped in
   * @throws IllegalStateException if not started, or closed
   */
  public synchronized boolean checkNow() {
    if (!started || closed) {
      throw new IllegalStateException("rule reloader is " + (closed ? "closed" : "not started"));
    }
    List<RulePack> next = new ArrayList<>(sources.size());
    boolean changed = false;
    // Reads into copies first: a refused version must leave every source as it was.
    List<Runnable> commits = new ArrayList<>();
    try {
      for (Source source : sources) {
        if (source.path == null) {
          next.add(Objects.requireNonNull(source.pack));
          continue;
        }
        Stamp stamp = stamp(source.path);
        if (stamp.equals(source.stamp)) {
          next.add(Objects.requireNonNull(source.pack));
          continue;
        }
        byte[] bytes = readBounded(source.path);
        if (Arrays.equals(bytes, source.bytes)) {
          commits.add(() -> source.stamp = stamp);
          next.add(Objects.requireNonNull(source.pack));
          continue;
        }
        RulePack pack = parse(bytes, source.name());
        commits.add(() -> {
          source.stamp = stamp;
          source.bytes = bytes;
          source.pack = pack;
        });
        next.add(pack);
        changed = true;
      }
      if (!changed) {
        commits.forEach(Runnable::run);
        return false;
      }
      Policy policy = combine(next);
      commits.forEach(Runnable::run);
      tripline.replacePolicy(policy);
      lastReload = clock.instant();
      lastError = null;
      refusedSince = null;
      LOG.info("Rule packs reloaded: {}", names(next));
      return true;
    } catch (InvalidConfigurationException e) {
      if (!Objects.equals(lastError, e.getMessage())) {
        LOG.warn("Changed rule packs refused; the packs in use stay in use: {}", e.getMessage());
        refusedSince = clock.instant();
      }
      lastError = e.getMessage();
      return false;
    }
  }

  private void checkQuietly() {
    try {
      checkNow();
    } catch (IllegalStateException e) {
      // Closed meanwhile.
    } catch (RuntimeException e) {
      // A scheduled task that threw would never run again.
      LOG.warn("Rule pack check failed unexpectedly ({})", e.getClass().getName());
    }
  }

  /** The packs in use and the last refusal. */
  public synchronized Status status() {
    List<String> packs = tripline.policy().packs().stream().map(p -> p.name() + "@" + p.version()).toList();
    return new Status(packs, lastReload, lastError, refusedSince);
  }

  /** Stops checking; shuts down the scheduler only if this reloader created it. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (task != null) {
      task.cancel(false);
    }
    if (ownsScheduler) {
      scheduler.shutdown();
    }
  }

  private static void read(Source source) {
    if (source.path == null) {
      source.pack = RulePack.fromClasspath(Objects.requireNonNull(source.classpathName));
      return;
    }
    Stamp stamp = stamp(source.path);
    byte[] bytes = readBounded(source.path);
    source.pack = parse(bytes, source.name());
    source.stamp = stamp;
    source.bytes = bytes;
  }

  private static RulePack parse(byte[] bytes, String name) {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return RulePack.parse(in, name);
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes in memory cannot fail", e);
    }
  }

  /** The packs as one policy, its routes checked too. */
  private static Policy combine(List<RulePack> packs) {
    try {
      // Policy.of checks the packs' routes too.
      return Policy.of(packs);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("rule packs " + names(packs) + " do not combine: " + e.getMessage(), e);
    }
  }

  private static List<String> names(List<RulePack> packs) {
    return packs.stream().map(p -> p.name() + "@" + p.version()).toList();
  }

  private static Stamp stamp(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  private static byte[] readBounded(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) MAX_PACK_BYTES + 1);
      if (bytes.length > MAX_PACK_BYTES) {
        throw new InvalidConfigurationException("rule pack " + path + " is larger than " + MAX_PACK_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  private static InvalidConfigurationException unreadable(Path path, IOException e) {
    String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
    return new InvalidConfigurationException("cannot read rule pack " + path + ": " + why, e);
  }

  /** Configures a {@link PolicyReloader}. Not thread-safe. */
  public static final class Builder {
    private final Tripline tripline;
    private final List<Source> sources = new ArrayList<>();
    private Duration interval = Duration.ofSeconds(5);
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Clock clock;

    Builder(Tripline tripline) {
      this.tripline = tripline;
    }

    /** Adds the pack in the file at {@code path}, read again whenever it changes. */
    public Builder pack(Path path) {
      sources.add(new Source(Objects.requireNonNull(path, "path"), null));
      return this;
    }

    /** Adds the pack shipped on the class path as {@code name} (e.g. {@code default}, {@code us}). */
    public Builder classpathPack(String name) {
      sources.add(new Source(null, Objects.requireNonNull(name, "name")));
      return this;
    }

    /**
     * How often the files are checked; 5 s by default. A check of unchanged files reads only their
     * attributes.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder interval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** The scheduler checks run on; not shut down by close. By default one daemon thread. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The clock of {@link Status} times; the {@link Tripline}'s by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A new, not yet started reloader.
     *
     * @throws IllegalStateException if no pack was added
     */
    public PolicyReloader build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("no rule pack was added");
      }
      return new PolicyReloader(this);
    }
  }
}
