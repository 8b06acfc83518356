package io.tripline.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ads, kept as files in one folder so a restart keeps them: {@code 000042.json} per ad, plus
 * {@code 000042.image} (the upload's bytes as received, what a reviewer would look at) and
 * {@code 000042.thumb.jpg} (the re-encoded public thumbnail) for ads with an image. The JSON is
 * written last, by an atomic rename, so a crash never leaves a half-written ad behind.
 *
 * <p>Thread-safe. One process owns the folder.
 */
final class AdStore {

  private static final Logger log = LoggerFactory.getLogger(AdStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Clock clock;
  private final ConcurrentNavigableMap<Long, Ad> ads = new ConcurrentSkipListMap<>();
  private long lastId;

  /**
   * Opens the store in {@code dir}, creating the folder if needed and loading every ad in it.
   *
   * @throws UncheckedIOException if the folder cannot be created or listed
   */
  AdStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
        for (Path file : files) {
          load(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the ad store in " + dir, e);
    }
    lastId = ads.isEmpty() ? 0 : ads.lastKey();
  }

  private void load(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      Ad ad = new Ad(node.path("id").asLong(), node.path("title").asText(), node.path("text").asText(),
          Ad.Status.fromWireName(node.path("status").asText()), Instant.parse(node.path("postedAt").asText()),
          node.path("hasImage").asBoolean(), node.hasNonNull("reviewItem") ? node.get("reviewItem").asText() : null);
      ads.put(ad.id(), ad);
    } catch (IOException | RuntimeException e) {
      // One damaged file must not take the whole site down; leave it for an operator.
      log.warn("skipping unreadable ad file {}: {}", file.getFileName(), e.toString());
    }
  }

  /**
   * Stores a new ad and returns it.
   *
   * @param image the upload's bytes and its thumbnail, or null for an ad without an image
   * @throws UncheckedIOException if the files cannot be written
   */
  synchronized Ad add(String title, String text, Ad.Status status, @Nullable StoredImage image,
      @Nullable String reviewItem) {
    Ad ad = new Ad(lastId + 1, title, text, status, clock.instant(), image != null, reviewItem);
    try {
      if (image != null) {
        write(imageFile(ad.id()), image.original());
        write(thumbnailFile(ad.id()), image.thumbnailJpeg());
      }
      writeJson(ad);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store ad " + ad.id(), e);
    }
    lastId = ad.id();
    ads.put(ad.id(), ad);
    return ad;
  }

  /**
   * Sets the status of the ad held under review item {@code reviewItem} (a reviewer's decision);
   * the same decision twice changes nothing. Returns the ad, if there is one.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  synchronized Optional<Ad> decide(String reviewItem, Ad.Status status) {
    Optional<Ad> held = ads.values().stream().filter(a -> reviewItem.equals(a.reviewItem())).findFirst();
    if (held.isEmpty() || held.get().status() == status) {
      return held;
    }
    Ad a = held.get();
    Ad changed = new Ad(a.id(), a.title(), a.text(), status, a.postedAt(), a.hasImage(), a.reviewItem());
    try {
      writeJson(changed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store ad " + a.id(), e);
    }
    ads.put(changed.id(), changed);
    return Optional.of(changed);
  }

  private void writeJson(Ad ad) throws IOException {
    ObjectNode node = JSON.createObjectNode()
        .put("id", ad.id())
        .put("title", ad.title())
        .put("text", ad.text())
        .put("status", ad.status().wireName())
        .put("postedAt", ad.postedAt().toString())
        .put("hasImage", ad.hasImage())
        .put("reviewItem", ad.reviewItem());
    write(dir.resolve(baseName(ad.id()) + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
  }

  /** Every ad, newest first, except those a reviewer took down. */
  List<Ad> newestFirst() {
    return ads.descendingMap().values().stream().filter(a -> a.status() != Ad.Status.REMOVED).toList();
  }

  /** Whether there is no ad at all (a fresh data folder). */
  boolean isEmpty() {
    return ads.isEmpty();
  }

  Optional<Ad> find(long id) {
    return Optional.ofNullable(ads.get(id));
  }

  /** The public thumbnail of ad {@code id}; exists only if the ad has an image. */
  Path thumbnailFile(long id) {
    return dir.resolve(baseName(id) + ".thumb.jpg");
  }

  private Path imageFile(long id) {
    return dir.resolve(baseName(id) + ".image");
  }

  private static String baseName(long id) {
    return String.format("%06d", id);
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * An ad's image: the bytes as uploaded and the thumbnail the site shows.
   *
   * @param original the upload, unchanged
   * @param thumbnailJpeg a re-encoded, metadata-free JPEG small enough for the listing
   */
  record StoredImage(byte[] original, byte[] thumbnailJpeg) {}
}
