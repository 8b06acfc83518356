package io.tripline.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.FileEvidence;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.feed.ClearinghouseFeed;
import io.tripline.feed.FeedSync;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.Receipt;
import io.tripline.report.Report;
import io.tripline.report.ReportJson;
import io.tripline.report.Subject;
import io.tripline.rules.ReportCategory;
import io.tripline.spi.ImageHash;
import io.tripline.testkit.TestImages;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One platform's confirmation protecting another, through the server: platform A files a
 * human-reviewed report of an image; the server publishes its digests in the shared feed; platform
 * B's SDK syncs over HTTP with B's own credential and the pinned server key, and blocks the image
 * and a re-encoded, resized copy of it. A's retraction lets it through again after B's next sync.
 */
class SharingTest {
  private static final BufferedImage SCENE = TestImages.scene(41, 640, 480);
  private static final byte[] IMAGE = TestImages.png(SCENE);

  @TempDir Path dir;

  @Test
  void aReportFromAProtectsBAndItsRetractionReleases() throws Exception {
    try (Fixture ch = Fixture.start(dir)) {
      String a = ch.credential("platform-a", Scope.REPORTS_WRITE);
      String b = ch.credential("platform-b", Scope.FEEDS_READ);
      Tripline platformB = Tripline.builder().build();
      byte[] copy = TestImages.jpeg(resized(SCENE, 500, 375), 0.8f);
      assertThat(inspect(platformB, IMAGE)).isInstanceOf(Verdict.Allow.class);
      assertThat(inspect(platformB, copy)).isInstanceOf(Verdict.Allow.class);

      ClearinghouseFeed feed = ClearinghouseFeed.builder().baseUrl(ch.base + "/").feedId("confirmed-hashes")
          .credential(b).publicKeys(Map.of(ch.server.signingKey().keyId(), ch.server.signingKey().publicKey()))
          .retries(1, Duration.ofSeconds(5)).build();
      try (FeedSync sync = FeedSync.builder(platformB).feed(feed, Duration.ofHours(1)).build()) {
        sync.start();

        ClearinghouseReportClient client = ch.client(a);
        Report report = reviewedReport(digests(IMAGE));
        Receipt receipt = client.submit(report.id(), ReportJson.write(report));
        assertThat(receipt.reportId()).isEqualTo(report.id());

        sync.syncNow();
        assertThat(sync.status()).singleElement().satisfies(s -> assertThat(s.lastError()).isNull());
        Verdict same = inspect(platformB, IMAGE);
        assertThat(same).isInstanceOf(Verdict.Block.class);
        assertThat(same.matches()).allSatisfy(m -> assertThat(m.feed()).isEqualTo("confirmed-hashes"));
        Verdict reencoded = inspect(platformB, copy);
        assertThat(reencoded).isInstanceOf(Verdict.Block.class);
        assertThat(reencoded.matches()).extracting(m -> m.signalType()).containsExactly("pdq");

        assertThat(ch.post("/v1/reports/" + report.id() + "/retract", a, null, "{\"reason\":\"reviewed again\"}")
            .statusCode()).isEqualTo(200);
        sync.syncNow();
        assertThat(inspect(platformB, IMAGE)).isInstanceOf(Verdict.Allow.class);
        assertThat(inspect(platformB, copy)).isInstanceOf(Verdict.Allow.class);
      }
    }
  }

  private static Verdict inspect(Tripline tripline, byte[] image) {
    return tripline.inspect(Submission.builder().file("image", "upload", "image/png", image).build());
  }

  private static BufferedImage resized(BufferedImage source, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(source.getScaledInstance(width, height, Image.SCALE_SMOOTH), 0, 0, null);
    return out;
  }

  /** The digests platform A's SDK computes for the upload. */
  private static Report.Digests digests(byte[] image) {
    FileEvidence file = Tripline.builder().build().inspect(Submission.builder()
        .file("image", "upload", "image/png", image).build()).files().get(0);
    ImageHash pdq = file.hashes().stream().filter(h -> h.signalType().equals("pdq")).findFirst().orElseThrow();
    return new Report.Digests(file.sha256(), file.md5(), pdq.toHex(), pdq.quality());
  }

  private static Report reviewedReport(Report.Digests digests) {
    Instant at = Instant.parse("2026-11-28T09:58:00Z");
    return Report.builder()
        .category(ReportCategory.CHILD_SEX_TRAFFICKING)
        .occurredAt(at)
        .knowledgeAt(at.plusSeconds(120))
        .urgent(false)
        .platform("platform-a")
        .method(Report.Detection.Method.HUMAN_REVIEW)
        .humanReviewed(true)
        .addSubject(Subject.Involved.reportedUser("u_1", null, List.of()))
        .addEvidence(new Report.Evidence("ev_1", digests, true, Report.EvidenceMode.HASH_ONLY))
        .providerCountries("US")
        .notifySubject(false)
        .build();
  }
}
