package io.tripline.report.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preserved evidence on the local file system: the content of files that a report's route
 * requires the platform to keep (see {@link EvidencePolicy}), encrypted at rest, readable only
 * through {@link #read} (which logs every access), and deleted by {@link #purgeExpired} once the
 * preservation period has passed ({@link EvidencePurger} runs it on a schedule).
 *
 * <p>Layout of the directory: {@code files/<hex of the evidence id>.tev}, one per evidence (see
 * {@link EvidenceFile} for the format: a plain header naming the key id, evidence id, reports,
 * until and basis, then AES-256-GCM ciphertext with a random 96-bit nonce and the header as
 * associated data, so a header edited or a file moved under another evidence's name fails the
 * tag); and {@code access-log.jsonl}, the append-only, hash-chained access log
 * ({@link #verifyLog()}). Files are written to a temporary file, forced to disk and moved into
 * place, so a crash leaves the old file or the new one, never half of one.
 *
 * <p>Deletion: the purge overwrites the file with zeros, forces it and deletes it. On journaling
 * and copy-on-write file systems, SSDs and backups the old blocks may survive that, so the real
 * protection of purged content is that it was only ever stored encrypted; the stronger form is
 * crypto-shredding: retire a key (drop it from {@link EvidenceKeys}) once every file written
 * with it has been purged, after which any surviving copy is unreadable. Rotating the current key
 * regularly (say yearly, with a one-year preservation) keeps that window bounded. Per-file keys
 * wrapped by a master key would only add shredding if the wrapped keys lived apart from the
 * files, which this store does not do.
 *
 * <p>Evidence ids are the store's keys: the same file cited by a later report must be preserved
 * under the same evidence id; the store then keeps it until the latest {@code until} of all of
 * them. Logs (SLF4J) at INFO name evidence ids, report ids, accessors and purposes, never content
 * or digests; exceptions likewise.
 *
 * <p>Thread-safe: operations on one store are serialised. One store per directory and process.
 */
public final class EvidenceStore {
  /** The default bound on one file's content: 64 MiB. */
  public static final long DEFAULT_MAX_CONTENT_BYTES = 64L << 20;
  /** At most this many reports per preserved file. */
  public static final int MAX_REPORTS = 1000;
  /** The accessor recorded for the store's own actions (preserve, purge). */
  public static final String SYSTEM = "tripline";

  static final Pattern EVIDENCE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final Pattern BASIS = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final int MAX_NAME = 200;
  private static final String SUFFIX = ".tev";
  private static final Logger log = LoggerFactory.getLogger(EvidenceStore.class);

  private final Path directory;
  private final Path files;
  private final EvidenceKeys keys;
  private final InstantSource clock;
  private final long maxContentBytes;
  private final AccessLog accessLog;

  private EvidenceStore(Builder b) {
    this.directory = b.directory;
    this.files = b.directory.resolve("files");
    this.keys = b.keys;
    this.clock = b.clock;
    this.maxContentBytes = b.maxContentBytes;
    try {
      createPrivateDirectory(directory);
      createPrivateDirectory(files);
      this.accessLog = AccessLog.open(directory.resolve("access-log.jsonl"));
    } catch (IOException e) {
      throw new EvidenceException("cannot open the evidence store in " + directory + ": " + e, e);
    }
  }

  /** A builder; {@code directory} and {@code keys} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The store's directory. */
  public Path directory() {
    return directory;
  }

  /** The access log's file (JSON lines). */
  public Path accessLogPath() {
    return directory.resolve("access-log.jsonl");
  }

  /**
   * Preserves {@code content} as the evidence {@code evidenceId} of the report {@code reportId},
   * until {@code until}, encrypted with the current key. If the evidence is already preserved
   * (another report about the same file), the content must be the same; the file then lists both
   * reports and is kept until the later of the two {@code until}s (with that one's basis), and
   * is re-encrypted with the current key. Recorded in the access log.
   *
   * @return what is now preserved
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an id or the basis is malformed, or {@code until} is not
   *     after now
   * @throws EvidenceTooLargeException if the content is larger than the store's bound
   * @throws EvidenceException if the evidence is preserved with other content, or the file
   *     system fails
   * @throws EvidenceIntegrityException if the file already preserved fails its integrity check
   */
  public synchronized PreservedEvidence preserve(String evidenceId, String reportId, byte[] content, Instant until,
      String basis) {
    checkId(evidenceId, "evidenceId", EVIDENCE_ID);
    checkId(reportId, "reportId", REPORT_ID);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(until, "until");
    checkId(basis, "basis", BASIS);
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException("until " + until + " is not after now (" + now + "): nothing to preserve");
    }
    if (content.length > maxContentBytes) {
      record(now, "PRESERVE", evidenceId, reportId, SYSTEM, null, "REFUSED", "too large");
      throw new EvidenceTooLargeException("evidence '" + evidenceId + "' has " + content.length
          + " bytes, more than the bound of " + maxContentBytes);
    }
    Path path = pathOf(evidenceId);
    String action = "PRESERVE";
    List<String> reportIds = List.of(reportId);
    String detail = "until " + until;
    if (Files.exists(path)) {
      action = "EXTEND";
      EvidenceFile.Header old;
      byte[] existing;
      try {
        byte[] file = readBounded(path, evidenceId);
        old = EvidenceFile.header(file, path.getFileName().toString());
        existing = decrypt(file, old, evidenceId);
      } catch (EvidenceException e) {
        record(now, action, evidenceId, reportId, SYSTEM, null, "REFUSED", e.getClass().getSimpleName());
        throw e;
      }
      boolean same = MessageDigest.isEqual(existing, content);
      Arrays.fill(existing, (byte) 0);
      if (!same) {
        record(now, action, evidenceId, reportId, SYSTEM, null, "REFUSED", "different content");
        throw new EvidenceException("evidence '" + evidenceId + "' is already preserved with other content; a later"
            + " report about the same file must cite the same content, another file needs another evidence id");
      }
      List<String> merged = new ArrayList<>(old.reportIds());
      if (!merged.contains(reportId)) {
        merged.add(reportId);
      }
      if (merged.size() > MAX_REPORTS) {
        throw new EvidenceException("evidence '" + evidenceId + "' is preserved for " + MAX_REPORTS
            + " reports already");
      }
      reportIds = merged;
      if (!until.isAfter(old.until())) {
        detail = "until stays " + old.until() + " (" + old.basis() + ")";
        until = old.until();
        basis = old.basis();
      } else {
        detail = "until extended from " + old.until() + " to " + until;
      }
    }
    EvidenceFile.Header header = EvidenceFile.newHeader(keys.currentId(), evidenceId, reportIds, until, basis, now);
    try {
      writeAtomically(path, EvidenceFile.encrypt(header, keys.current(), content));
    } catch (IOException e) {
      record(now, action, evidenceId, reportId, SYSTEM, null, "FAILED", e.getClass().getSimpleName());
      throw new EvidenceException("cannot write evidence '" + evidenceId + "': " + e, e);
    }
    record(now, action, evidenceId, reportId, SYSTEM, null, "OK", detail);
    // Evidence ids may be content digests: DEBUG only (no hashes at INFO).
    log.info("evidence preserved for report {} ({}), key {}", reportId, detail, keys.currentId());
    log.debug("evidence {} preserved for report {}", evidenceId, reportId);
    return header.describe();
  }

  /**
   * The content of {@code evidenceId}, decrypted and authenticated, for {@code accessor} (who is
   * reading: a person's or a service's id) and {@code purpose} (why: e.g. a law-enforcement
   * request's reference). Every call is recorded in the access log, refused ones too; content is
   * returned only after its access was recorded.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the evidence id is malformed, or accessor or purpose is
   *     blank, longer than 200 characters or holds control characters
   * @throws EvidenceNotFoundException if nothing is preserved under the id
   * @throws EvidenceIntegrityException if the file fails its integrity check (wrong key, altered,
   *     or another evidence's file); no content is returned
   * @throws EvidenceException if the file system fails or the access cannot be logged
   */
  public synchronized byte[] read(String evidenceId, String accessor, String purpose) {
    checkId(evidenceId, "evidenceId", EVIDENCE_ID);
    checkName(accessor, "accessor");
    checkName(purpose, "purpose");
    Instant now = clock.instant();
    Path path = pathOf(evidenceId);
    byte[] content;
    EvidenceFile.Header header;
    try {
      byte[] file = readBounded(path, evidenceId);
      header = EvidenceFile.header(file, path.getFileName().toString());
      content = decrypt(file, header, evidenceId);
    } catch (EvidenceNotFoundException e) {
      record(now, "READ", evidenceId, null, accessor, purpose, "NOT_FOUND", null);
      throw e;
    } catch (EvidenceIntegrityException e) {
      record(now, "READ", evidenceId, null, accessor, purpose, "REFUSED", "integrity check failed");
      // Ids may be digests and accessors are people: the access log has them, the log does not.
      log.warn("an evidence read was refused ({}); the access log has the details", e.getClass().getSimpleName());
      log.debug("evidence {} refused to {}: {}", evidenceId, accessor, e.getMessage());
      throw e;
    } catch (EvidenceException e) {
      record(now, "READ", evidenceId, null, accessor, purpose, "FAILED", null);
      throw e;
    }
    try {
      accessLog.append(now, "READ", evidenceId, null, accessor, purpose, "OK", null);
    } catch (IOException e) {
      Arrays.fill(content, (byte) 0);
      throw new EvidenceException("evidence '" + evidenceId + "' not returned: its access cannot be logged: " + e, e);
    }
    // Who read what, and why, is in the access log; accessors are people.
    log.info("evidence read; recorded in the access log");
    log.debug("evidence {} read by {} for {}", evidenceId, accessor, purpose);
    return content;
  }

  /**
   * What is preserved under {@code evidenceId}, as its header says (authenticated only by
   * {@link #read}); not an access to the content, so not logged.
   *
   * @throws EvidenceIntegrityException if the header is damaged
   */
  public synchronized Optional<PreservedEvidence> describe(String evidenceId) {
    checkId(evidenceId, "evidenceId", EVIDENCE_ID);
    Path path = pathOf(evidenceId);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    return Optional.of(EvidenceFile.header(readBounded(path, evidenceId), path.getFileName().toString()).describe());
  }

  /**
   * Deletes every preserved file whose {@code until} is not after {@code now}, each recorded in
   * the access log, and leftovers of interrupted writes. A file whose header cannot be read is
   * kept (its period is unknown), logged as a failure, and reported by a warning.
   *
   * @return the evidence ids deleted
   * @throws NullPointerException if {@code now} is null
   * @throws EvidenceException if the directory cannot be listed
   */
  public synchronized List<String> purgeExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    List<String> purged = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(files)) {
      for (Path path : dir) {
        String name = path.getFileName().toString();
        if (name.endsWith(".part")) {
          deleteQuietly(path);
          continue;
        }
        if (!name.endsWith(SUFFIX)) {
          continue;
        }
        String evidenceId = idOf(name);
        EvidenceFile.Header header;
        try {
          header = EvidenceFile.header(readBounded(path, evidenceId), name);
        } catch (EvidenceException e) {
          record(clock.instant(), "PURGE", evidenceId, null, SYSTEM, null, "FAILED", "header unreadable: kept");
          log.warn("a preserved file was kept by the purge ({})", e.getClass().getSimpleName());
          log.debug("preserved file {} kept by the purge: {}", name, e.getMessage());
          continue;
        }
        if (header.until().isAfter(now)) {
          continue;
        }
        try {
          shred(path);
        } catch (IOException e) {
          record(clock.instant(), "PURGE", evidenceId, null, SYSTEM, null, "FAILED", e.getClass().getSimpleName());
          log.warn("an expired evidence file could not be purged ({})", e.getClass().getSimpleName());
          log.debug("evidence {} could not be purged: {}", evidenceId, e.toString());
          continue;
        }
        record(clock.instant(), "PURGE", evidenceId, null, SYSTEM, null, "OK",
            "until " + header.until() + " (" + header.basis() + ") passed");
        purged.add(evidenceId);
      }
    } catch (IOException e) {
      throw new EvidenceException("cannot list " + files + ": " + e, e);
    }
    forceDirectory(files);
    if (!purged.isEmpty()) {
      log.info("purged {} expired evidence file(s)", purged.size());
      log.debug("purged evidence {}", purged);
    }
    return List.copyOf(purged);
  }

  /**
   * Checks the access log's hash chain as it is on disk. A chain can show that a line was
   * edited, removed or inserted; it cannot show that the last lines were cut off: compare
   * {@link LogCheck#head()} with a head recorded elsewhere earlier (see {@link #logHead()}).
   *
   * @throws EvidenceException if the log cannot be read
   */
  public synchronized LogCheck verifyLog() {
    try {
      return accessLog.verify();
    } catch (IOException e) {
      throw new EvidenceException("cannot read the access log: " + e, e);
    }
  }

  /** The SHA-256 of the last access-log line written, to anchor outside the store. */
  public synchronized String logHead() {
    return accessLog.head();
  }

  @Override
  public String toString() {
    return "EvidenceStore[" + directory + ", " + keys + "]";
  }

  /**
   * The result of {@link #verifyLog()}.
   *
   * @param entries the entries that chain correctly from the start
   * @param head the SHA-256 of the last of them (64 zeros for none)
   * @param brokenAt the 1-based line where the chain breaks, 0 if it does not
   * @param problem what is wrong at {@code brokenAt}, null if intact
   */
  public record LogCheck(long entries, String head, long brokenAt, @Nullable String problem) {
    /** Whether every line chains to the one before it. */
    public boolean intact() {
      return problem == null;
    }
  }

  // ---- internals ----

  private byte[] decrypt(byte[] file, EvidenceFile.Header header, String evidenceId) {
    if (!header.evidenceId().equals(evidenceId)) {
      throw new EvidenceIntegrityException("the file preserved as evidence '" + evidenceId + "' belongs to evidence '"
          + header.evidenceId() + "': files were swapped or copied", null);
    }
    SecretKey key = keys.key(header.keyId());
    if (key == null) {
      throw new EvidenceIntegrityException("evidence '" + evidenceId + "' is encrypted with key '" + header.keyId()
          + "', which is not configured (configured: " + keys.ids() + ")", null);
    }
    return EvidenceFile.decrypt(file, header, key);
  }

  private byte[] readBounded(Path path, String evidenceId) {
    try {
      long size = Files.size(path);
      if (size > maxContentBytes + EvidenceFile.OVERHEAD_BOUND) {
        throw new EvidenceIntegrityException("preserved file of evidence '" + evidenceId + "' has " + size
            + " bytes, more than any file the store writes", null);
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new EvidenceNotFoundException("no content is preserved as evidence '" + evidenceId + "'");
    } catch (IOException e) {
      throw new EvidenceException("cannot read evidence '" + evidenceId + "': " + e, e);
    }
  }

  private void record(Instant at, String action, String evidenceId, @Nullable String reportId, String accessor,
      @Nullable String purpose, String outcome, @Nullable String detail) {
    try {
      accessLog.append(at, action, evidenceId, reportId, accessor, purpose, outcome, detail);
    } catch (IOException e) {
      throw new EvidenceException("cannot append to the access log: " + e, e);
    }
  }

  private void writeAtomically(Path path, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(files, ".", ".part");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(files);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Best effort only: see the class documentation. */
  private static void shred(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
      for (long pos = 0; pos < size; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
        pos += ch.write(zeros, pos);
      }
      ch.force(true);
    }
    Files.delete(path);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.debug("cannot delete {}: {}", path, e.toString());
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      log.debug("cannot force directory {}: {}", dir, e.toString());
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its default permissions apply.
    }
  }

  /** Hex of the id: unique on case-insensitive file systems too. */
  private Path pathOf(String evidenceId) {
    return files.resolve(HexFormat.of().formatHex(evidenceId.getBytes(StandardCharsets.US_ASCII)) + SUFFIX);
  }

  private static String idOf(String fileName) {
    try {
      return new String(HexFormat.of().parseHex(fileName, 0, fileName.length() - SUFFIX.length()),
          StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return fileName;
    }
  }

  private static void checkId(String value, String field, Pattern pattern) {
    Objects.requireNonNull(value, field);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " '" + value + "' is malformed: expected " + pattern.pattern());
    }
  }

  private static void checkName(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " must be 1.." + MAX_NAME + " characters without control characters");
    }
  }

  /**
   * Builds an {@link EvidenceStore}. Not thread-safe; {@link #build()} can be called again.
   */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable EvidenceKeys keys;
    private InstantSource clock = InstantSource.system();
    private long maxContentBytes = DEFAULT_MAX_CONTENT_BYTES;

    Builder() {}

    /** The directory the store owns; created (owner-only where POSIX) if missing. Required. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The keys. Required. */
    public Builder keys(EvidenceKeys keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** The time recorded in the access log and headers; default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest content preserved, in bytes; default {@value EvidenceStore#DEFAULT_MAX_CONTENT_BYTES}.
     *
     * @throws IllegalArgumentException if not 1..1 GiB
     */
    public Builder maxContentBytes(long maxContentBytes) {
      if (maxContentBytes < 1 || maxContentBytes > (1L << 30)) {
        throw new IllegalArgumentException("maxContentBytes must be 1..1 GiB, was " + maxContentBytes);
      }
      this.maxContentBytes = maxContentBytes;
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalStateException if the directory or the keys are not set
     * @throws EvidenceException if the directory or its access log cannot be opened
     */
    public EvidenceStore build() {
      if (directory == null) {
        throw new IllegalStateException("directory is not set");
      }
      if (keys == null) {
        throw new IllegalStateException("keys are not set");
      }
      return new EvidenceStore(this);
    }
  }
}
