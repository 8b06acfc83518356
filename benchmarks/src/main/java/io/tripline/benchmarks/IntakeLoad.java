package io.tripline.benchmarks;

import io.tripline.clearinghouse.Accounts;
import io.tripline.clearinghouse.Scope;
import io.tripline.clearinghouse.SigningKey;
import io.tripline.feed.SignatureVerifier;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.ReportStatus;
import io.tripline.report.Subject;
import io.tripline.rules.ReportCategory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Load on the reference clearinghouse's report intake: an open-loop constant arrival rate of
 * distinct, valid reports over HTTP on loopback, with the server restarted mid-run, and a check
 * at the end that every report the server acknowledged is stored with its routes.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.tripline.benchmarks.IntakeLoad --rate 500 --seconds 60 --restart-at 30
 * }</pre>
 *
 * <p>The server is {@link IntakeServer} in a child JVM on a fresh data directory (SQLite); the
 * restart kills it (SIGKILL by default, {@code --restart stop} for SIGTERM) and starts it again on
 * the same directory and port. Report {@code i} is due at {@code start + i / rate}, whatever
 * happened to the ones before (open loop), and its latency runs from that due time to its answer,
 * so a stall shows in the latencies of every report that waited behind it instead of hiding as a
 * lower send rate. A request that fails (no connection, 5xx) is sent again, with the same body
 * and {@code Idempotency-Key}, until it is answered; its latency keeps counting.
 *
 * <p>The mix (by report number modulo 20): human-reviewed CSAM with SHA-256, MD5 and PDQ digests
 * of a US provider (published to the shared feed), the same for a UK provider, child sex
 * trafficking and adult trafficking (some human-reviewed, so shared), online enticement, child
 * abuse material in Canada and in Australia, threats to life in the EU; every report has its own
 * digests, so every one is new to the server. Two in five are published to the shared feed (three
 * indicators each).
 */
public final class IntakeLoad {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final String PLATFORM = "load-platform";
  private static final Instant OCCURRED = Instant.parse("2026-11-28T09:58:00Z");

  /**
   * What to run.
   *
   * @param rate reports per second offered
   * @param seconds how long reports are offered (after the warm-up)
   * @param restartAt second of the measured run at which the server is restarted; negative: never
   * @param kill restart by SIGKILL (else SIGTERM, a graceful stop)
   * @param warmupSeconds seconds at the same rate before the measured run (stored and checked, not timed)
   * @param concurrency the most requests in flight; more wait in the client's queue, their wait counted
   * @param groupCommit whether the server commits concurrent reports together
   * @param settleSeconds how long after the restarted server listens its latencies still count as
   *     the restart's (the backlog drains)
   * @param dataDir the server's data directory; null: a new temporary one
   * @param serverJvmArgs extra options of the server's JVM (e.g. a flight recording)
   */
  public record Config(int rate, int seconds, double restartAt, boolean kill, int warmupSeconds, int concurrency,
      boolean groupCommit, double settleSeconds, @Nullable Path dataDir, List<String> serverJvmArgs) {
    public Config {
      serverJvmArgs = List.copyOf(serverJvmArgs);
      if (rate < 1 || seconds < 1 || warmupSeconds < 0 || concurrency < 1 || settleSeconds < 0) {
        throw new IllegalArgumentException("rate, seconds and concurrency must be positive, warm-up and settle not negative");
      }
      if (restartAt >= seconds) {
        throw new IllegalArgumentException("restart-at must be within the run (< " + seconds + ")");
      }
    }

    /** 500/s for 60 s, restarted (SIGKILL) at 30 s, 5 s warm-up, group commit on. */
    public static Config defaults() {
      return new Config(500, 60, 30, true, 5, 64, true, 2, null, List.of());
    }
  }

  /**
   * What a run measured.
   *
   * @param offered reports offered in the measured run
   * @param acknowledged of them, answered 201 or 200 (warm-up not counted)
   * @param replays answered 200: a retry of a report whose first answer was lost in the restart
   * @param errors answered with anything but 201/200/5xx, or never answered
   * @param retries requests sent again after a failure
   * @param lost acknowledged reports (warm-up included) not found in the store with their routes
   *     afterwards, or whose receipt does not verify
   * @param checked acknowledged reports looked up afterwards (warm-up included)
   * @param achievedRate acknowledged reports per second, from the first due time to the last answer
   * @param all latencies of every acknowledged report, microseconds
   * @param steady the same without the restart window
   * @param restartWindow the restart window: from the kill to {@code settleSeconds} after the
   *     new server listened, seconds into the measured run; null without a restart
   */
  public record Result(long offered, long acknowledged, long replays, long errors, long retries, long lost,
      long checked, double achievedRate, Histogram all, Histogram steady, double @Nullable [] restartWindow) {}

  private final Config config;
  private final PrintStream out;

  public IntakeLoad(Config config, PrintStream out) {
    this.config = Objects.requireNonNull(config, "config");
    this.out = Objects.requireNonNull(out, "out");
  }

  public static void main(String[] args) throws Exception {
    Config c = parse(args);
    Result r = new IntakeLoad(c, System.out).run();
    System.exit(r.lost() == 0 && r.errors() == 0 ? 0 : 1);
  }

  static Config parse(String[] args) {
    Config d = Config.defaults();
    int rate = d.rate();
    int seconds = d.seconds();
    double restartAt = d.restartAt();
    boolean kill = d.kill();
    int warmup = d.warmupSeconds();
    int concurrency = d.concurrency();
    boolean groupCommit = d.groupCommit();
    double settle = d.settleSeconds();
    Path dataDir = null;
    List<String> jvmArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--no-restart")) {
        restartAt = -1;
        continue;
      }
      if (a.equals("--no-group-commit")) {
        groupCommit = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--rate" -> rate = Integer.parseInt(v);
        case "--seconds" -> seconds = Integer.parseInt(v);
        case "--restart-at" -> restartAt = Double.parseDouble(v);
        case "--restart" -> kill = switch (v) {
          case "kill" -> true;
          case "stop" -> false;
          default -> throw new IllegalArgumentException("--restart takes kill or stop");
        };
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--settle" -> settle = Double.parseDouble(v);
        case "--data" -> dataDir = Path.of(v);
        case "--server-jvm-arg" -> jvmArgs.add(v);
        default -> throw new IllegalArgumentException("unknown option " + a + "; options: --rate N --seconds N"
            + " --restart-at S | --no-restart, --restart kill|stop, --warmup S, --concurrency N, --settle S,"
            + " --no-group-commit, --data DIR, --server-jvm-arg ARG");
      }
    }
    return new Config(rate, seconds, restartAt, kill, warmup, concurrency, groupCommit, settle, dataDir, jvmArgs);
  }

  /** One report to send: its key (the report id), its body, and what happened to it. */
  private static final class Shot {
    final String id;
    final byte[] body;
    final boolean warmup;
    long due;
    volatile long answered;
    volatile int status;
    volatile byte @Nullable [] receipt;
    volatile @Nullable String signature;
    /** Attempts that failed so far; the next retry waits longer (guarded by the call chain: one attempt at a time). */
    int failures;

    Shot(String id, byte[] body, boolean warmup) {
      this.id = id;
      this.body = body;
      this.warmup = warmup;
    }
  }

  /**
   * Runs the load and the check.
   *
   * @throws IOException if the data directory or the server process cannot be set up
   */
  public Result run() throws IOException, InterruptedException {
    Path data = config.dataDir() != null ? config.dataDir() : Files.createTempDirectory("intake-load");
    String secret;
    try (Accounts accounts = Accounts.open(data)) {
      accounts.addPlatform(PLATFORM);
      secret = accounts.createCredential(PLATFORM, Set.of(Scope.REPORTS_WRITE)).secret();
    }
    SigningKey key = SigningKey.loadOrCreate(data);
    int port = freePort();
    String base = "http://127.0.0.1:" + port;

    int warmupCount = config.rate() * config.warmupSeconds();
    int measuredCount = config.rate() * config.seconds();
    List<Shot> shots = new ArrayList<>(warmupCount + measuredCount);
    long t0 = System.nanoTime();
    for (int i = 0; i < warmupCount + measuredCount; i++) {
      Report r = report(i);
      shots.add(new Shot(r.id(), ReportJson.write(r), i < warmupCount));
    }
    out.printf("IntakeLoad: %d reports built in %d ms (%d warm-up); rate %d/s for %d s, restart %s, group commit %s,"
            + " concurrency %d, data %s%n", shots.size(), (System.nanoTime() - t0) / 1_000_000, warmupCount,
        config.rate(), config.seconds(), config.restartAt() < 0 ? "none"
            : (config.kill() ? "SIGKILL" : "SIGTERM") + " at " + config.restartAt() + " s",
        config.groupCommit() ? "on" : "off", config.concurrency(), data);

    ServerProcess server = ServerProcess.start(data, port, config.groupCommit(), config.serverJvmArgs());
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(config.concurrency());
    dispatcher.setMaxRequestsPerHost(config.concurrency());
    OkHttpClient http = new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(config.concurrency(), 5, TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(30))
        .retryOnConnectionFailure(false).build();
    ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "intake-load-retry");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch done = new CountDownLatch(shots.size());
    long giveUpAfter = TimeUnit.SECONDS.toNanos(config.warmupSeconds() + config.seconds() + 120);
    long killAt = -1;
    long readyAt = -1;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long measuredStart = start + TimeUnit.SECONDS.toNanos(config.warmupSeconds());
    long interval = 1_000_000_000L / config.rate();
    long restartDue = config.restartAt() < 0 ? Long.MAX_VALUE
        : measuredStart + (long) (config.restartAt() * 1_000_000_000L);
    Thread restarter = null;
    long[] restartTimes = new long[2];
    Sender sender = new Sender(http, port, secret, retryTimer, done, start + giveUpAfter);
    try {
      for (int i = 0; i < shots.size(); i++) {
        Shot s = shots.get(i);
        s.due = start + i * interval;
        if (restarter == null && s.due >= restartDue) {
          // The restart runs beside the schedule: reports keep coming due while the server is away.
          restarter = new Thread(() -> {
            restartTimes[0] = System.nanoTime();
            server.restart(config.kill());
            restartTimes[1] = System.nanoTime();
          }, "intake-load-restart");
          restarter.start();
        }
        long wait = s.due - System.nanoTime();
        while (wait > 0) {
          LockSupport.parkNanos(wait);
          wait = s.due - System.nanoTime();
        }
        sender.send(s);
      }
      if (!done.await(config.seconds() + 180L, TimeUnit.SECONDS)) {
        out.println("IntakeLoad: gave up waiting for " + done.getCount() + " answers");
      }
      if (restarter != null) {
        restarter.join();
        killAt = restartTimes[0];
        readyAt = restartTimes[1];
      }

      // --- the check: every acknowledged report is stored with the routes of its receipt --------
      SignatureVerifier verifier = new SignatureVerifier(Map.of(key.keyId(), key.publicKey()));
      ClearinghouseReportClient client = ClearinghouseReportClient.builder().baseUrl(base + "/").credential(secret)
          .publicKeys(Map.of(key.keyId(), key.publicKey())).build();
      AtomicLong lost = new AtomicLong();
      AtomicLong checked = new AtomicLong();
      ConcurrentLinkedQueue<String> lostSamples = new ConcurrentLinkedQueue<>();
      ExecutorService checkers = Executors.newFixedThreadPool(8);
      long checkStart = System.nanoTime();
      for (Shot s : shots) {
        if (s.status != 200 && s.status != 201) {
          continue;
        }
        checkers.execute(() -> {
          checked.incrementAndGet();
          String why = check(s, client, verifier);
          if (why != null) {
            lost.incrementAndGet();
            if (lostSamples.size() < 10) {
              lostSamples.add(s.id + ": " + why);
            }
          }
        });
      }
      checkers.shutdown();
      checkers.awaitTermination(10, TimeUnit.MINUTES);
      long checkMillis = (System.nanoTime() - checkStart) / 1_000_000;

      Result result = summarise(shots, measuredStart, killAt, readyAt, sender.retries.get(), sender.errors.get(),
          lost.get(), checked.get());
      print(result, checkMillis, shots, measuredStart);
      sender.errorSamples.forEach(e -> out.println("  error: " + e));
      lostSamples.forEach(e -> out.println("  LOST: " + e));
      return result;
    } finally {
      retryTimer.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      server.stop();
    }
  }

  /**
   * Sends reports and sends them again until they are answered. A request that finds the server
   * gone (no connection) waits for it at {@link #parked} instead of reconnecting in a loop: one
   * probe every {@value #PROBE_MILLIS} ms tries to connect, and once the server listens again every
   * parked request goes out. Without it, thousands of due reports each reconnecting in a loop take
   * the CPU that the restarting server needs, on a machine that both share.
   */
  private static final long PROBE_MILLIS = 20;

  private final class Sender {
    private final OkHttpClient http;
    private final String base;
    private final int port;
    private final String secret;
    private final ScheduledExecutorService timer;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final CountDownLatch done;
    private final long giveUpAt;
    private final ConcurrentLinkedQueue<Shot> parked = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();

    Sender(OkHttpClient http, int port, String secret, ScheduledExecutorService timer, CountDownLatch done,
        long giveUpAt) {
      this.http = http;
      this.port = port;
      this.base = "http://127.0.0.1:" + port;
      this.secret = secret;
      this.timer = timer;
      this.done = done;
      this.giveUpAt = giveUpAt;
    }

    void send(Shot s) {
      Request request = new Request.Builder().url(base + "/v1/reports").header("Authorization", "Bearer " + secret)
          .header("Idempotency-Key", s.id).post(RequestBody.create(s.body, JSON)).build();
      http.newCall(request).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          try (response) {
            int code = response.code();
            byte[] body = response.body().bytes();
            if (code == 201 || code == 200) {
              s.receipt = body;
              s.signature = response.header(SignatureVerifier.HEADER);
              s.status = code;
              s.answered = System.nanoTime();
              done.countDown();
            } else if (code >= 500) {
              retry(s, "HTTP " + code, false);
            } else {
              s.status = code;
              s.answered = System.nanoTime();
              fail(s, "HTTP " + code + " " + new String(body, StandardCharsets.UTF_8));
            }
          } catch (IOException e) {
            retry(s, e.toString(), true);
          }
        }

        @Override
        public void onFailure(Call call, IOException e) {
          retry(s, e.toString(), true);
        }
      });
    }

    private void fail(Shot s, String why) {
      errors.incrementAndGet();
      if (errorSamples.size() < 10) {
        errorSamples.add(s.id + ": " + why);
      }
      done.countDown();
    }

    private void retry(Shot s, String why, boolean connectionLost) {
      if (System.nanoTime() > giveUpAt) {
        fail(s, "never answered, last " + why);
        return;
      }
      retries.incrementAndGet();
      if (connectionLost) {
        parked.add(s);
        if (probing.compareAndSet(false, true)) {
          timer.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }
        return;
      }
      // Answered 5xx: 10, 20, 40 ... ms, at most 200.
      long delay = Math.min(200, 10L << Math.min(5, s.failures++));
      timer.schedule(() -> send(s), delay, TimeUnit.MILLISECONDS);
    }

    private void probe() {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      } catch (IOException down) {
        timer.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      probing.set(false);
      Shot s;
      while ((s = parked.poll()) != null) {
        send(s);
      }
    }
  }

  /** Why an acknowledged report does not check out, or null if it does. */
  private static @Nullable String check(Shot s, ClearinghouseReportClient client, SignatureVerifier verifier) {
    Receipt receipt;
    try {
      receipt = Receipt.verify(Objects.requireNonNull(s.receipt), s.signature, verifier);
    } catch (RuntimeException e) {
      return "its receipt does not verify: " + e.getMessage();
    }
    if (!receipt.reportId().equals(s.id)) {
      return "its receipt names " + receipt.reportId();
    }
    ReportStatus status;
    try {
      status = client.status(s.id);
    } catch (RuntimeException e) {
      return "not found: " + e.getMessage();
    }
    List<String> stored = status.routes().stream().map(Receipt.RouteState::destination).toList();
    List<String> promised = receipt.routes().stream().map(Receipt.RouteState::destination).toList();
    if (!stored.equals(promised)) {
      return "routes " + stored + " stored, " + promised + " in the receipt";
    }
    if (promised.isEmpty()) {
      return "no route at all";
    }
    return null;
  }

  private Result summarise(List<Shot> shots, long measuredStart, long killAt, long readyAt, long retries, long errors,
      long lost, long checked) {
    Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    Histogram steady = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    long windowEnd = readyAt < 0 ? -1 : readyAt + (long) (config.settleSeconds() * 1e9);
    long offered = 0;
    long acknowledged = 0;
    long replays = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Shot s : shots) {
      if (s.warmup) {
        continue;
      }
      offered++;
      if (s.status != 200 && s.status != 201) {
        continue;
      }
      acknowledged++;
      if (s.status == 200) {
        replays++;
      }
      first = Math.min(first, s.due);
      last = Math.max(last, s.answered);
      long micros = Math.max(0, (s.answered - s.due) / 1000);
      all.recordValue(micros);
      boolean inWindow = killAt >= 0 && s.due < windowEnd && s.answered > killAt;
      if (!inWindow) {
        steady.recordValue(micros);
      }
    }
    double rate = acknowledged == 0 ? 0 : acknowledged / ((last - first) / 1e9);
    double[] window = killAt < 0 ? null
        : new double[] {(killAt - measuredStart) / 1e9, (windowEnd - measuredStart) / 1e9};
    return new Result(offered, acknowledged, replays, errors, retries, lost, checked, rate, all, steady, window);
  }

  private void print(Result r, long checkMillis, List<Shot> shots, long measuredStart) {
    out.printf("IntakeLoad: offered %d at %d/s, acknowledged %d (%d replays), achieved %.1f/s, errors %d, retries %d%n",
        r.offered(), config.rate(), r.acknowledged(), r.replays(), r.achievedRate(), r.errors(), r.retries());
    out.println(line("all     ", r.all()));
    out.println(line("steady  ", r.steady()));
    if (r.restartWindow() != null) {
      out.printf("restart window: %.2f s to %.2f s of the run (kill/stop to %.1f s after the new server listened);"
          + " %d answers in it%n", r.restartWindow()[0], r.restartWindow()[1], config.settleSeconds(),
          r.all().getTotalCount() - r.steady().getTotalCount());
    }
    // Per 5 s of due time: how many were due and the p99 of their latencies.
    StringBuilder timeline = new StringBuilder("p99 by 5 s of due time (ms):");
    Histogram slice = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    long sliceNanos = TimeUnit.SECONDS.toNanos(5);
    long sliceEnd = measuredStart + sliceNanos;
    List<Shot> measured = shots.stream().filter(s -> !s.warmup).sorted(Comparator.comparingLong(s -> s.due)).toList();
    for (Shot s : measured) {
      while (s.due >= sliceEnd) {
        timeline.append(String.format(" %.1f", slice.getValueAtPercentile(99) / 1000.0));
        slice.reset();
        sliceEnd += sliceNanos;
      }
      if (s.status == 200 || s.status == 201) {
        slice.recordValue(Math.max(0, (s.answered - s.due) / 1000));
      }
    }
    timeline.append(String.format(" %.1f", slice.getValueAtPercentile(99) / 1000.0));
    out.println(timeline);
    out.printf("check: %d acknowledged reports (warm-up included) looked up in %d ms; lost %d%n", r.checked(),
        checkMillis, r.lost());
  }

  private static String line(String label, Histogram h) {
    return String.format("%s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms", label,
        h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
  }

  // --- the reports ----------------------------------------------------------------------------

  /** Report {@code i} of the mix; every one has digests of its own, so its id is new. */
  static Report report(int i) {
    String sha256 = hex("sha256", i, 32);
    String md5 = hex("md5", i, 16);
    String pdq = hex("pdq", i, 32);
    Report.Builder b = Report.builder().occurredAt(OCCURRED).knowledgeAt(OCCURRED.plusSeconds(120)).urgent(false)
        .platform(PLATFORM).notifySubject(false)
        .addSubject(Subject.Involved.reportedUser("u_" + i, null,
            List.of(new Subject.IpEvent("203.0.113." + (i % 250 + 1), Subject.IpEventType.UPLOAD, OCCURRED))));
    int kind = i % 20;
    ReportCategory category;
    boolean reviewed;
    String country;
    if (kind < 4) {
      category = ReportCategory.CSAM; // US: NCMEC, shared
      reviewed = true;
      country = "US";
    } else if (kind < 6) {
      category = ReportCategory.CSAM; // UK: NCA, shared
      reviewed = true;
      country = "GB";
    } else if (kind < 10) {
      category = ReportCategory.CHILD_SEX_TRAFFICKING;
      reviewed = kind == 6;
      country = "US";
    } else if (kind < 12) {
      category = ReportCategory.ADULT_TRAFFICKING;
      reviewed = kind == 10;
      country = "US";
    } else if (kind == 12) {
      category = ReportCategory.CSAM; // Canada: Cybertip.ca
      reviewed = false;
      country = "CA";
    } else if (kind == 13) {
      category = ReportCategory.ONLINE_ENTICEMENT;
      reviewed = false;
      country = "US";
    } else if (kind < 16) {
      category = ReportCategory.CSAM;
      reviewed = false;
      country = "AU";
    } else {
      category = ReportCategory.THREAT_TO_LIFE;
      reviewed = false;
      country = "DE";
    }
    b.category(category).humanReviewed(reviewed).providerCountries(country).subjectCountries(country)
        .method(reviewed ? Report.Detection.Method.HUMAN_REVIEW : Report.Detection.Method.HASH_MATCH);
    if (!reviewed) {
      b.addMatch(new Report.IndicatorMatch("confirmed-hashes", "ind-" + Integer.toHexString(i), "md5", 0));
    }
    b.addEvidence(new Report.Evidence("ev_1", new Report.Digests(sha256, md5, pdq, 60 + i % 40), reviewed,
        Report.EvidenceMode.HASH_ONLY));
    return b.build();
  }

  private static String hex(String salt, int i, int bytes) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((salt + ":" + i).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The clearinghouse in a child JVM on this JVM's class path; its logs go to a file in the data directory. */
  static final class ServerProcess {
    private final Path data;
    private final int port;
    private final boolean groupCommit;
    private final List<String> jvmArgs;
    private final AtomicInteger starts = new AtomicInteger();
    private volatile Process process;

    private ServerProcess(Path data, int port, boolean groupCommit, List<String> jvmArgs) {
      this.data = data;
      this.port = port;
      this.groupCommit = groupCommit;
      this.jvmArgs = jvmArgs;
    }

    static ServerProcess start(Path data, int port, boolean groupCommit, List<String> jvmArgs) {
      ServerProcess p = new ServerProcess(data, port, groupCommit, jvmArgs);
      p.launch();
      return p;
    }

    private void launch() {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      int n = starts.incrementAndGet();
      try {
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m"));
        for (String a : jvmArgs) {
          command.add(a.replace("{n}", Integer.toString(n)));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            IntakeServer.class.getName(), data.toString(), Integer.toString(port), Boolean.toString(groupCommit)));
        Process p = new ProcessBuilder(command)
            .redirectError(data.resolve("server-" + n + ".log").toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith(IntakeServer.READY)) {
            break;
          }
          if (System.nanoTime() > deadline) {
            break;
          }
        }
        if (line == null || !line.startsWith(IntakeServer.READY)) {
          p.destroyForcibly();
          throw new IllegalStateException("the clearinghouse did not start; see " + data.resolve("server-" + n + ".log"));
        }
        Thread drain = new Thread(() -> {
          try {
            while (lines.readLine() != null) {
              // keep the pipe from filling
            }
          } catch (IOException ignored) {
            // the process is gone
          }
        }, "intake-server-drain");
        drain.setDaemon(true);
        drain.start();
        process = p;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void restart(boolean kill) {
      Process p = process;
      if (kill) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
      try {
        p.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      launch();
    }

    void stop() {
      Process p = process;
      if (p != null) {
        p.destroy();
        try {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
