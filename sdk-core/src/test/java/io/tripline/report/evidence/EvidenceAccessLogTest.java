package io.tripline.report.evidence;

import static io.tripline.report.evidence.EvidenceFixtures.BASIS;
import static io.tripline.report.evidence.EvidenceFixtures.K2;
import static io.tripline.report.evidence.EvidenceFixtures.REPORT;
import static io.tripline.report.evidence.EvidenceFixtures.YEAR;
import static io.tripline.report.evidence.EvidenceFixtures.content;
import static io.tripline.report.evidence.EvidenceFixtures.keys1;
import static io.tripline.report.evidence.EvidenceFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceAccessLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final EvidenceFixtures.Clock clock = new EvidenceFixtures.Clock();
  private EvidenceStore store;

  @BeforeEach
  void open() {
    store = store(dir, keys1(), clock);
  }

  private List<JsonNode> entries() throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(store.accessLogPath())) {
      entries.add(JSON.readTree(line));
    }
    return entries;
  }

  private void someHistory() {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    clock.advance(Duration.ofMinutes(1));
    store.read("ev_1", "reviewer:alice", "LE request 42");
    clock.advance(Duration.ofMinutes(1));
    store.read("ev_1", "reviewer:bob", "second review");
    clock.advance(Duration.ofMinutes(1));
    store.read("ev_1", "reviewer:carol", "audit");
  }

  @Test
  void everyReadIsLoggedWithWhoWhenWhyWhatAndTheOutcome() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    clock.advance(Duration.ofMinutes(5));
    store.read("ev_1", "reviewer:alice", "LE request 42");
    assertThatThrownBy(() -> store.read("ev_none", "reviewer:bob", "curious"))
        .isInstanceOf(EvidenceNotFoundException.class);
    EvidenceStore wrongKey = store(dir, EvidenceKeys.of("k1", Map.of("k1", K2)), clock);
    assertThatThrownBy(() -> wrongKey.read("ev_1", "reviewer:mallory", "peek"))
        .isInstanceOf(EvidenceIntegrityException.class);

    List<JsonNode> entries = entries();
    assertThat(entries).hasSize(4);
    JsonNode preserve = entries.get(0);
    assertThat(preserve.get("action").asText()).isEqualTo("PRESERVE");
    assertThat(preserve.get("reportId").asText()).isEqualTo(REPORT);
    assertThat(preserve.get("outcome").asText()).isEqualTo("OK");
    JsonNode read = entries.get(1);
    assertThat(read.get("seq").asLong()).isEqualTo(2);
    assertThat(read.get("action").asText()).isEqualTo("READ");
    assertThat(read.get("evidenceId").asText()).isEqualTo("ev_1");
    assertThat(read.get("accessor").asText()).isEqualTo("reviewer:alice");
    assertThat(read.get("purpose").asText()).isEqualTo("LE request 42");
    assertThat(read.get("at").asText()).isEqualTo("2026-11-28T16:05:00Z");
    assertThat(read.get("outcome").asText()).isEqualTo("OK");
    assertThat(entries.get(2).get("outcome").asText()).isEqualTo("NOT_FOUND");
    assertThat(entries.get(2).get("accessor").asText()).isEqualTo("reviewer:bob");
    // The second store appended to the same chain.
    assertThat(entries.get(3).get("outcome").asText()).isEqualTo("REFUSED");
    assertThat(entries.get(3).get("accessor").asText()).isEqualTo("reviewer:mallory");
    assertThat(entries.get(3).get("seq").asLong()).isEqualTo(4);
    assertThat(store.verifyLog().problem()).isNull();
    assertThat(store.verifyLog().entries()).isEqualTo(4);
  }

  @Test
  void theChainLinksEachLineToTheOneBefore() throws IOException {
    someHistory();
    List<String> lines = Files.readAllLines(store.accessLogPath());

    assertThat(JSON.readTree(lines.get(0)).get("prev").asText()).isEqualTo(AccessLog.GENESIS);
    for (int i = 1; i < lines.size(); i++) {
      assertThat(JSON.readTree(lines.get(i)).get("prev").asText()).isEqualTo(AccessLog.sha256(lines.get(i - 1)));
    }
    EvidenceStore.LogCheck check = store.verifyLog();
    assertThat(check.intact()).isTrue();
    assertThat(check.head()).isEqualTo(AccessLog.sha256(lines.get(lines.size() - 1))).isEqualTo(store.logHead());
  }

  @Test
  void anEditedLineIsDetected() throws IOException {
    someHistory();
    List<String> lines = new ArrayList<>(Files.readAllLines(store.accessLogPath()));
    lines.set(1, lines.get(1).replace("reviewer:alice", "reviewer:bobby"));
    Files.write(store.accessLogPath(), lines);

    EvidenceStore.LogCheck check = store.verifyLog();
    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAt()).isEqualTo(3);
    assertThat(check.entries()).isEqualTo(2);
    assertThat(check.problem()).contains("line 3");
  }

  @Test
  void aRemovedLineIsDetected() throws IOException {
    someHistory();
    List<String> lines = new ArrayList<>(Files.readAllLines(store.accessLogPath()));
    lines.remove(2);
    Files.write(store.accessLogPath(), lines);

    EvidenceStore.LogCheck check = store.verifyLog();
    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAt()).isEqualTo(3);
  }

  @Test
  void aRemovedLineWithTheNextOneRechainedIsDetectedBySeq() throws IOException {
    someHistory();
    List<String> lines = new ArrayList<>(Files.readAllLines(store.accessLogPath()));
    String next = lines.get(3).replaceAll("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + AccessLog.sha256(lines.get(1)) + "\"");
    lines.remove(3);
    lines.set(2, next);
    Files.write(store.accessLogPath(), lines);

    EvidenceStore.LogCheck check = store.verifyLog();
    assertThat(check.intact()).isFalse();
    assertThat(check.problem()).contains("seq");
  }

  @Test
  void aCutOffEndIsDetectedAgainstAnAnchoredHead() throws IOException {
    someHistory();
    String anchored = store.logHead();
    List<String> lines = new ArrayList<>(Files.readAllLines(store.accessLogPath()));
    lines.remove(lines.size() - 1);
    Files.write(store.accessLogPath(), lines);

    EvidenceStore.LogCheck check = store.verifyLog();
    assertThat(check.intact()).isTrue(); // the chain alone cannot tell
    assertThat(check.head()).isNotEqualTo(anchored);
  }

  @Test
  void aReopenedStoreContinuesTheChain() {
    someHistory();
    EvidenceStore reopened = store(dir, keys1(), clock);
    reopened.read("ev_1", "reviewer:dave", "appeal");

    assertThat(reopened.verifyLog().intact()).isTrue();
    assertThat(reopened.verifyLog().entries()).isEqualTo(5);
  }

  @Test
  void aPurgeIsLoggedAndKeepsTheChain() throws IOException {
    someHistory();
    assertThat(store.purgeExpired(YEAR)).containsExactly("ev_1");

    JsonNode last = entries().get(entries().size() - 1);
    assertThat(last.get("action").asText()).isEqualTo("PURGE");
    assertThat(last.get("evidenceId").asText()).isEqualTo("ev_1");
    assertThat(last.get("outcome").asText()).isEqualTo("OK");
    assertThat(last.get("detail").asText()).contains("2027-11-28T16:00:00Z").contains(BASIS);
    assertThat(store.verifyLog().intact()).isTrue();
  }

  @Test
  void anExtensionIsLogged() throws IOException {
    store.preserve("ev_1", REPORT, content("a"), YEAR, BASIS);
    store.preserve("ev_1", EvidenceFixtures.REPORT_2, content("a"), YEAR.plusSeconds(60), BASIS);

    JsonNode extend = entries().get(1);
    assertThat(extend.get("action").asText()).isEqualTo("EXTEND");
    assertThat(extend.get("reportId").asText()).isEqualTo(EvidenceFixtures.REPORT_2);
    assertThat(extend.get("detail").asText()).contains("extended");
  }
}
