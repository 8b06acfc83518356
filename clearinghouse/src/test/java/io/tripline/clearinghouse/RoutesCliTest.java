package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Without NCMEC credentials a route waits, visible to the operator's {@code routes list}; an
 * operator who filed it by hand records it with {@code routes mark-delivered}, which the platform
 * then sees; every action is recorded. Also the NCMEC configuration of the command line.
 */
class RoutesCliTest {

  private static final String PLATFORM = "example-classifieds";

  @TempDir Path dir;
  private Fixture ch;
  private String secret;

  @BeforeEach
  void start() {
    ch = Fixture.start(dir.resolve("data"));
    secret = ch.credential(PLATFORM, Scope.REPORTS_WRITE);
  }

  @AfterEach
  void stop() {
    ch.close();
  }

  private record Run(int code, String out, String err) {}

  private Run run(Instant now, String... args) {
    return run(now, Map.of(), args);
  }

  private Run run(Instant now, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ClearinghouseMain main = new ClearinghouseMain();
    main.clock = Clock.fixed(now, ZoneOffset.UTC);
    main.environment = env::get;
    CommandLine cli = new CommandLine(main);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void aWaitingRouteIsListedAndAnOperatorsFilingByHandReachesThePlatformAndIsRecorded() throws Exception {
    Report report = Fixture.report("u_cli_1");
    ch.client(secret).submit(report);
    Instant soon = Fixture.KNOWN.plus(Duration.ofHours(2));

    Run listed = run(soon, "routes", "list", "--status", "PENDING", "--data", data());
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out()).contains(report.id() + "  " + PLATFORM + "  NCMEC_CYBERTIPLINE  MANDATORY  PENDING")
        .doesNotContain("OVERDUE").contains("1 route(s)");
    Run late = run(Fixture.KNOWN.plus(Duration.ofDays(3)), "routes", "list", "--destination", "NCMEC_CYBERTIPLINE",
        "--platform", PLATFORM, "--data", data());
    assertThat(late.out()).contains(report.id()).contains("OVERDUE");
    assertThat(run(soon, "routes", "list", "--platform", "another-platform", "--data", data()).out())
        .doesNotContain(report.id()).contains("0 route(s)");
    assertThat(run(soon, "routes", "list", "--status", "DELIVERED", "--data", data()).out()).doesNotContain(report.id());

    Run marked = run(soon, "routes", "mark-delivered", PLATFORM, report.id(), "NCMEC_CYBERTIPLINE", "--external-id",
        "123456789", "--note", "filed by hand on the CyberTipline web form", "--operator", "alice", "--data", data());
    assertThat(marked.code()).as(marked.err()).isZero();
    assertThat(marked.out()).contains("is DELIVERED (was PENDING)");

    ReportStatus status = ch.client(secret).status(report.id());
    assertThat(status.routes()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(Receipt.RouteStatus.DELIVERED);
      assertThat(r.externalId()).isEqualTo("123456789");
    });
    Run after = run(soon, "routes", "list", "--status", "DELIVERED", "--data", data());
    assertThat(after.out()).contains(report.id()).contains("123456789").doesNotContain("OVERDUE");

    // A second action on a delivered route changes nothing and says so.
    Run again = run(soon, "routes", "mark-failed", PLATFORM, report.id(), "NCMEC_CYBERTIPLINE", "--note", "oops",
        "--data", data());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("is DELIVERED: nothing changed");

    Run history = run(soon, "routes", "history", PLATFORM, report.id(), "--data", data());
    assertThat(history.out().strip().lines()).singleElement().asString()
        .contains("NCMEC_CYBERTIPLINE  PENDING -> DELIVERED  by operator:alice  external id 123456789"
            + "  note: filed by hand on the CyberTipline web form")
        .startsWith(soon.toString());

    // The record is append-only.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(Store.SQLITE_FILE));
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select count(*) from ch_route_event")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      assertThatThrownBy(() -> s.executeUpdate("update ch_route_event set actor = 'mallory'"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("delete from ch_route_event"))
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }
  }

  @Test
  void markFailedGivesAWaitingRouteUpWithItsReasonAndBadInputIsRefused() throws Exception {
    Report report = Fixture.report("u_cli_2");
    ch.client(secret).submit(report);
    Instant now = Fixture.KNOWN.plus(Duration.ofHours(1));

    assertThat(run(now, "routes", "mark-failed", PLATFORM, report.id(), "NCMEC_CYBERTIPLINE", "--note", " ",
        "--data", data()).code()).isEqualTo(2);
    assertThat(run(now, "routes", "mark-delivered", PLATFORM, report.id(), "NCMEC_CYBERTIPLINE", "--external-id",
        "has space", "--note", "x", "--data", data()).code()).isEqualTo(2);
    assertThat(run(now, "routes", "mark-delivered", "Bad Platform", report.id(), "NCMEC_CYBERTIPLINE",
        "--external-id", "1", "--note", "x", "--data", data()).code()).isEqualTo(2);
    Run unknown = run(now, "routes", "mark-failed", PLATFORM, "r_NOSUCHREPORT", "NCMEC_CYBERTIPLINE", "--note", "x",
        "--data", data());
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no route");
    assertThat(ch.client(secret).status(report.id()).routes().get(0).status()).isEqualTo(Receipt.RouteStatus.PENDING);

    Run failed = run(now, "routes", "mark-failed", PLATFORM, report.id(), "NCMEC_CYBERTIPLINE", "--note",
        "NCMEC says the account is suspended", "--operator", "bob", "--data", data());
    assertThat(failed.code()).as(failed.err()).isZero();
    assertThat(ch.client(secret).status(report.id()).routes().get(0).status())
        .isEqualTo(Receipt.RouteStatus.FAILED_PERMANENT);
    // Past its deadline a route that failed still needs a person: it is marked.
    assertThat(run(Fixture.KNOWN.plus(Duration.ofDays(2)), "routes", "list", "--status", "FAILED_PERMANENT",
        "--data", data()).out()).contains(report.id()).contains("OVERDUE");
    assertThat(run(now, "routes", "history", PLATFORM, report.id(), "--data", data()).out())
        .contains("PENDING -> FAILED_PERMANENT  by operator:bob  note: NCMEC says the account is suspended");

    // An operator who then files it by hand records that too.
    assertThat(run(now, "routes", "mark-delivered", PLATFORM, report.id(), "NCMEC_CYBERTIPLINE", "--external-id",
        "987", "--note", "filed by hand", "--data", data()).code()).isZero();
    assertThat(ch.client(secret).status(report.id()).routes().get(0).externalId()).isEqualTo("987");
  }

  @Test
  void theServerFilesWithNcmecOnlyWithBothCredentialsAndAReporterAndNeverShowsThePassword() {
    ClearinghouseMain main = new ClearinghouseMain();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(main);
    cli.setErr(new PrintWriter(err, true));
    cli.parseArgs("--data", dir.resolve("cli").toString(), "--ncmec-url", "http://127.0.0.1:9/ispws/");

    main.environment = Map.<String, String>of()::get;
    try (ClearinghouseServer s = main.serverBuilder(0).build()) {
      assertThat(s.routes().destinations()).isEmpty();
    }

    main.environment = Map.of(ClearinghouseMain.NCMEC_USERNAME_ENV, "esp-user")::get;
    assertThatThrownBy(() -> main.serverBuilder(0)).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("set both");

    String password = "s3cret-Ncmec-Passw0rd";
    main.environment = Map.of(ClearinghouseMain.NCMEC_USERNAME_ENV, "esp-user",
        ClearinghouseMain.NCMEC_PASSWORD_ENV, password)::get;
    assertThatThrownBy(() -> main.serverBuilder(0)).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--ncmec-reporter-email").hasMessageNotContaining(password);

    cli.parseArgs("--data", dir.resolve("cli").toString(), "--ncmec-url", "http://127.0.0.1:9/ispws/",
        "--ncmec-reporter-email", "cybertip@clearinghouse.example", "--ncmec-environment", "staging");
    assertThatThrownBy(() -> main.serverBuilder(0)).hasMessageContaining("test or production");

    cli.parseArgs("--data", dir.resolve("cli").toString(), "--ncmec-url", "http://127.0.0.1:9/ispws/",
        "--ncmec-reporter-email", "cybertip@clearinghouse.example");
    try (ClearinghouseServer s = main.serverBuilder(0).build()) {
      assertThat(s.routes().destinations()).containsExactly("NCMEC_CYBERTIPLINE");
    }
  }
}
