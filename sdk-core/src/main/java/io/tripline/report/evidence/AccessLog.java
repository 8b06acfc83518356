package io.tripline.report.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The store's append-only access log: one JSON object per line, each with {@code prev}, the
 * SHA-256 (hex) of the line before it (64 zeros for the first), and {@code seq}, its 1-based
 * number. Editing a line breaks the {@code prev} of the next one; removing or reordering lines
 * breaks {@code seq} and {@code prev}. Only cutting off the end leaves a valid chain, which is
 * why {@link #head()} is there to be anchored elsewhere. Entries carry ids, names, times and
 * outcomes, never content or a digest of it. Not thread-safe: the store serialises calls.
 */
final class AccessLog {
  static final String GENESIS = "0".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private long seq;
  private String head;

  private AccessLog(Path path, long seq, String head) {
    this.path = path;
    this.seq = seq;
    this.head = head;
  }

  static AccessLog open(Path path) throws IOException {
    long seq = 0;
    String head = GENESIS;
    if (Files.exists(path)) {
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        seq++;
        head = sha256(line);
      }
    }
    return new AccessLog(path, seq, head);
  }

  String head() {
    return head;
  }

  /** Appends one entry and forces it to disk before returning. */
  void append(Instant at, String action, String evidenceId, @Nullable String reportId, String accessor,
      @Nullable String purpose, String outcome, @Nullable String detail) throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.put("seq", seq + 1);
    e.put("at", at.toString());
    e.put("action", action);
    e.put("evidenceId", evidenceId);
    if (reportId != null) {
      e.put("reportId", reportId);
    }
    e.put("accessor", accessor);
    if (purpose != null) {
      e.put("purpose", purpose);
    }
    e.put("outcome", outcome);
    if (detail != null) {
      e.put("detail", detail);
    }
    e.put("prev", head);
    String line = e.toString(); // Jackson escapes line breaks, so one entry is one line
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    seq++;
    head = sha256(line);
  }

  /** Checks the chain of the file as it is on disk now. */
  EvidenceStore.LogCheck verify() throws IOException {
    if (!Files.exists(path)) {
      return new EvidenceStore.LogCheck(0, GENESIS, 0, null);
    }
    byte[] bytes = Files.readAllBytes(path);
    if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return new EvidenceStore.LogCheck(lines.size() - 1, GENESIS, lines.size(), "the last line is incomplete");
    }
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    String prev = GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      JsonNode entry;
      try {
        entry = JSON.readTree(lines.get(i));
      } catch (IOException e) {
        return new EvidenceStore.LogCheck(i, prev, lineNo, "line " + lineNo + " is not JSON");
      }
      if (entry == null || !prev.equals(entry.path("prev").asText())) {
        return new EvidenceStore.LogCheck(i, prev, lineNo, "line " + lineNo + " does not chain to the line before it"
            + " (that line was edited, or lines were removed or inserted)");
      }
      if (entry.path("seq").asLong() != lineNo) {
        return new EvidenceStore.LogCheck(i, prev, lineNo, "line " + lineNo + " has seq " + entry.path("seq").asText()
            + " (lines were removed or inserted)");
      }
      prev = sha256(lines.get(i));
    }
    return new EvidenceStore.LogCheck(lines.size(), prev, 0, null);
  }

  static String sha256(String line) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
