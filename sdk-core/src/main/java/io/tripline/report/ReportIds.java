package io.tripline.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Derives {@link Report#id()}; see there for what goes in and why. */
final class ReportIds {

  /** {@code r_} and 32 Crockford base32 characters (160 bits). */
  static final Pattern FORMAT = Pattern.compile("r_[0-9A-HJKMNP-TV-Z]{32}");

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int ID_BYTES = 20;

  private ReportIds() {}

  static String of(Report report) {
    Canonical in = new Canonical();
    in.field("tripline-report-id/1");
    in.field(report.incident().platform());
    in.field(report.incident().category().name());
    in.field(report.incident().occurredAt().truncatedTo(ChronoUnit.MILLIS).toString());
    TreeSet<String> files = new TreeSet<>();
    report.evidence().forEach(e -> files.add(e.digests().sha256()));
    in.set("evidence", files);
    TreeSet<String> users = new TreeSet<>();
    for (Subject subject : report.subjects()) {
      // A victim never counts: see Report#id().
      if (subject instanceof Subject.Involved involved && involved.platformUserId() != null) {
        users.add(involved.role().name() + ":" + involved.platformUserId());
      }
    }
    in.set("subjects", users);
    TreeSet<String> indicators = new TreeSet<>();
    if (files.isEmpty()) {
      report.detection().matches().forEach(m -> indicators.add(m.feed() + "/" + m.indicator()));
    }
    in.set("indicators", indicators);
    return "r_" + base32(in.digest());
  }

  /** Whether {@code id} has the shape of a report id. */
  static boolean isWellFormed(String id) {
    return FORMAT.matcher(Objects.requireNonNull(id, "id")).matches();
  }

  private static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder(32);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < ID_BYTES; i++) {
      buffer = (buffer << 8) | (bytes[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(CROCKFORD[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return out.toString();
  }

  /** Length-prefixed fields, so that no two different inputs give the same bytes. */
  private static final class Canonical {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void field(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      int n = utf8.length;
      bytes.write(n >>> 24);
      bytes.write(n >>> 16);
      bytes.write(n >>> 8);
      bytes.write(n);
      bytes.writeBytes(utf8);
    }

    void set(String name, TreeSet<String> values) {
      field(name);
      field(Integer.toString(values.size()));
      List.copyOf(values).forEach(this::field);
    }

    byte[] digest() {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }
}
