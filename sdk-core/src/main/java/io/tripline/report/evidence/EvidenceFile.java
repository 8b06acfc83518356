package io.tripline.report.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * The format of one preserved file: {@code "TEV1"}, the header's length (4 bytes, big-endian),
 * the header (UTF-8 JSON: format version, key id, evidence id, report ids, until, basis,
 * preservedAt, nonce), then the AES-256-GCM ciphertext with its 128-bit tag. The associated data
 * is everything before the ciphertext, so the header cannot be changed, nor a file moved under
 * another evidence's name, without the tag failing; the header is plain so that the purge can
 * read {@code until} without a key.
 */
final class EvidenceFile {
  static final byte[] MAGIC = {'T', 'E', 'V', '1'};
  static final int MAX_HEADER = 64 * 1024;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int OVERHEAD_BOUND = MAGIC.length + 4 + MAX_HEADER + TAG_BITS / 8;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private EvidenceFile() {}

  /** What a file's header says. */
  record Header(String keyId, String evidenceId, List<String> reportIds, Instant until, String basis,
      Instant preservedAt, byte[] nonce) {
    Header {
      reportIds = List.copyOf(reportIds);
    }

    PreservedEvidence describe() {
      return new PreservedEvidence(evidenceId, reportIds, until, basis, keyId, preservedAt);
    }
  }

  /** A header with a fresh random nonce, for {@code key}. */
  static Header newHeader(String keyId, String evidenceId, List<String> reportIds, Instant until, String basis,
      Instant preservedAt) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return new Header(keyId, evidenceId, reportIds, until, basis, preservedAt, nonce);
  }

  static byte[] encrypt(Header header, SecretKey key, byte[] content) {
    byte[] prefix = prefix(header);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, header.nonce()));
      cipher.updateAAD(prefix);
      int size = prefix.length + cipher.getOutputSize(content.length);
      byte[] out = Arrays.copyOf(prefix, size);
      cipher.doFinal(content, 0, content.length, out, prefix.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new EvidenceException("cannot encrypt evidence '" + header.evidenceId() + "': " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The header of a file's bytes, unauthenticated until {@link #decrypt} verified the tag.
   *
   * @throws EvidenceIntegrityException if the bytes do not hold a well-formed header
   */
  static Header header(byte[] file, String name) {
    if (file.length < MAGIC.length + 4 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw damaged(name, "not a preserved-evidence file", null);
    }
    int length = ByteBuffer.wrap(file, MAGIC.length, 4).getInt();
    if (length <= 0 || length > MAX_HEADER || MAGIC.length + 4 + length > file.length) {
      throw damaged(name, "header length " + length + " is out of bounds", null);
    }
    try {
      JsonNode h = JSON.readTree(new String(file, MAGIC.length + 4, length, StandardCharsets.UTF_8));
      if (h == null || h.path("v").asInt() != 1) {
        throw damaged(name, "unknown header version", null);
      }
      List<String> reportIds = new ArrayList<>();
      for (JsonNode r : h.path("reportIds")) {
        reportIds.add(text(r, name, "reportIds"));
      }
      byte[] nonce = Base64.getDecoder().decode(text(h.path("nonce"), name, "nonce"));
      if (nonce.length != NONCE_BYTES) {
        throw damaged(name, "nonce of " + nonce.length + " bytes", null);
      }
      return new Header(text(h.path("keyId"), name, "keyId"), text(h.path("evidenceId"), name, "evidenceId"),
          reportIds, Instant.parse(text(h.path("until"), name, "until")), text(h.path("basis"), name, "basis"),
          Instant.parse(text(h.path("preservedAt"), name, "preservedAt")), nonce);
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw damaged(name, "malformed header", null);
    }
  }

  /**
   * The content of {@code file}, whose header is {@code header}, after the tag verified.
   *
   * @throws EvidenceIntegrityException if the tag does not verify; nothing is returned then
   */
  static byte[] decrypt(byte[] file, Header header, SecretKey key) {
    int start = MAGIC.length + 4 + ByteBuffer.wrap(file, MAGIC.length, 4).getInt();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, header.nonce()));
      cipher.updateAAD(file, 0, start);
      // The JDK's GCM buffers the whole ciphertext and releases plaintext only after the tag
      // verified, so a failure here returns no partial content.
      return cipher.doFinal(file, start, file.length - start);
    } catch (AEADBadTagException e) {
      throw new EvidenceIntegrityException("evidence '" + header.evidenceId() + "' failed its integrity check"
          + " (AES-GCM tag): the key '" + header.keyId() + "' is not the one it was written with, or the file was"
          + " altered", null);
    } catch (GeneralSecurityException e) {
      throw new EvidenceIntegrityException("evidence '" + header.evidenceId() + "' cannot be decrypted: "
          + e.getClass().getSimpleName(), null);
    }
  }

  private static byte[] prefix(Header header) {
    ObjectNode h = JSON.createObjectNode();
    h.put("v", 1);
    h.put("keyId", header.keyId());
    h.put("evidenceId", header.evidenceId());
    ArrayNode reports = h.putArray("reportIds");
    header.reportIds().forEach(reports::add);
    h.put("until", header.until().toString());
    h.put("basis", header.basis());
    h.put("preservedAt", header.preservedAt().toString());
    h.put("nonce", Base64.getEncoder().encodeToString(header.nonce()));
    byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
    if (json.length > MAX_HEADER) {
      throw new EvidenceException("evidence '" + header.evidenceId() + "': header of " + json.length
          + " bytes exceeds " + MAX_HEADER);
    }
    return ByteBuffer.allocate(MAGIC.length + 4 + json.length).put(MAGIC).putInt(json.length).put(json).array();
  }

  private static String text(JsonNode node, String name, String field) {
    if (!node.isTextual()) {
      throw damaged(name, "header field " + field + " is missing", null);
    }
    return node.asText();
  }

  private static EvidenceIntegrityException damaged(String name, String what, @Nullable Throwable cause) {
    return new EvidenceIntegrityException("preserved file " + name + " is damaged: " + what, cause);
  }
}
