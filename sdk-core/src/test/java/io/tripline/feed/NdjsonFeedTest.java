package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.InvalidConfigurationException;
import io.tripline.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NdjsonFeedTest {

  private static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";
  private static final String GOOD = "{\"op\":\"upsert\",\"id\":\"ind-ok\",\"signal\":{\"type\":\"md5\",\"value\":\"" + MD5 + "\"}}";

  private static List<Indicator> read(String ndjson) {
    return read(ndjson.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Indicator> read(byte[] ndjson) {
    return NdjsonFeed.read(new ByteArrayInputStream(ndjson), "confirmed", "test.ndjson");
  }

  @Test
  void readsUpsertsWithEveryField() {
    List<Indicator> indicators = read("""
        {"op":"upsert","id":"ind-81f3","signal":{"type":"pdq","value":"f8f8f0ce"},"labels":["csam","x"],"severity":"HIGH","addedAt":"2026-11-28T10:00:00Z","expiresAt":null}
        {"op":"upsert","id":"ind-81f4","signal":{"type":"phone.sha256","value":"9b1c"},"labels":["trafficking"],"expiresAt":"2027-01-01T00:00:00Z"}
        """);
    assertThat(indicators).containsExactly(
        new Indicator("ind-81f3", "confirmed", "pdq", "f8f8f0ce", List.of("csam", "x"), Severity.HIGH,
            Instant.parse("2026-11-28T10:00:00Z"), null),
        new Indicator("ind-81f4", "confirmed", "phone.sha256", "9b1c", List.of("trafficking"), Severity.MEDIUM,
            null, Instant.parse("2027-01-01T00:00:00Z")));
  }

  @Test
  void aLaterDeleteWithdrawsAnUpsertAndALaterUpsertReplacesIt() {
    List<Indicator> indicators = read("""
        {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"severity":"low"}
        {"op":"upsert","id":"b","signal":{"type":"md5","value":"bb"}}
        {"op":"upsert","id":"c","signal":{"type":"md5","value":"cc"}}
        {"op":"delete","id":"b","reason":"withdrawn"}
        {"op":"upsert","id":"a","signal":{"type":"md5","value":"a2"},"severity":"high"}
        {"op":"delete","id":"never-seen"}
        {"op":"delete","id":"c"}
        {"op":"upsert","id":"c","signal":{"type":"md5","value":"c2"}}
        """);
    assertThat(indicators).extracting(Indicator::id, Indicator::value, Indicator::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", "a2", Severity.HIGH),
            org.assertj.core.groups.Tuple.tuple("c", "c2", Severity.MEDIUM));
  }

  @Test
  void commentsBlankLinesAndCrlfAreSkipped() {
    List<Indicator> indicators = read("# a feed\r\n\r\n   \r\n  # indented comment\r\n\t" + GOOD + "  \r\n\n");
    assertThat(indicators).extracting(Indicator::id).containsExactly("ind-ok");
  }

  @Test
  void anEmptyFeedHasNoIndicators() {
    assertThat(read("")).isEmpty();
    assertThat(read("\n\n# nothing yet\n")).isEmpty();
  }

  @Test
  void theFeedIdIsTheFileNameWithoutExtension(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("confirmed-hashes.ndjson");
    Files.writeString(file, GOOD + "\n");
    assertThat(NdjsonFeed.read(file)).extracting(Indicator::feed).containsExactly("confirmed-hashes");
    assertThat(NdjsonFeed.read(file, "other")).extracting(Indicator::feed).containsExactly("other");
  }

  @Test
  void aMissingFileIsAConfigurationError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.ndjson");
    assertThatThrownBy(() -> NdjsonFeed.read(missing))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(missing.toString());
  }

  // --- every error names the source and the line ---

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      bad JSON                | {"op":"upsert",                                                                  | not a JSON object
      JSON array              | ["op","upsert"]                                                                  | not a JSON object
      JSON string             | "upsert"                                                                         | not a JSON object
      two objects on a line   | {"op":"delete","id":"a"} {"op":"delete","id":"b"}                                | not a JSON object
      trailing garbage        | {"op":"delete","id":"a"} x                                                       | not a JSON object
      duplicate key           | {"op":"upsert","op":"delete","id":"a"}                                           | Duplicate field 'op'
      missing op              | {"id":"a","signal":{"type":"md5","value":"aa"}}                                  | missing "op"
      op not a string         | {"op":1,"id":"a"}                                                                | "op" must be a string
      unknown op              | {"op":"replace","id":"a"}                                                        | unknown op 'replace'
      missing id              | {"op":"delete"}                                                                  | missing "id"
      blank id                | {"op":"delete","id":"  "}                                                        | missing "id"
      missing signal          | {"op":"upsert","id":"a"}                                                         | no "signal" object
      signal not an object    | {"op":"upsert","id":"a","signal":"md5:aa"}                                       | no "signal" object
      missing type            | {"op":"upsert","id":"a","signal":{"value":"aa"}}                                 | missing "type"
      missing value           | {"op":"upsert","id":"a","signal":{"type":"md5"}}                                 | missing "value"
      blank value             | {"op":"upsert","id":"a","signal":{"type":"md5","value":" "}}                     | missing "value"
      labels not an array     | {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"labels":"csam"}    | "labels" must be an array
      label not a string      | {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"labels":["a",1]}   | "labels" must be an array
      bad severity            | {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"severity":"dire"}  | unknown severity 'dire'
      severity not a string   | {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"severity":3}       | "severity" must be a string
      bad addedAt             | {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"addedAt":"today"}  | "addedAt" is not an ISO-8601 instant
      bad expiresAt           | {"op":"upsert","id":"a","signal":{"type":"md5","value":"aa"},"expiresAt":"2026-13-01T00:00:00Z"} | "expiresAt" is not an ISO-8601 instant
      """)
  void aMalformedLineIsRefusedNamingItsLine(String why, String line, String expected) {
    String feed = "# header\n" + GOOD + "\n\n" + line + "\n" + GOOD + "\n";
    assertThatThrownBy(() -> read(feed))
        .as(why)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("test.ndjson")
        .hasMessageContaining("line 4:")
        .hasMessageContaining(expected);
  }

  @Test
  void invalidUtf8IsRefusedNamingItsLineEvenFarIntoTheFile() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 500; i++) {
      out.writeBytes(("{\"op\":\"delete\",\"id\":\"x" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }
    // Line 501: a lone continuation byte inside a string; line 502 is fine.
    out.writeBytes("{\"op\":\"delete\",\"id\":\"".getBytes(StandardCharsets.UTF_8));
    out.write(0x80);
    out.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    out.writeBytes((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> read(out.toByteArray()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("test.ndjson")
        .hasMessageContaining("line 501:")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void invalidUtf8OnTheFirstLineIsRefused() {
    byte[] bytes = {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("line 1:")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void aTruncatedMultiByteSequenceAtTheEndIsRefused() {
    byte[] good = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(good, good.length + 1);
    bytes[good.length] = (byte) 0xE2;
    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("line 2:")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void nonAsciiUtf8IsRead() {
    List<Indicator> indicators = read(
        "{\"op\":\"upsert\",\"id\":\"t\",\"signal\":{\"type\":\"term\",\"value\":\"caf\u00e9 🍑\"}}\n");
    assertThat(indicators).extracting(Indicator::value).containsExactly("caf\u00e9 🍑");
  }

  @Test
  void anOverlongLineIsRefusedNamingItsLine() {
    String padding = "x".repeat(NdjsonFeed.MAX_LINE_CHARS);
    String feed = GOOD + "\n" + GOOD + "\n{\"op\":\"delete\",\"id\":\"" + padding + "\"}\n";
    assertThatThrownBy(() -> read(feed))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("test.ndjson")
        .hasMessageContaining("line 3:")
        .hasMessageContaining("longer than");
  }

  @Test
  void aLineOfExactlyTheLimitIsAccepted() {
    String prefix = "{\"op\":\"delete\",\"id\":\"";
    String suffix = "\"}";
    String line = prefix + "x".repeat(NdjsonFeed.MAX_LINE_CHARS - prefix.length() - suffix.length()) + suffix;
    assertThat(line).hasSize(NdjsonFeed.MAX_LINE_CHARS);
    assertThat(read(line + "\n" + GOOD)).extracting(Indicator::id).containsExactly("ind-ok");
  }

  @Test
  void aHugeLineIsRefusedWithoutReadingItAll() {
    // A stream with no newline that never ends: the reader must give up at the limit.
    InputStream endless = new InputStream() {
      long served;

      @Override
      public int read() {
        served++;
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
        served += len;
        if (served > 64L * 1024 * 1024) {
          throw new AssertionError("read far past the line limit");
        }
        return len;
      }
    };
    assertThatThrownBy(() -> NdjsonFeed.read(endless, "f", "endless"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("line 1:")
        .hasMessageContaining("longer than");
  }

  @Test
  void anErrorRefusesTheWholeFeed() {
    // Nothing of a broken file is returned, so it can never half-replace a good one.
    String feed = GOOD + "\n{\"op\":\"upsert\",\"id\":\"b\"}\n";
    assertThatThrownBy(() -> read(feed)).isInstanceOf(InvalidConfigurationException.class);
  }
}
