package io.tripline.sample;

import io.tripline.PlatformContext;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Uploader;
import io.tripline.Verdict;
import io.tripline.report.evidence.EvidenceKeys;
import io.tripline.report.evidence.EvidenceStore;
import io.tripline.review.ReviewEvent;
import io.tripline.review.ReviewListener;
import io.tripline.review.ReviewQueue;
import io.tripline.review.ClearinghouseOpinionClient;
import io.tripline.review.OpinionSink;
import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.ClearinghouseSink;
import io.tripline.report.ReportFiler;
import io.tripline.report.Reports;
import io.tripline.report.outbox.Outbox;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's review queue: flagged ads wait in {@code review.db} in the data folder, the content
 * of their images encrypted in {@code evidence/} (AES-GCM, with a demo key generated once into
 * {@code keys/evidence.key}; a real deployment takes its keys from configuration, see
 * {@link EvidenceKeys#fromConfiguration}). A reviewer's decision acts on the ad: approve publishes
 * it, remove and report take it down. On a fresh data folder one flagged demo ad is posted, so the
 * queue has something to show.
 */
final class ReviewSetup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReviewSetup.class);
  private static final String KEY_ID = "demo";
  /** The demo platforms are US providers: their reports route to NCMEC through the clearinghouse. */
  static final String PROVIDER_COUNTRY = "US";

  private final ReviewQueue queue;
  private final ScheduledExecutorService effects;
  private final @Nullable Outbox outbox;
  private final @Nullable ReportFiler filer;

  private ReviewSetup(ReviewQueue queue, ScheduledExecutorService effects, @Nullable Outbox outbox,
      @Nullable ReportFiler filer) {
    this.queue = queue;
    this.effects = effects;
    this.outbox = outbox;
    this.filer = filer;
  }

  /**
   * Opens the queue in {@code data} for {@code tripline}'s flags, acting on {@code ads}.
   *
   * @throws UncheckedIOException if the key or the folders cannot be written
   */
  static ReviewSetup open(Path data, Tripline tripline, AdStore ads, @Nullable ClearinghouseLink link) {
    EvidenceStore evidence = EvidenceStore.builder()
        .directory(data.resolve("evidence"))
        .keys(EvidenceKeys.of(KEY_ID, Map.of(KEY_ID, demoKey(data.resolve("keys").resolve("evidence.key")))))
        .build();
    ReviewQueue.Builder queueBuilder = ReviewQueue.builder()
        .sqlite(data.resolve("review.db"))
        .evidence(evidence)
        .policy(tripline.policy())
        .listener(new AdDecisions(ads));
    Outbox outbox = null;
    ReportFiler filer = null;
    if (link != null) {
      // Reports and opinions leave through the durable outbox: committed before the answer,
      // delivered beside the upload path, receipts kept.
      outbox = Outbox.builder()
          .sqlite(data.resolve("outbox.db"))
          .sink(ClearinghouseSink.DESTINATION, new ClearinghouseSink(ClearinghouseReportClient.builder()
              .baseUrl(link.baseUrl()).credential(link.credential()).publicKeys(link.publicKeys()).build()))
          .sink(OpinionSink.DESTINATION, new OpinionSink(ClearinghouseOpinionClient.builder()
              .baseUrl(link.baseUrl()).credential(link.credential()).build()))
          .build();
      Reports reports = Reports.builder().policy(tripline.policy()).providerCountries(PROVIDER_COUNTRY).build();
      filer = ReportFiler.builder(reports, outbox).evidence(evidence).build();
      queueBuilder.reporting(reports, filer).opinions(outbox, Set.of(link.feedId()));
    }
    ReviewQueue queue = queueBuilder.build();
    ScheduledExecutorService effects = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tripline-sample-review-effects");
      t.setDaemon(true);
      return t;
    });
    // Decisions whose effects (the ad's status) did not complete are finished on start and then
    // looked at every half minute.
    effects.scheduleWithFixedDelay(() -> {
      try {
        queue.resumeEffects();
      } catch (RuntimeException e) {
        log.warn("review effects could not be resumed ({})", e.getClass().getSimpleName());
      }
    }, 0, 30, TimeUnit.SECONDS);
    return new ReviewSetup(queue, effects, outbox, filer);
  }

  ReviewQueue queue() {
    return queue;
  }

  /** The outbox of reports and opinions; only with a clearinghouse link. */
  @Nullable Outbox outbox() {
    return outbox;
  }

  /** Files the automatic reports of uploads; only with a clearinghouse link. */
  @Nullable ReportFiler filer() {
    return filer;
  }

  /**
   * On a fresh data folder: posts the demo's flagged ad (its text and the clean demo image) through
   * Tripline as an upload would go, so the review queue starts with one item.
   */
  void seedIfEmpty(Tripline tripline, AdStore ads, PlatformContext platform) {
    if (!ads.isEmpty()) {
      return;
    }
    String text = demoText(DemoFile.FLAGGED_TEXT);
    byte[] image = demoBytes(DemoFile.CLEAN_IMAGE);
    String title = "Vintage bicycle (demo ad held for review)";
    Submission submission = Submission.builder()
        .text("title", title)
        .text("text", text)
        .file("image", DemoFile.CLEAN_IMAGE.fileName(), DemoFile.CLEAN_IMAGE.contentType(), image)
        .uploader(new Uploader(null, "192.0.2.10"))
        .context(platform)
        .build();
    Verdict verdict = tripline.inspect(submission);
    if (!(verdict instanceof Verdict.Flag flag)) {
      log.warn("the demo's flagged ad was not flagged ({}); the review queue starts empty",
          verdict.getClass().getSimpleName());
      return;
    }
    String item = queue.submit(flag, submission);
    Optional<byte[]> thumbnail = Thumbnails.of(image);
    ads.add(title, text, Ad.Status.PENDING_REVIEW,
        thumbnail.map(t -> new AdStore.StoredImage(image, t)).orElse(null), item);
    log.info("posted the demo's flagged ad; it waits in the review queue");
  }

  private static String demoText(DemoFile file) {
    return new String(demoBytes(file), StandardCharsets.UTF_8).strip();
  }

  private static byte[] demoBytes(DemoFile file) {
    try (InputStream in = file.open()) {
      if (in == null) {
        throw new IllegalStateException("the demo file " + file.fileName() + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo's evidence key, made once (32 random bytes, base64) and kept readable by the owner only. */
  private static String demoKey(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temp = Files.createTempFile(file.getParent(), "key", ".tmp");
        try {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system: the folder's own protection applies.
        }
        Files.write(temp, Base64.getEncoder().encode(key), StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the demo evidence key " + file, e);
    }
  }

  @Override
  public void close() {
    effects.shutdownNow();
    queue.close();
    if (outbox != null) {
      outbox.close();
    }
  }

  /** A decision on a flagged ad: approve publishes it, remove and report take it down. */
  static final class AdDecisions implements ReviewListener {
    private final AdStore ads;

    AdDecisions(AdStore ads) {
      this.ads = ads;
    }

    @Override
    public void approved(ReviewEvent event) {
      ads.decide(event.item().id(), Ad.Status.PUBLISHED)
          .ifPresent(ad -> log.info("ad {} published after review", ad.id()));
    }

    @Override
    public void removed(ReviewEvent event) {
      ads.decide(event.item().id(), Ad.Status.REMOVED)
          .ifPresent(ad -> log.info("ad {} taken down after review", ad.id()));
    }

    @Override
    public void reported(ReviewEvent event) {
      removed(event);
    }
  }
}
