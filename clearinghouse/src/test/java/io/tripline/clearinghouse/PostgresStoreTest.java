package io.tripline.clearinghouse;

import static io.tripline.clearinghouse.ReportIntakeTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.testkit.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The same intake on PostgreSQL (embedded binaries from Maven Central, no Docker): the schema
 * migrates, reports are deduplicated even when twins race, and platforms stay apart. Aborted
 * (not failed) where the binaries cannot start, unless {@code CI=true}.
 */
class PostgresStoreTest {

  @RegisterExtension static final PostgresServer postgres = new PostgresServer();

  @Test
  void intakeReplayIsolationAndRacingTwinsOnPostgres() throws Exception {
    DataSource ds = postgres.database();
    SigningKey key = SigningKey.generate();
    try (ClearinghouseServer server = ClearinghouseServer.builder().dataSource(ds).signingKey(key)
        .host("127.0.0.1").port(0).build().start()) {
      Accounts accounts = server.accounts();
      accounts.addPlatform("pg-platform");
      accounts.addPlatform("pg-other");
      String secret = accounts.createCredential("pg-platform", Set.of(Scope.REPORTS_WRITE)).secret();
      String other = accounts.createCredential("pg-other", Set.of(Scope.REPORTS_WRITE)).secret();
      String base = "http://127.0.0.1:" + server.port();
      Report report = Fixture.report("u_pg");
      byte[] body = ReportJson.write(report);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/v1/reports"))
          .header("Authorization", "Bearer " + secret).header("Idempotency-Key", report.id())
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Callable<HttpResponse<String>> call = () -> http.send(post, HttpResponse.BodyHandlers.ofString());
          answers.add(pool.submit(call));
        }
        List<Integer> codes = new ArrayList<>();
        String first = null;
        for (Future<HttpResponse<String>> f : answers) {
          HttpResponse<String> r = f.get();
          codes.add(r.statusCode());
          first = first == null ? r.body() : first;
          assertThat(r.body()).isEqualTo(first);
        }
        assertThat(codes).containsOnly(200, 201).containsOnlyOnce(201);
      } finally {
        pool.shutdownNow();
      }

      Receipt receipt = clientFor(base, secret, key).submit(report);
      assertThat(receipt.reportId()).isEqualTo(report.id());
      HttpResponse<String> theirs = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/reports/" + report.id()))
          .header("Authorization", "Bearer " + other).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertProblem(theirs, 404, "not-found");
      clientFor(base, secret, key).retract(report.id(), "test over");
      assertThat(clientFor(base, secret, key).status(report.id()).status()).isEqualTo("RETRACTED");
    }
  }

  /**
   * The server as {@code --postgres} configures it keeps a pool of connections (tagged with the
   * clearinghouse's application name) instead of opening one per request, and closes it on stop.
   */
  @Test
  void theCommandLineServerOnPostgresServesFromAPool(@TempDir Path data) throws Exception {
    ClearinghouseMain main = new ClearinghouseMain();
    new CommandLine(main).parseArgs("--postgres", postgres.jdbcUrl(), "--data", data.toString(), "--host", "127.0.0.1");
    try (ClearinghouseServer server = main.serverBuilder(0).build().start()) {
      server.accounts().addPlatform("pg-cli");
      String secret = server.accounts().createCredential("pg-cli", Set.of(Scope.REPORTS_WRITE)).secret();
      io.tripline.report.ClearinghouseReportClient client =
          clientFor("http://127.0.0.1:" + server.port(), secret, server.signingKey());
      for (int i = 0; i < 30; i++) {
        Report report = Fixture.report("u_pool_" + i);
        assertThat(client.submit(report).reportId()).isEqualTo(report.id());
      }
      assertThat(poolConnections()).isBetween(1, ClearinghouseMain.POOL_SIZE);
    } finally {
      main.closePool();
    }
    assertThat(poolConnections()).isZero();
  }

  /** The open connections of the server's pool (tagged with its application name). */
  private static int poolConnections() throws Exception {
    try (Connection c = postgres.database().getConnection();
        PreparedStatement p = c.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
      p.setString(1, ClearinghouseMain.APPLICATION_NAME);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static io.tripline.report.ClearinghouseReportClient clientFor(String base, String secret, SigningKey key) {
    return io.tripline.report.ClearinghouseReportClient.builder().baseUrl(base + "/").credential(secret)
        .publicKeys(java.util.Map.of(key.keyId(), key.publicKey())).build();
  }
}
