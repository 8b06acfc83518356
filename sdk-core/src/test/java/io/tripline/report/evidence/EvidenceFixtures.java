package io.tripline.report.evidence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** Keys, content and a hand-moved clock for the evidence tests. */
final class EvidenceFixtures {
  static final Instant NOW = Instant.parse("2026-11-28T16:00:00Z");
  static final Instant YEAR = Instant.parse("2027-11-28T16:00:00Z");
  static final String BASIS = "US_18USC2258A_h";
  static final String REPORT = "r_JP7MAQE4DJPBSRYYJX1GWZF3BX7B6522";
  static final String REPORT_2 = "r_0000000000000000000000000000000Z";
  /** Content a test can look for anywhere it must not be. */
  static final String MARKER = "CONTENT-MARKER-5e1f9c";

  private EvidenceFixtures() {}

  static String key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    k[0] = (byte) (fill * 31 + 7);
    return Base64.getEncoder().encodeToString(k);
  }

  static final String K1 = key(1);
  static final String K2 = key(2);

  static EvidenceKeys keys1() {
    return EvidenceKeys.of("k1", Map.of("k1", K1));
  }

  static byte[] content(String name) {
    return (MARKER + ":" + name + ":" + "x".repeat(300)).getBytes(StandardCharsets.UTF_8);
  }

  static EvidenceStore store(Path dir, EvidenceKeys keys, Clock clock) {
    return EvidenceStore.builder().directory(dir).keys(keys).clock(clock).maxContentBytes(4096).build();
  }

  /** An instant source tests move by hand. */
  static final class Clock implements InstantSource {
    private volatile Instant now = NOW;

    void advance(Duration d) {
      now = now.plus(d);
    }

    void set(Instant at) {
      now = at;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
