package io.tripline.clearinghouse;

import io.tripline.clearinghouse.feed.FeedSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The server's Ed25519 signing key: signs receipts and feed pages with the
 * {@code Tripline-Signature: keyid=<id>, ed25519=<base64>} header that the SDK verifies against
 * the keys it pins. The key id is {@code ch-} and the first 16 hex digits of the SHA-256 of the
 * raw public key, so it names the key and changes with it. Immutable and thread-safe.
 */
public final class SigningKey {

  /** The private key's file in the data directory (PKCS#8 and X.509 DER, base64, one a line), readable by its owner only. */
  public static final String PRIVATE_FILE = "signing-key.ed25519";
  /** The public key's file (the raw 32-byte key, base64), what operators hand to platforms. */
  public static final String PUBLIC_FILE = "signing-key.ed25519.pub";

  private static final int RAW_KEY_BYTES = 32;

  private final String keyId;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  /** Signs receipts and feed pages alike. */
  private final FeedSigner signer;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    if (!(privateKey instanceof EdECPrivateKey edec) || edec.getBytes().isEmpty()) {
      throw new IllegalStateException("not an Ed25519 private key with its seed");
    }
    byte[] digest = sha256(raw(publicKey));
    this.keyId = "ch-" + HexFormat.of().formatHex(digest, 0, 8);
    this.signer = FeedSigner.of(keyId, new KeyPair(publicKey, privateKey));
  }

  /** A key made now, kept in memory only (tests, ephemeral servers). */
  public static SigningKey generate() {
    KeyPair pair = newPair();
    return new SigningKey(pair.getPrivate(), pair.getPublic());
  }

  /**
   * The key of {@code dataDir}, made there on first use: the private key file is created
   * owner-only (where the file system has POSIX permissions) before anything is written to it.
   *
   * @throws UncheckedIOException if the files cannot be read or written
   * @throws IllegalStateException if the key file is not an Ed25519 private key
   */
  public static SigningKey loadOrCreate(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path file = dataDir.resolve(PRIVATE_FILE);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        KeyPair pair = newPair();
        Path tmp = dataDir.resolve(PRIVATE_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
          Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(tmp);
        }
        // Both halves in one file: the JDK cannot derive an Ed25519 public key from a private one.
        String text = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
        Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        try {
          // Atomic and never replacing: two starts racing keep one key.
          Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(tmp);
        }
      }
      String[] lines = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+");
      if (lines.length != 2) {
        throw new IllegalArgumentException("expected two lines");
      }
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1])));
      SigningKey key = new SigningKey(privateKey, publicKey);
      Files.writeString(dataDir.resolve(PUBLIC_FILE), key.publicKeyBase64() + "\n", StandardCharsets.US_ASCII);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the signing key in " + dataDir, e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(file + " is not an Ed25519 private key", e);
    }
  }

  /** This key as the signer of feed pages (the same key and id platforms pin). */
  public FeedSigner feedSigner() {
    return signer;
  }

  /** The key id that the {@code Tripline-Signature} header names. */
  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The raw 32-byte public key in base64: what {@code SignatureVerifier.parseRawKey} reads. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(raw(publicKey));
  }

  /**
   * The {@code Tripline-Signature} header value for {@code body} (see {@link FeedSigner} for how
   * it is signed).
   */
  public String signatureHeader(byte[] body) {
    return signer.sign(body);
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }

  private static KeyPair newPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  private static byte[] raw(PublicKey key) {
    byte[] spki = key.getEncoded();
    return Arrays.copyOfRange(spki, spki.length - RAW_KEY_BYTES, spki.length);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
