package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.clearinghouse.routing.RouteKey;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ncmec.NcmecClient;
import io.tripline.report.ncmec.NcmecEnvironment;
import io.tripline.report.outbox.OutboxState;
import io.tripline.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Route delivery on PostgreSQL (embedded binaries, no Docker): migration 2 applies there (with
 * its append-only trigger), the adapters' outbox lives in the same database, and a report whose
 * first filing failed is filed once after a restart. Aborted (not failed) where the binaries
 * cannot start, unless {@code CI=true}.
 */
class PostgresRouteDeliveryTest {

  @RegisterExtension static final PostgresServer postgres = new PostgresServer();

  @StartStop
  private final MockWebServer ncmecServer = new MockWebServer();
  private final NcmecDouble ncmec = new NcmecDouble();

  private ClearinghouseServer start(DataSource ds, SigningKey key) {
    NcmecClient client = NcmecClient.builder().environment(NcmecEnvironment.TEST)
        .credentials(NcmecEnvironment.TEST, NcmecDouble.USER, NcmecDouble.PASSWORD.toCharArray())
        .baseUrl(NcmecEnvironment.TEST, ncmecServer.url("/ispws/").toString())
        .readTimeout(Duration.ofSeconds(5)).retries(1, 1).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    return ClearinghouseServer.builder().dataSource(ds).signingKey(key).host("127.0.0.1").port(0)
        .ncmec(client, RouteDeliveryTest.reporter())
        .routeTuning(r -> r.poll(Duration.ofMillis(50)).sweepInterval(Duration.ofMillis(300))
            .retries(1000, Duration.ofMillis(50), Duration.ofMillis(200)))
        .build().start();
  }

  private static ClearinghouseReportClient client(ClearinghouseServer server, String secret, SigningKey key) {
    return ClearinghouseReportClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/").credential(secret)
        .publicKeys(Map.of(key.keyId(), key.publicKey())).build();
  }

  @Test
  void aReportFiledWhileNcmecWasDownIsFiledOnceAfterARestartOnPostgres() throws Exception {
    ncmecServer.setDispatcher(ncmec);
    DataSource ds = postgres.database();
    SigningKey key = SigningKey.generate();
    Report report = Fixture.report("u_pg_route");
    String secret;
    ncmec.down = true;
    try (ClearinghouseServer server = start(ds, key)) {
      server.accounts().addPlatform("pg-routes");
      secret = server.accounts().createCredential("pg-routes", Set.of(Scope.REPORTS_WRITE)).secret();
      client(server, secret, key).submit(report);
      RouteDeliveryTest.await("a failed attempt", () -> client(server, secret, key).status(report.id()).routes()
          .get(0).status() == Receipt.RouteStatus.FAILED_RETRYABLE);
    }

    ncmec.down = false;
    try (ClearinghouseServer server = start(ds, key)) {
      RouteDeliveryTest.await("the route DELIVERED", () -> client(server, secret, key).status(report.id()).routes()
          .get(0).status() == Receipt.RouteStatus.DELIVERED);
      server.routes().sweep();
      Thread.sleep(300);
      assertThat(ncmec.finished()).hasSize(1);
      assertThat(ncmec.reports()).hasSize(1);
      assertThat(client(server, secret, key).status(report.id()).routes().get(0).externalId())
          .isEqualTo(Long.toString(ncmec.finished().get(0).id));
      assertThat(server.routes().outboxRecord(new RouteKey("pg-routes", report.id(), "NCMEC_CYBERTIPLINE"))
          .orElseThrow().state()).isEqualTo(OutboxState.DELIVERED);
    }

    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("delete from ch_route_event")).isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
  }
}
