package io.tripline.clearinghouse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The operator's side of the clearinghouse: platforms and their credentials, what the CLI's
 * {@code platforms} and {@code credentials} commands call.
 *
 * <p>A credential's secret is {@code tl_} and 256 random bits (base64url); only its SHA-256 is
 * stored. A salted slow hash (bcrypt, scrypt) protects guessable passwords; a 256-bit random
 * secret cannot be guessed, so one SHA-256 is as strong and lets the server find the credential
 * by an index lookup on the hash, without comparing the secret itself anywhere. The secret is
 * returned once, by {@link #createCredential}, and never stored or logged.
 *
 * <p>Report intake authenticates from a small cache ({@link #authenticateForIntake}): a
 * credential that was found valid is remembered by its hash for {@link #INTAKE_CACHE_TTL}, so a
 * busy platform's reports do not each look their credential up. A revocation still takes effect
 * at once for reports, because intake checks in the transaction that stores a report that its
 * credential is not revoked (see {@code Store#insertReports}); the cache only saves the lookup.
 * Every other call authenticates against the store itself.
 *
 * <p>Thread-safe.
 */
public final class Accounts implements AutoCloseable {

  /** How long intake's cache remembers a valid credential. */
  public static final Duration INTAKE_CACHE_TTL = Duration.ofSeconds(60);
  /** The most credentials intake's cache holds; past it, the least used are dropped. */
  static final int INTAKE_CACHE_SIZE = 10_000;

  /** Platform ids: lower-case letters, digits, '-', '_', '.'; 1 to 64. */
  static final Pattern PLATFORM_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern CREDENTIAL_ID = Pattern.compile("cred_[0-9a-f]{16}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final boolean owned;
  /** Intake's cache: credential hash to the caller, on {@code clock}'s time. */
  private final Cache<String, Caller> intakeCache;

  Accounts(Store store, boolean owned) {
    this(store, owned, Clock.systemUTC());
  }

  Accounts(Store store, boolean owned, Clock clock) {
    this.store = store;
    this.owned = owned;
    this.intakeCache = Caffeine.newBuilder()
        .maximumSize(INTAKE_CACHE_SIZE)
        .expireAfterWrite(INTAKE_CACHE_TTL)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .build();
  }

  /** The accounts of the clearinghouse whose data directory is {@code dataDir} (SQLite). */
  public static Accounts open(Path dataDir) {
    return new Accounts(Store.sqlite(Objects.requireNonNull(dataDir, "dataDir"), Clock.systemUTC()), true);
  }

  /** The accounts in {@code dataSource} (e.g. PostgreSQL); the caller closes it. */
  public static Accounts open(DataSource dataSource) {
    return new Accounts(Store.of(Objects.requireNonNull(dataSource, "dataSource"), Clock.systemUTC()), true);
  }

  /** A credential as issued: its id (for revoking) and its secret, shown once. */
  public record IssuedCredential(String id, String platform, Set<Scope> scopes, String secret) {
    public IssuedCredential {
      scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "IssuedCredential[" + id + ", " + platform + ", " + Scope.join(scopes) + "]";
    }
  }

  /** A stored credential: never its secret, only what identifies it. */
  public record CredentialInfo(String id, String platform, Set<Scope> scopes, Instant createdAt,
      @Nullable Instant revokedAt) {
    public CredentialInfo {
      scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
      return revokedAt != null;
    }
  }

  /**
   * Adds a platform.
   *
   * @return false if it existed already
   * @throws IllegalArgumentException if the id is malformed
   */
  public boolean addPlatform(String id) {
    return store.addPlatform(checkPlatform(id));
  }

  public List<String> platforms() {
    return store.platforms();
  }

  /**
   * Creates a credential of {@code platform} with {@code scopes}.
   *
   * @throws IllegalArgumentException if the platform does not exist or no scope is given
   */
  public IssuedCredential createCredential(String platform, Set<Scope> scopes) {
    checkPlatform(platform);
    if (Objects.requireNonNull(scopes, "scopes").isEmpty()) {
      throw new IllegalArgumentException("at least one scope is required");
    }
    if (!store.platformExists(platform)) {
      throw new IllegalArgumentException("no platform '" + platform + "'; add it first");
    }
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(secretBytes);
    String secret = "tl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    byte[] idBytes = new byte[8];
    RANDOM.nextBytes(idBytes);
    String id = "cred_" + HexFormat.of().formatHex(idBytes);
    store.insertCredential(id, platform, hash(secret), Scope.join(scopes));
    return new IssuedCredential(id, platform, scopes, secret);
  }

  /**
   * Revokes a credential: from now on it is answered 401.
   *
   * @return false if there is no such credential or it was revoked already
   */
  public boolean revokeCredential(String id) {
    Objects.requireNonNull(id, "id");
    boolean revoked = CREDENTIAL_ID.matcher(id).matches() && store.revokeCredential(id);
    forget(id);
    return revoked;
  }

  /** Every credential, revoked ones included, by platform. */
  public List<CredentialInfo> credentials() {
    return store.credentials().stream()
        .map(r -> new CredentialInfo(r.id(), r.platform(), Scope.parseList(r.scopes()), r.createdAt(), r.revokedAt()))
        .toList();
  }

  /** The platform and scopes of a secret presented as a bearer token, if it is valid and not revoked. */
  Optional<Caller> authenticate(String secret) {
    if (secret.length() > 200) {
      return Optional.empty();
    }
    String hash = hash(secret);
    Optional<Store.CredentialRow> row = store.credentialByHash(hash);
    // The lookup is by the hash: timing can tell at most something about the hash, never the
    // secret. The comparison below keeps it constant-time all the same.
    if (row.isEmpty() || !MessageDigest.isEqual(row.get().secretSha256().getBytes(StandardCharsets.US_ASCII),
        hash.getBytes(StandardCharsets.US_ASCII)) || row.get().revokedAt() != null) {
      return Optional.empty();
    }
    return Optional.of(new Caller(row.get().platform(), row.get().id(), Scope.parseList(row.get().scopes())));
  }

  /**
   * As {@link #authenticate}, from intake's cache when the credential was found valid within
   * {@link #INTAKE_CACHE_TTL}. A cached credential may have been revoked since: the caller must
   * check that where it writes (intake does, in the transaction that stores the report).
   */
  Optional<Caller> authenticateForIntake(String secret) {
    if (secret.length() > 200) {
      return Optional.empty();
    }
    String hash = hash(secret);
    Caller cached = intakeCache.getIfPresent(hash);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Caller> caller = authenticate(secret);
    caller.ifPresent(c -> intakeCache.put(hash, c));
    return caller;
  }

  /** Drops credential {@code id} from intake's cache (it was found revoked). */
  void forget(String credentialId) {
    intakeCache.asMap().values().removeIf(c -> c.credentialId().equals(credentialId));
  }

  /** Who calls: the platform, the credential id (safe to log), its scopes. */
  record Caller(String platform, String credentialId, Set<Scope> scopes) {}

  static String hash(String secret) {
    return HexFormat.of().formatHex(SigningKey.sha256(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static String checkPlatform(String id) {
    Objects.requireNonNull(id, "platform id");
    if (!PLATFORM_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a platform id is 1 to 64 lower-case letters, digits, '.', '_', '-',"
          + " starting with a letter or digit");
    }
    return id;
  }

  @Override
  public void close() {
    if (owned) {
      store.close();
    }
  }
}
