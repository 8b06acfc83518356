package io.tripline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short IntakeLoad run (3 s at 100 reports/s, the server killed with SIGKILL in the middle and
 * started again): every report the server acknowledged is stored afterwards with the routes of its
 * signed receipt. Correctness only; the timings it prints are not asserted.
 */
class IntakeLoadTest {

  @TempDir Path dir;

  @Test
  void noAcknowledgedReportIsLostWhenTheServerIsKilledMidRun() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    IntakeLoad.Config config = new IntakeLoad.Config(100, 3, 1.5, true, 0, 16, true, 0.5, dir.resolve("data"),
        List.of());
    IntakeLoad.Result r = new IntakeLoad(config, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    String output = printed.toString(StandardCharsets.UTF_8);

    assertThat(r.offered()).as(output).isEqualTo(300);
    assertThat(r.errors()).as(output).isZero();
    assertThat(r.acknowledged()).as(output).isEqualTo(r.offered());
    assertThat(r.checked()).as(output).isEqualTo(r.acknowledged());
    assertThat(r.lost()).as(output).isZero();
    assertThat(r.restartWindow()).as("the server was restarted").isNotNull();
    assertThat(dir.resolve("data").resolve("server-2.log")).as("a second server process ran").exists();
  }

  @Test
  void theCommandLineOptionsMakeTheConfig() {
    IntakeLoad.Config c = IntakeLoad.parse(new String[] {"--rate", "250", "--seconds", "10", "--restart-at", "4",
        "--restart", "stop", "--no-group-commit", "--warmup", "0"});
    assertThat(c.rate()).isEqualTo(250);
    assertThat(c.seconds()).isEqualTo(10);
    assertThat(c.restartAt()).isEqualTo(4.0);
    assertThat(c.kill()).isFalse();
    assertThat(c.groupCommit()).isFalse();
    assertThat(c.warmupSeconds()).isZero();
    assertThat(IntakeLoad.parse(new String[] {"--no-restart"}).restartAt()).isNegative();
  }
}
