package io.tripline.report.evidence;

import static io.tripline.report.evidence.EvidenceFixtures.BASIS;
import static io.tripline.report.evidence.EvidenceFixtures.K1;
import static io.tripline.report.evidence.EvidenceFixtures.K2;
import static io.tripline.report.evidence.EvidenceFixtures.MARKER;
import static io.tripline.report.evidence.EvidenceFixtures.NOW;
import static io.tripline.report.evidence.EvidenceFixtures.REPORT;
import static io.tripline.report.evidence.EvidenceFixtures.REPORT_2;
import static io.tripline.report.evidence.EvidenceFixtures.YEAR;
import static io.tripline.report.evidence.EvidenceFixtures.content;
import static io.tripline.report.evidence.EvidenceFixtures.keys1;
import static io.tripline.report.evidence.EvidenceFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceStoreTest {

  @TempDir Path dir;
  private final EvidenceFixtures.Clock clock = new EvidenceFixtures.Clock();
  private EvidenceStore store;

  @BeforeEach
  void open() {
    store = store(dir, keys1(), clock);
  }

  private Path fileOf(String evidenceId) {
    return dir.resolve("files").resolve(java.util.HexFormat.of().formatHex(evidenceId.getBytes(StandardCharsets.US_ASCII))
        + ".tev");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("files"))) {
      return s.toList();
    }
  }

  @Test
  void preservedContentReadsBackAndIsEncryptedAtRest() throws IOException {
    PreservedEvidence p = store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);

    assertThat(p).isEqualTo(new PreservedEvidence("ev_1", List.of(REPORT), YEAR, BASIS, "k1", NOW));
    assertThat(store.read("ev_1", "reviewer:alice", "LE request 42")).isEqualTo(content("a"));
    byte[] onDisk = Files.readAllBytes(fileOf("ev_1"));
    assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER).startsWith("TEV1");
    // 12-byte nonce and 16-byte tag: the ciphertext is exactly the content plus the tag.
    int headerLength = ByteBuffer.wrap(onDisk, 4, 4).getInt();
    assertThat(onDisk.length - 8 - headerLength).isEqualTo(content("a").length + 16);
    assertThat(store.describe("ev_1")).contains(p);
    assertThat(files()).containsExactly(fileOf("ev_1")); // no temporary file left
  }

  @Test
  void theSameContentPreservedTwiceUsesFreshNonces() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    store.preserve("ev_2", REPORT, content("a"), YEAR, BASIS);

    byte[] one = Files.readAllBytes(fileOf("ev_1"));
    byte[] two = Files.readAllBytes(fileOf("ev_2"));
    byte[] tailOne = java.util.Arrays.copyOfRange(one, one.length - content("a").length - 16, one.length);
    byte[] tailTwo = java.util.Arrays.copyOfRange(two, two.length - content("a").length - 16, two.length);
    assertThat(tailOne).isNotEqualTo(tailTwo);
  }

  @Test
  void aStoreWithTheWrongKeyRefusesTheFile() {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    EvidenceStore other = store(dir, EvidenceKeys.of("k1", Map.of("k1", K2)), clock);

    assertThatThrownBy(() -> other.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class)
        .hasMessageContaining("ev_1").hasMessageContaining("integrity check");
  }

  @Test
  void aChangedCiphertextByteIsRefused() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    byte[] file = Files.readAllBytes(fileOf("ev_1"));
    file[file.length - 40] ^= 1;
    Files.write(fileOf("ev_1"), file);

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("integrity check");
  }

  @Test
  void aChangedTagIsRefused() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    byte[] file = Files.readAllBytes(fileOf("ev_1"));
    file[file.length - 1] ^= (byte) 0x80;
    Files.write(fileOf("ev_1"), file);

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class);
  }

  @Test
  void anEditedHeaderFailsTheTag() throws IOException {
    // Whoever edits "until" to keep content longer (or shorter) breaks the associated data.
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    String file = new String(Files.readAllBytes(fileOf("ev_1")), StandardCharsets.ISO_8859_1);
    assertThat(file).contains("2027-11-28T16:00:00Z");
    Files.write(fileOf("ev_1"), file.replace("2027-11-28T16:00:00Z", "2099-11-28T16:00:00Z")
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("integrity check");
  }

  @Test
  void filesSwappedBetweenEvidenceIdsAreRefused() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    store.preserve("ev_2", REPORT, content("b"), YEAR, BASIS);
    byte[] one = Files.readAllBytes(fileOf("ev_1"));
    byte[] two = Files.readAllBytes(fileOf("ev_2"));
    Files.write(fileOf("ev_1"), two);
    Files.write(fileOf("ev_2"), one);

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("swapped");
    assertThatThrownBy(() -> store.read("ev_2", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("swapped");
  }

  @Test
  void aSwappedFileWithItsHeaderRewrittenFailsTheTag() throws IOException {
    // The header names the evidence; rewriting it to match the new place breaks the tag.
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    store.preserve("ev_2", REPORT, content("b"), YEAR, BASIS);
    String two = new String(Files.readAllBytes(fileOf("ev_2")), StandardCharsets.ISO_8859_1);
    Files.write(fileOf("ev_1"), two.replace("\"evidenceId\":\"ev_2\"", "\"evidenceId\":\"ev_1\"")
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("integrity check");
  }

  @Test
  void aFileOfAnotherReportIsRefusedEvenWithTheSameEvidenceId() throws IOException {
    // The report ids are bound too: a file preserved for one report is not another report's.
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    String file = new String(Files.readAllBytes(fileOf("ev_1")), StandardCharsets.ISO_8859_1);
    Files.write(fileOf("ev_1"), file.replace(REPORT, REPORT_2).getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class);
  }

  @Test
  void rotatedKeysReadOldFilesAndWriteWithTheCurrentKey() {
    store.preserve("ev_old", REPORT, content("old"), YEAR, BASIS);
    EvidenceStore rotated = store(dir, EvidenceKeys.of("k2", Map.of("k1", K1, "k2", K2)), clock);

    PreservedEvidence fresh = rotated.preserve("ev_new", REPORT, content("new"), YEAR, BASIS);

    assertThat(fresh.keyId()).isEqualTo("k2");
    assertThat(rotated.describe("ev_old").orElseThrow().keyId()).isEqualTo("k1");
    assertThat(rotated.read("ev_old", "reviewer:alice", "audit")).isEqualTo(content("old"));
    assertThat(rotated.read("ev_new", "reviewer:alice", "audit")).isEqualTo(content("new"));
    // The old store (k1 only) cannot read what k2 wrote, and says which key is missing.
    assertThatThrownBy(() -> store.read("ev_new", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("'k2'");
    // A retired key makes its files unreadable (crypto-shredding).
    EvidenceStore retired = store(dir, EvidenceKeys.of("k2", Map.of("k2", K2)), clock);
    assertThatThrownBy(() -> retired.read("ev_old", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("not configured");
  }

  @Test
  void aLaterReportWithALongerPreservationExtendsIt() {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    Instant longer = YEAR.plus(Duration.ofDays(30));

    PreservedEvidence extended = store.preserve("ev_1", REPORT_2, content("a"), longer, "CA_POLICE_21D");

    assertThat(extended.until()).isEqualTo(longer);
    assertThat(extended.basis()).isEqualTo("CA_POLICE_21D");
    assertThat(extended.reportIds()).containsExactly(REPORT, REPORT_2);
    assertThat(store.describe("ev_1")).contains(extended);
    assertThat(store.read("ev_1", "reviewer:alice", "audit")).isEqualTo(content("a"));
  }

  @Test
  void aLaterReportWithAShorterPreservationKeepsTheLongerOne() {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);

    PreservedEvidence kept = store.preserve("ev_1", REPORT_2, content("a"), NOW.plus(Duration.ofDays(21)),
        "CA_POLICE_21D");

    assertThat(kept.until()).isEqualTo(YEAR);
    assertThat(kept.basis()).isEqualTo(BASIS);
    assertThat(kept.reportIds()).containsExactly(REPORT, REPORT_2);
    clock.set(NOW.plus(Duration.ofDays(22)));
    assertThat(store.purgeExpired(clock.instant())).isEmpty();
    assertThat(store.read("ev_1", "reviewer:alice", "audit")).isEqualTo(content("a"));
  }

  @Test
  void anExtensionIsReEncryptedWithTheCurrentKey() {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    EvidenceStore rotated = store(dir, EvidenceKeys.of("k2", Map.of("k1", K1, "k2", K2)), clock);

    assertThat(rotated.preserve("ev_1", REPORT_2, content("a"), YEAR.plusSeconds(1), BASIS).keyId()).isEqualTo("k2");
    assertThat(store(dir, EvidenceKeys.of("k2", Map.of("k2", K2)), clock).read("ev_1", "a", "b"))
        .isEqualTo(content("a"));
  }

  @Test
  void otherContentUnderAnExistingEvidenceIdIsRefused() {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);

    assertThatThrownBy(() -> store.preserve("ev_1", REPORT_2, content("b"), YEAR.plusSeconds(1), BASIS))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("other content");
    assertThat(store.read("ev_1", "reviewer:alice", "audit")).isEqualTo(content("a"));
    assertThat(store.describe("ev_1").orElseThrow().until()).isEqualTo(YEAR);
  }

  @Test
  void contentOverTheBoundIsRefusedAndNothingIsWritten() throws IOException {
    assertThatThrownBy(() -> store.preserve("ev_big", REPORT, new byte[4097], YEAR, BASIS))
        .isInstanceOf(EvidenceTooLargeException.class).hasMessageContaining("4097").hasMessageContaining("4096");
    assertThat(files()).isEmpty();
    assertThat(store.preserve("ev_max", REPORT, new byte[4096], YEAR, BASIS).evidenceId()).isEqualTo("ev_max");
  }

  @Test
  void aFileLargerThanAnyTheStoreWritesIsNotReadIntoMemory() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    Files.write(fileOf("ev_1"), new byte[4096 + EvidenceFile.OVERHEAD_BOUND + 1]);

    assertThatThrownBy(() -> store.read("ev_1", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceIntegrityException.class).hasMessageContaining("more than any file");
  }

  @Test
  void missingEvidenceIsNotFound() {
    assertThatThrownBy(() -> store.read("ev_none", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceNotFoundException.class).hasMessageContaining("ev_none");
    assertThat(store.describe("ev_none")).isEmpty();
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> store.preserve("../x", REPORT, content("a"), YEAR, BASIS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evidenceId");
    assertThatThrownBy(() -> store.preserve("ev_1", REPORT, content("a"), NOW, BASIS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after now");
    assertThatThrownBy(() -> store.preserve("ev_1", REPORT, content("a"), YEAR, "has space"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basis");
    assertThatThrownBy(() -> store.read("ev_1", " ", "audit"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessor");
    assertThatThrownBy(() -> store.read("ev_1", "alice", "two\nlines"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purpose");
    assertThatThrownBy(() -> EvidenceStore.builder().directory(dir).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("keys");
  }

  @Test
  void purgeDeletesExactlyTheExpiredFilesAndLogsEach() throws IOException {
    store.preserve("ev_short", REPORT, content("s"), NOW.plus(Duration.ofDays(21)), "CA_POLICE_21D");
    store.preserve("ev_edge", REPORT, content("e"), NOW.plus(Duration.ofDays(30)), "CA_POLICE_21D");
    store.preserve("ev_year", REPORT, content("y"), YEAR, BASIS);
    Files.write(dir.resolve("files").resolve(".leftover.part"), new byte[10]);

    List<String> purged = store.purgeExpired(NOW.plus(Duration.ofDays(30)));

    assertThat(purged).containsExactlyInAnyOrder("ev_short", "ev_edge"); // until == now has passed
    assertThat(files()).containsExactly(fileOf("ev_year"));
    assertThatThrownBy(() -> store.read("ev_short", "reviewer:alice", "audit"))
        .isInstanceOf(EvidenceNotFoundException.class);
    assertThat(store.read("ev_year", "reviewer:alice", "audit")).isEqualTo(content("y"));
    List<String> log = Files.readAllLines(store.accessLogPath());
    assertThat(log.stream().filter(l -> l.contains("\"action\":\"PURGE\"")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("\"outcome\":\"OK\"").contains("\"accessor\":\"tripline\""))
        .anySatisfy(l -> assertThat(l).contains("\"evidenceId\":\"ev_short\""))
        .anySatisfy(l -> assertThat(l).contains("\"evidenceId\":\"ev_edge\""));
    assertThat(store.verifyLog().intact()).isTrue();
    assertThat(store.purgeExpired(NOW.plus(Duration.ofDays(30)))).isEmpty();
  }

  @Test
  void purgeBeforeAnythingExpiredDeletesNothing() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);

    assertThat(store.purgeExpired(YEAR.minusSeconds(1))).isEmpty();
    assertThat(files()).hasSize(1);
    assertThat(store.purgeExpired(YEAR)).containsExactly("ev_1");
    assertThat(files()).isEmpty();
  }

  @Test
  void purgeKeepsAFileWhoseHeaderItCannotRead() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    Files.write(fileOf("ev_1"), "garbage".getBytes(StandardCharsets.US_ASCII));

    assertThat(store.purgeExpired(YEAR.plusSeconds(1))).isEmpty();
    assertThat(files()).hasSize(1);
    assertThat(Files.readAllLines(store.accessLogPath()).get(1))
        .contains("\"action\":\"PURGE\"").contains("\"outcome\":\"FAILED\"");
  }

  @Test
  void theStoreDirectoryIsPrivate() throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("files"))))
          .isEqualTo("rwx------");
    }
  }
}
