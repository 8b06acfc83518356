package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything accepted before a restart is there after it, with the same key and receipts. */
class RestartTest {

  @TempDir Path dir;

  @Test
  void aRestartOnTheSameDataDirKeepsEveryAcceptedReportAndTheSigningKey() {
    List<Receipt> receipts = new ArrayList<>();
    List<Report> reports = new ArrayList<>();
    String secret;
    String keyId;
    try (Fixture first = Fixture.start(dir)) {
      secret = first.credential("example-classifieds", Scope.REPORTS_WRITE);
      keyId = first.server.signingKey().keyId();
      for (int i = 0; i < 5; i++) {
        Report report = Fixture.report("u_" + i);
        reports.add(report);
        receipts.add(first.client(secret).submit(report));
      }
    }
    try (Fixture second = Fixture.start(dir)) {
      assertThat(second.server.signingKey().keyId()).isEqualTo(keyId);
      for (int i = 0; i < reports.size(); i++) {
        // The client pins the key of the first run: the stored receipt still verifies.
        Receipt replayed = second.client(secret).submit(reports.get(i));
        assertThat(replayed.body()).isEqualTo(receipts.get(i).body());
        ReportStatus status = second.client(secret).status(reports.get(i).id());
        assertThat(status.status()).isEqualTo("RECEIVED");
      }
    }
  }
}
