package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clearinghouse in its own JVM, killed (SIGKILL, no shutdown hook) right after answering:
 * every report it answered 201 is in the store when the server comes back.
 */
class CrashTest {

  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");

  @TempDir Path dir;

  @Test
  void everyReportAnsweredBeforeAKillIsThereAfterIt() throws Exception {
    Path data = dir.resolve("data");
    String secret;
    SigningKey key;
    try (Accounts accounts = Accounts.open(data)) {
      accounts.addPlatform("example-classifieds");
      secret = accounts.createCredential("example-classifieds", Set.of(Scope.REPORTS_WRITE)).secret();
    }
    key = SigningKey.loadOrCreate(data);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ClearinghouseMain.class.getName(), "--host", "127.0.0.1", "--port", "0", "--data", data.toString())
        .redirectErrorStream(true).start();
    List<Receipt> receipts = new ArrayList<>();
    try {
      int port = awaitPort(process);
      ClearinghouseReportClient client = ClearinghouseReportClient.builder()
          .baseUrl("http://127.0.0.1:" + port + "/").credential(secret)
          .publicKeys(Map.of(key.keyId(), key.publicKey())).build();
      for (int i = 0; i < 10; i++) {
        receipts.add(client.submit(Fixture.report("u_crash_" + i)));
      }
    } finally {
      process.destroyForcibly();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    try (Fixture after = Fixture.start(data)) {
      for (Receipt receipt : receipts) {
        assertThat(after.client(secret).status(receipt.reportId()).status()).isEqualTo("RECEIVED");
      }
      Report first = Fixture.report("u_crash_0");
      assertThat(after.client(secret).submit(first).body()).isEqualTo(receipts.get(0).body());
    }
  }

  private static int awaitPort(Process process) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe from filling
            }
          } catch (java.io.IOException ignored) {
            // the process is gone
          }
        }, "crash-test-drain");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the clearinghouse did not start");
  }
}
