package io.tripline.report.evidence;

import static io.tripline.report.evidence.EvidenceFixtures.BASIS;
import static io.tripline.report.evidence.EvidenceFixtures.K1;
import static io.tripline.report.evidence.EvidenceFixtures.K2;
import static io.tripline.report.evidence.EvidenceFixtures.MARKER;
import static io.tripline.report.evidence.EvidenceFixtures.REPORT;
import static io.tripline.report.evidence.EvidenceFixtures.REPORT_2;
import static io.tripline.report.evidence.EvidenceFixtures.YEAR;
import static io.tripline.report.evidence.EvidenceFixtures.content;
import static io.tripline.report.evidence.EvidenceFixtures.keys1;
import static io.tripline.report.evidence.EvidenceFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing of the content, its digests or the keys reaches logs, the access log or exceptions. */
class EvidenceNoLeakTest {

  @TempDir Path dir;

  private static List<String> forbidden(byte[] content) throws Exception {
    return List.of(MARKER,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
        HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)),
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content)),
        Base64.getEncoder().encodeToString(content).substring(0, 24),
        HexFormat.of().formatHex(content).substring(0, 24),
        K1, K2);
  }

  @Test
  void contentDigestsAndKeysAppearNowhere() throws Exception {
    byte[] a = content("a");
    byte[] b = content("b");
    List<String> messages = new ArrayList<>();
    String digestId = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EvidenceFixtures.Clock clock = new EvidenceFixtures.Clock();
      EvidenceStore store = store(dir, keys1(), clock);
      store.preserve("ev_1", REPORT, a, YEAR, BASIS);
      store.preserve("ev_1", REPORT_2, a, YEAR.plusSeconds(1), BASIS);
      store.read("ev_1", "reviewer:alice", "audit");
      messages.add(store.toString());
      collect(messages, () -> store.preserve("ev_1", REPORT_2, b, YEAR, BASIS));
      collect(messages, () -> store.preserve("ev_2", REPORT, new byte[5000], YEAR, BASIS));
      collect(messages, () -> store(dir, EvidenceKeys.of("k1", Map.of("k1", K2)), clock).read("ev_1", "x", "y"));
      Path file = Files.list(dir.resolve("files")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length - 20] ^= 1;
      Files.write(file, bytes);
      collect(messages, () -> store.read("ev_1", "reviewer:alice", "audit"));
      collect(messages, () -> store.read("ev_9", "reviewer:alice", "audit"));
      // Filed reports keep files under their SHA-256: the id is a digest then.
      store.preserve(digestId, REPORT, b, YEAR, BASIS);
      store.read(digestId, "reviewer:alice", "audit");
      store.purgeExpired(YEAR.plusSeconds(2));
    } finally {
      System.setErr(err);
    }
    String logged = captured.toString(StandardCharsets.UTF_8);
    String accessLog = Files.readString(dir.resolve("access-log.jsonl"));

    // The capture works: the store did log, and refusals were thrown.
    assertThat(logged).contains("evidence preserved for report " + REPORT).contains("recorded in the access log");
    // At INFO: no evidence id (it may be a digest), no accessor (a person).
    assertThat(logged).doesNotContain(digestId).doesNotContain("ev_1").doesNotContain("reviewer:alice");
    assertThat(messages).hasSize(6);
    for (String f : forbidden(a)) {
      assertThat(logged).doesNotContain(f);
      assertThat(accessLog).doesNotContain(f);
      assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(f));
    }
    for (String f : forbidden(b)) {
      assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(f));
      assertThat(logged).doesNotContain(f);
    }
  }

  private static void collect(List<String> messages, Runnable action) {
    try {
      action.run();
      throw new AssertionError("expected a refusal");
    } catch (EvidenceException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.add(String.valueOf(t.getMessage()));
      }
    }
  }

  @Test
  void theHeaderOnDiskHoldsNoDigest() throws Exception {
    EvidenceStore store = store(dir, keys1(), new EvidenceFixtures.Clock());
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    String raw = new String(Files.readAllBytes(Files.list(dir.resolve("files")).findFirst().orElseThrow()),
        StandardCharsets.ISO_8859_1);

    for (String f : forbidden(content("a"))) {
      assertThat(raw).doesNotContain(f);
    }
  }
}
