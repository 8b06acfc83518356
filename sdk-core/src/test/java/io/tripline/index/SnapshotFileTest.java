package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.TriplineException;
import io.tripline.spi.ImageHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {

  private static final int PDQ_COUNT = 60_000;
  private static List<Indicator> indicators;
  private static IndicatorIndex index;

  @TempDir Path dir;

  private static String hex(Random random, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static IndicatorIndex.Builder builder() {
    return IndicatorIndex.builder().hammingType("pdq", 256).hammingType("dhash72", 72).hammingType("phash64", 64);
  }

  @BeforeAll
  static void buildIndex() {
    Random random = new Random(11);
    indicators = new ArrayList<>();
    // Enough hashes that every column crosses the reader's and writer's 1 MiB buffers many times.
    for (int i = 0; i < PDQ_COUNT; i++) {
      indicators.add(new Indicator("pdq-" + i, i % 2 == 0 ? "confirmed" : "partner", "pdq", hex(random, 64),
          List.of("csam"), Severity.HIGH, i % 3 == 0 ? Instant.ofEpochSecond(1_700_000_000L + i) : null, null));
    }
    indicators.add(new Indicator("d-1", "confirmed", "dhash72", hex(random, 18), List.of("ncii", "csam"),
        Severity.MEDIUM, Instant.parse("2026-11-28T10:00:00.5Z"), Instant.parse("2030-01-01T00:00:00Z")));
    indicators.add(Indicator.of("p-1", "confirmed", "phash64", hex(random, 16), Severity.LOW));
    indicators.add(Indicator.of("m-1", "confirmed", "md5", hex(random, 32), Severity.HIGH, "csam"));
    indicators.add(Indicator.of("s-1", "confirmed", "sha256", hex(random, 64), Severity.HIGH, "csam"));
    indicators.add(Indicator.of("ph-1", "tips", "phone.sha256", hex(random, 64), Severity.MEDIUM, "trafficking"));
    indicators.add(Indicator.of("t-1", "tips", "term", "Fresh In Town", Severity.MEDIUM, "trafficking"));
    indicators.add(new Indicator("h-ü", "tips", "handle.plain", "Some-Handle", List.of(), Severity.LOW, null,
        Instant.parse("2027-06-01T00:00:00Z")));
    index = builder().addAll(indicators).build();
  }

  private static Indicator canonical(Indicator i) {
    boolean hex = !i.signalType().equals("term") && !i.signalType().equals("handle.plain");
    return new Indicator(i.id(), i.feed(), i.signalType(), hex ? i.value().toLowerCase() : i.value(), i.labels(),
        i.severity(), i.addedAt(), i.expiresAt());
  }

  @Test
  void aWrittenSnapshotReadsBackAsTheSameIndicatorsAndMetadata() {
    Path file = dir.resolve("index.snapshot");
    SnapshotFile.write(index, Map.of("cursor.confirmed", "c-000482", "cursor.tips", "c-17"), file);

    SnapshotFile.Snapshot read = SnapshotFile.read(file);

    IndicatorIndex back = read.index();
    assertThat(read.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("cursor.confirmed", "c-000482", "cursor.tips", "c-17"));
    assertThat(back.size()).isEqualTo(indicators.size());
    assertThat(back.hammingTypes()).isEqualTo(index.hammingTypes());
    for (Indicator i : indicators) {
      assertThat(back.find(i.feed(), i.id())).as(i.id()).contains(canonical(i));
    }
    Indicator someDigest = indicators.get(PDQ_COUNT + 2);
    assertThat(back.exact("md5", someDigest.value())).containsExactly(someDigest);
    assertThat(back.terms().size()).isEqualTo(1);
    assertThat(back.exact("handle.plain", "Some-Handle")).extracting(Indicator::id).containsExactly("h-ü");
    Random random = new Random(12);
    for (int q = 0; q < 50; q++) {
      ImageHash query = new ImageHash("pdq", ImageHash.parseHex(indicators.get(random.nextInt(PDQ_COUNT)).value(), 256),
          256, 100);
      assertThat(back.near(query, 31)).isEqualTo(index.near(query, 31));
    }
  }

  @Test
  void deletedEntriesAreNotWrittenAndTheRestKeepTheirData() {
    IndicatorChanges.Builder changes = IndicatorChanges.builder();
    for (int i = 0; i < PDQ_COUNT; i += 2) {
      changes.delete("confirmed", "pdq-" + i);
    }
    changes.delete("confirmed", "m-1");
    IndicatorIndex after = index.withChanges(changes.build());
    Path file = dir.resolve("index.snapshot");
    SnapshotFile.write(after, Map.of(), file);

    IndicatorIndex back = SnapshotFile.read(file).index();

    assertThat(back.size()).isEqualTo(after.size()).isEqualTo(indicators.size() - PDQ_COUNT / 2 - 1);
    assertThat(back.find("confirmed", "pdq-0")).isEmpty();
    assertThat(back.find("confirmed", "m-1")).isEmpty();
    assertThat(back.find("partner", "pdq-1")).contains(canonical(indicators.get(1)));
  }

  @Test
  void aTruncatedFileIsRefusedAtAnyLength() throws IOException {
    Path file = dir.resolve("index.snapshot");
    SnapshotFile.write(index, Map.of(), file);
    byte[] bytes = Files.readAllBytes(file);
    for (int length : new int[] {0, 7, 19, 20, 100, bytes.length / 2, bytes.length - 5, bytes.length - 1}) {
      Path cut = dir.resolve("cut-" + length);
      Files.write(cut, Arrays.copyOf(bytes, length));
      assertThatThrownBy(() -> SnapshotFile.read(cut)).as("cut at %d", length)
          .isInstanceOf(CorruptSnapshotException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void aFlippedByteAnywhereIsRefused() throws IOException {
    IndicatorIndex small = builder().addAll(indicators.subList(PDQ_COUNT - 50, indicators.size())).build();
    Path file = dir.resolve("small.snapshot");
    SnapshotFile.write(small, Map.of("cursor", "c-1"), file);
    byte[] bytes = Files.readAllBytes(file);
    for (int at = 0; at < bytes.length; at++) {
      byte[] damaged = bytes.clone();
      damaged[at] ^= 0x10;
      Path bad = dir.resolve("bad.snapshot");
      Files.write(bad, damaged);
      int offset = at;
      // Whatever the damage hits (magic, version, a length, a count, data, the checksum), the
      // file is refused as corrupt: never read as other data, never an unrelated exception.
      assertThatThrownBy(() -> SnapshotFile.read(bad)).as("byte %d", offset)
          .isInstanceOf(CorruptSnapshotException.class);
    }
  }

  @Test
  void otherFilesAndVersionsAreRefusedByName() throws IOException {
    Path file = dir.resolve("index.snapshot");
    SnapshotFile.write(index, Map.of(), file);
    byte[] bytes = Files.readAllBytes(file);

    Path text = dir.resolve("text");
    Files.writeString(text, "{\"op\":\"upsert\",\"id\":\"x\",\"signal\":{\"type\":\"md5\",\"value\":\"00\"}}\n");
    assertThatThrownBy(() -> SnapshotFile.read(text)).isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("not a Tripline snapshot");

    byte[] future = bytes.clone();
    ByteBuffer.wrap(future).putInt(8, SnapshotFile.VERSION + 1);
    Path next = dir.resolve("next");
    Files.write(next, future);
    assertThatThrownBy(() -> SnapshotFile.read(next)).isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("format version " + (SnapshotFile.VERSION + 1));

    assertThatThrownBy(() -> SnapshotFile.read(dir.resolve("missing"))).isInstanceOf(TriplineException.class)
        .hasMessageContaining("no snapshot at");
  }

  @Test
  void theReplacedFileIsKeptAndServesWhenTheNewestIsDamaged() throws IOException {
    Path file = dir.resolve("index.snapshot");
    assertThat(SnapshotFile.readNewest(file)).isEmpty();
    IndicatorIndex first = builder().add(indicators.get(PDQ_COUNT + 2)).build();
    SnapshotFile.write(first, Map.of("cursor", "c-1"), file);
    SnapshotFile.write(index, Map.of("cursor", "c-2"), file);
    assertThat(SnapshotFile.readNewest(file)).get().extracting(s -> s.metadata().get("cursor")).isEqualTo("c-2");

    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);

    SnapshotFile.Snapshot fallback = SnapshotFile.readNewest(file).orElseThrow();
    assertThat(fallback.metadata()).containsEntry("cursor", "c-1");
    assertThat(fallback.index().size()).isEqualTo(1);
    // No temporary file is left behind by the writes.
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("index.snapshot", "index.snapshot.previous");
    }
  }
}
