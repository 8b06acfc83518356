package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.outbox.JdbcStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: concurrent reports committed together are each durable and answered with their
 * own receipt; a batch is all or nothing, and one report that cannot be stored fails alone; a
 * twin in the same batch is stored once.
 */
class GroupCommitTest {

  private static final Instant AT = Instant.parse("2026-11-28T10:05:00Z");

  @TempDir Path dir;

  @Test
  void manyConcurrentSubmissionsAreAllStoredAndEachAnsweredWithItsOwnReceipt() throws Exception {
    int count = 120;
    List<Report> reports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      reports.add(Fixture.report("u_group_" + i));
    }
    List<Receipt> receipts = new ArrayList<>();
    String secret;
    try (Fixture ch = Fixture.start(dir)) {
      secret = ch.credential("example-classifieds", Scope.REPORTS_WRITE);
      ClearinghouseReportClient client = ch.client(secret);
      ExecutorService pool = Executors.newFixedThreadPool(24);
      try {
        List<Future<Receipt>> answers = new ArrayList<>();
        for (Report r : reports) {
          Callable<Receipt> call = () -> client.submit(r);
          answers.add(pool.submit(call));
        }
        for (Future<Receipt> f : answers) {
          receipts.add(f.get(60, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }
    for (int i = 0; i < count; i++) {
      assertThat(receipts.get(i).reportId()).isEqualTo(reports.get(i).id());
    }
    assertThat(receipts.stream().map(Receipt::reportId).distinct()).hasSize(count);
    // A new server on the same directory finds every one with its routes, and replays its receipt.
    try (Fixture after = Fixture.start(dir)) {
      ClearinghouseReportClient client = after.client(secret);
      for (int i = 0; i < count; i++) {
        assertThat(client.status(reports.get(i).id()).routes()).extracting(Receipt.RouteState::destination)
            .contains("NCMEC_CYBERTIPLINE");
        assertThat(client.submit(reports.get(i)).body()).isEqualTo(receipts.get(i).body());
      }
    }
  }

  @Test
  void aTwinInTheSameBatchIsStoredOnceAndFindsTheFirst() {
    try (Store store = Store.sqlite(dir, Clock.systemUTC())) {
      String credential = credential(store);
      Report report = Fixture.report("u_twin");
      Report other = Fixture.report("u_other");
      Store.NewReport first = newReport(report, report.id(), credential);
      Store.NewReport twin = newReport(report, report.id(), credential);
      Store.NewReport sameIdOtherKey = newReport(report, "another-key", credential);
      Store.NewReport third = newReport(other, other.id(), credential);

      List<Store.Insert> results = store.insertReports(List.of(first, twin, sameIdOtherKey, third));

      assertThat(results.get(0)).isInstanceOf(Store.Insert.Created.class);
      assertThat(results.get(1)).isInstanceOfSatisfying(Store.Insert.Existing.class,
          e -> assertThat(e.report().receipt()).isEqualTo(first.report().receipt()));
      assertThat(results.get(2)).isInstanceOfSatisfying(Store.Insert.Existing.class,
          e -> assertThat(e.report().idempotencyKey()).isEqualTo(report.id()));
      assertThat(results.get(3)).isInstanceOf(Store.Insert.Created.class);
      assertThat(store.reportCount()).isEqualTo(2);
      assertThat(store.report("example-classifieds", report.id()).orElseThrow().routes()).isNotEmpty();
    }
  }

  @Test
  void aBatchThatFailsStoresNothingOfAnyOfItsReports() {
    FailingDatabase db = new FailingDatabase(dir);
    try (Store store = Store.of(db, Clock.systemUTC())) {
      String credential = credential(store);
      Report a = Fixture.report("u_a");
      Report poison = Fixture.report("u_poison");
      Report b = Fixture.report("u_b");
      db.poisonReportId = poison.id();

      assertThatThrownBy(() -> store.insertReports(List.of(newReport(a, a.id(), credential),
          newReport(poison, poison.id(), credential), newReport(b, b.id(), credential))))
          .isInstanceOf(ClearinghouseException.class);

      // a's report row and routes were written before the failure: rolled back with the rest.
      assertThat(store.reportCount()).isZero();
      assertThat(db.count("select count(*) from ch_route")).isZero();
    } finally {
      db.close();
    }
  }

  @Test
  void oneReportThatCannotBeStoredFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
    FailingDatabase db = new FailingDatabase(dir);
    try (Store store = Store.of(db, Clock.systemUTC());
        IntakeCommits commits = IntakeCommits.grouped(store, new JoinableDataSource(db))) {
      String credential = credential(store);
      Report blocker = Fixture.report("u_blocker");
      Report a = Fixture.report("u_a");
      Report poison = Fixture.report("u_poison");
      Report b = Fixture.report("u_b");
      db.poisonReportId = poison.id();

      // The writer holds the first report until the other three wait behind it: they are one batch.
      db.hold = new CountDownLatch(1);
      db.holding = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<Store.Insert> first = pool.submit(() -> commit(commits, blocker, credential));
        assertThat(db.holding.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Store.Insert> fa = pool.submit(() -> commit(commits, a, credential));
        Future<Store.Insert> fp = pool.submit(() -> commit(commits, poison, credential));
        Future<Store.Insert> fb = pool.submit(() -> commit(commits, b, credential));
        awaitQueued(commits, 3);
        assertThat(db.transactionsStarted).as("the writer is held on the first report").isEqualTo(1);
        db.hold.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(Store.Insert.Created.class);
        assertThat(fa.get(30, TimeUnit.SECONDS)).isInstanceOf(Store.Insert.Created.class);
        assertThat(fb.get(30, TimeUnit.SECONDS)).isInstanceOf(Store.Insert.Created.class);
        assertThatThrownBy(() -> fp.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ClearinghouseException.class);
      } finally {
        pool.shutdownNow();
      }
      assertThat(db.batchesFailed).isTrue();
      assertThat(store.reportCount()).isEqualTo(3);
      assertThat(store.report("example-classifieds", poison.id())).isEmpty();
      assertThat(db.count("select count(*) from ch_route where report_id = '" + poison.id() + "'")).isZero();
      for (Report r : List.of(blocker, a, b)) {
        assertThat(store.report("example-classifieds", r.id()).orElseThrow().routes()).isNotEmpty();
      }
    } finally {
      db.close();
    }
  }

  @Test
  void whenEveryCommitFailsEveryWaitingReportIsAnsweredWithTheFailure() throws Exception {
    FailingDatabase db = new FailingDatabase(dir);
    try (Store store = Store.of(db, Clock.systemUTC());
        IntakeCommits commits = IntakeCommits.grouped(store, new JoinableDataSource(db))) {
      String credential = credential(store);
      db.failCommits = true;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Store.Insert>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          Report r = Fixture.report("u_fail_" + i);
          answers.add(pool.submit(() -> commit(commits, r, credential)));
        }
        for (Future<Store.Insert> f : answers) {
          assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ClearinghouseException.class);
        }
      } finally {
        pool.shutdownNow();
      }
      db.failCommits = false;
      assertThat(store.reportCount()).isZero();
    } finally {
      db.close();
    }
  }

  @Test
  void aCredentialRevokedElsewhereCannotFileAnotherReportEvenWhileCached() throws Exception {
    try (Fixture ch = Fixture.start(dir)) {
      ch.server.accounts().addPlatform("example-classifieds");
      Accounts.IssuedCredential c = ch.server.accounts().createCredential("example-classifieds",
          Set.of(Scope.REPORTS_WRITE));
      String reader = ch.credential("example-classifieds", Scope.REPORTS_WRITE);
      Report first = Fixture.report("u_before");
      Report second = Fixture.report("u_after");
      assertThat(post(ch, c.secret(), first).statusCode()).isEqualTo(201);

      // Another process (the operator's CLI) revokes it: this server's cache still holds it.
      try (Accounts operator = Accounts.open(dir)) {
        assertThat(operator.revokeCredential(c.id())).isTrue();
      }
      ReportIntakeTest.assertProblem(post(ch, c.secret(), second), 401, "unauthorized");
      ReportIntakeTest.assertProblem(post(ch, c.secret(), first), 401, "unauthorized");
      assertThat(ch.send("GET", "/v1/reports/" + second.id(), reader).statusCode()).isEqualTo(404);
      assertThat(ch.send("GET", "/v1/reports/" + first.id(), reader).statusCode()).isEqualTo(200);
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static HttpResponse<String> post(Fixture ch, String secret, Report r) throws Exception {
    return ch.post("/v1/reports", secret, r.id(), new String(ReportJson.write(r), StandardCharsets.UTF_8));
  }

  private static Store.Insert commit(IntakeCommits commits, Report r, String credential) {
    Store.NewReport n = newReport(r, r.id(), credential);
    return commits.commit(n.report(), n.body(), credential, null);
  }

  private static String credential(Store store) {
    store.addPlatform("example-classifieds");
    store.insertCredential("cred_0123456789abcdef", "example-classifieds", "0".repeat(64), "reports:write");
    return "cred_0123456789abcdef";
  }

  private static Store.NewReport newReport(Report r, String key, String credential) {
    byte[] body = ReportJson.write(r);
    List<Store.RouteRow> routes = List.of(
        new Store.RouteRow("NCMEC_CYBERTIPLINE", "MANDATORY", "PENDING", AT.plus(Duration.ofDays(1)), null, null),
        new Store.RouteRow("NCA", "MANDATORY", "COVERED_BY", null, "NCMEC_CYBERTIPLINE", null));
    byte[] receipt = ReportsServlet.receipt(r.id(), AT, "RECEIVED", routes, null);
    return new Store.NewReport(new Store.StoredReport("example-classifieds", r.id(), key,
        Accounts.hash(new String(body, StandardCharsets.UTF_8)), AT, "RECEIVED", receipt, "keyid=test, ed25519=x",
        routes), body, credential, null);
  }

  private static void awaitQueued(IntakeCommits commits, int reports) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (commits.queued() < reports && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(commits.queued()).isEqualTo(reports);
  }

  /**
   * SQLite in {@code dir} behind a data source that fails on command: the route insert of one
   * report id, or every commit; and that can hold the first transaction open.
   */
  private static final class FailingDatabase implements DataSource, AutoCloseable {
    private final JdbcStore.PooledDataSource target;
    volatile String poisonReportId;
    volatile boolean failCommits;
    volatile CountDownLatch hold;
    volatile CountDownLatch holding;
    volatile int transactionsStarted;
    volatile boolean batchesFailed;
    private final AtomicBoolean held = new AtomicBoolean();

    FailingDatabase(Path dir) {
      this.target = JdbcStore.sqlite(dir.resolve("failing.db"), Duration.ofSeconds(10));
    }

    long count(String sql) {
      try (Connection c = target.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = target.getConnection();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            if (method.getName().equals("commit") && failCommits) {
              throw new SQLException("commit refused (test)");
            }
            if (method.getName().equals("prepareStatement") && args.length == 1
                && ((String) args[0]).startsWith("insert into ch_report")) {
              transactionsStarted++;
              if (hold != null && held.compareAndSet(false, true)) {
                holding.countDown();
                hold.await(30, TimeUnit.SECONDS);
              }
            }
            Object result = invoke(method, c, args);
            if (result instanceof PreparedStatement p && ((String) args[0]).startsWith("insert into ch_route")) {
              return routeInsert(p);
            }
            return result;
          });
    }

    private PreparedStatement routeInsert(PreparedStatement p) {
      String[] reportId = new String[1];
      return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
            if (method.getName().equals("setString") && (Integer) args[0] == 2) {
              reportId[0] = (String) args[1];
            }
            if (method.getName().equals("executeUpdate") && reportId[0] != null
                && reportId[0].equals(poisonReportId)) {
              batchesFailed = true;
              throw new SQLException("route insert refused (test)");
            }
            return invoke(method, p, args);
          });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public void close() {
      target.close();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return target.isWrapperFor(iface);
    }
  }
}
