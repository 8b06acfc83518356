package io.tripline.report.evidence;

import io.tripline.InvalidConfigurationException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The AES-256 keys of an {@link EvidenceStore}: the current key, which encrypts everything
 * written, and older keys, kept to read files written before a rotation. Each key has an id, which
 * every preserved file names in its header, so a rotation does not re-encrypt anything: add the
 * new key as current, keep the old one until the last file written with it has been purged, then
 * drop it (which also makes any stray copy of those files unreadable).
 *
 * <p>Keys come from configuration as base64 of 32 bytes. They are never logged: {@link #toString()}
 * shows the key ids only, and no error message repeats a configured value.
 *
 * <p>Immutable and thread-safe.
 */
public final class EvidenceKeys {
  /** The configuration key naming the current key's id; see {@link #fromConfiguration(Map)}. */
  public static final String CURRENT = "tripline.evidence.keys.current";
  /** The prefix of each key's configuration key: {@code tripline.evidence.keys.<id>} = base64. */
  public static final String KEY_PREFIX = "tripline.evidence.keys.";

  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
  private static final int KEY_BYTES = 32;

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private EvidenceKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * The keys {@code base64ById}, of which {@code currentId} encrypts.
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidConfigurationException if a key id is malformed, a key is not base64 of 32
   *     bytes, or {@code currentId} names no key
   */
  public static EvidenceKeys of(String currentId, Map<String, String> base64ById) {
    Objects.requireNonNull(currentId, "currentId");
    Objects.requireNonNull(base64ById, "base64ById");
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    base64ById.forEach((id, base64) -> keys.put(checkId(id), decode(id, base64)));
    if (!keys.containsKey(currentId)) {
      throw new InvalidConfigurationException("evidence key '" + currentId + "' is named current but not configured;"
          + " configured: " + keys.keySet());
    }
    return new EvidenceKeys(currentId, Map.copyOf(keys));
  }

  /**
   * The keys of a configuration: {@value #CURRENT} names the current key's id, and
   * {@code tripline.evidence.keys.<id>} holds each key (current and older) as base64 of 32
   * bytes. Other entries are ignored.
   *
   * @throws NullPointerException if {@code configuration} is null
   * @throws InvalidConfigurationException if {@value #CURRENT} is missing, or as {@link #of}
   */
  public static EvidenceKeys fromConfiguration(Map<String, String> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    String current = configuration.get(CURRENT);
    if (current == null || current.isBlank()) {
      throw new InvalidConfigurationException(CURRENT + " is not set: it names the evidence key that encrypts");
    }
    Map<String, String> byId = new LinkedHashMap<>();
    configuration.forEach((k, v) -> {
      if (k.startsWith(KEY_PREFIX) && !k.equals(CURRENT)) {
        byId.put(k.substring(KEY_PREFIX.length()), v);
      }
    });
    return of(current.strip(), byId);
  }

  /** The id of the key that encrypts. */
  public String currentId() {
    return currentId;
  }

  /** The ids of every key held, the current one included. */
  public Set<String> ids() {
    return keys.keySet();
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  @Nullable SecretKey key(String id) {
    return keys.get(id);
  }

  /** The key ids only; the keys are redacted. */
  @Override
  public String toString() {
    return "EvidenceKeys[current=" + currentId + ", ids=" + keys.keySet().stream().sorted().toList() + ", keys=<redacted>]";
  }

  private static String checkId(@Nullable String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new InvalidConfigurationException("evidence key id '" + id + "' is malformed: 1..32 letters, digits,"
          + " '.', '_' or '-', starting with a letter or digit");
    }
    return id;
  }

  private static SecretKey decode(String id, @Nullable String base64) {
    if (base64 == null) {
      throw new InvalidConfigurationException("evidence key '" + id + "' has no value");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      // Not e.getMessage(): it can quote the offending character of the key.
      throw new InvalidConfigurationException("evidence key '" + id + "' is not valid base64");
    }
    if (bytes.length != KEY_BYTES) {
      throw new InvalidConfigurationException("evidence key '" + id + "' must be " + KEY_BYTES
          + " bytes (AES-256), was " + bytes.length);
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
