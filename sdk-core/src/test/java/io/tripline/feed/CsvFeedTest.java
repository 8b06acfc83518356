package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.index.IndicatorIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvFeedTest {

  private static final String PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String PDQ_B = "0000000000000000000000000000000000000000000000000000000000000001";
  private static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";

  @TempDir Path dir;

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("list.csv"), content);
  }

  private CsvFeed.Builder pdq(Path file) {
    return CsvFeed.builder(file, "ncmec").signalType("pdq");
  }

  @Test
  void readsAPdqExportWithAHeaderAndQuotedLabels() throws IOException {
    Path file = write("pdq_hex,label,quality\n"
        + PDQ_A + ",\"csam, confirmed\",100\n"
        + PDQ_B.toUpperCase() + ",\"say \"\"hi\"\"\",90\n");
    List<Indicator> indicators = CsvFeed.builder(file, "ncmec").labels("hash-list").severity(Severity.HIGH).build().read();
    assertThat(indicators).containsExactly(
        Indicator.of("pdq:" + PDQ_A, "ncmec", "pdq", PDQ_A, Severity.HIGH, "hash-list", "csam, confirmed"),
        Indicator.of("pdq:" + PDQ_B, "ncmec", "pdq", PDQ_B, Severity.HIGH, "hash-list", "say \"hi\""));
  }

  @Test
  void readsAHeaderlessListWithCrlfABomCommentsAndBlankLines() throws IOException {
    Path file = write("\uFEFF# exported 2026-11-28\r\n\r\n" + PDQ_A + ", csam \r\n  " + PDQ_B + "\r\n");
    assertThat(pdq(file).build().read())
        .extracting(Indicator::id, Indicator::labels)
        .containsExactly(tuple("pdq:" + PDQ_A, List.of("csam")), tuple("pdq:" + PDQ_B, List.of()));
  }

  @Test
  void aPlainMd5ListIsToldByItsLength() throws IOException {
    Path file = write(MD5.toUpperCase() + "\n" + "d41d8cd98f00b204e9800998ecf8427e,empty\n");
    assertThat(CsvFeed.builder(file, "local").build().read())
        .extracting(Indicator::id, Indicator::signalType, Indicator::value)
        .containsExactly(tuple("md5:" + MD5, "md5", MD5),
            tuple("md5:d41d8cd98f00b204e9800998ecf8427e", "md5", "d41d8cd98f00b204e9800998ecf8427e"));
  }

  @Test
  void aSixtyFourDigitListNeedsItsTypeGiven() throws IOException {
    Path file = write(PDQ_A + "\n");
    assertThatThrownBy(() -> CsvFeed.builder(file, "local").build().read())
        .isInstanceOf(FeedException.class)
        .hasMessageContaining("line 1: cannot tell the signal type of a 64-digit hash");
    assertThat(CsvFeed.builder(file, "local").signalType("sha256").build().read())
        .extracting(Indicator::id).containsExactly("sha256:" + PDQ_A);
  }

  @Test
  void aHeaderNamingTheTypeGivesItAndOtherColumnsAreIgnored() throws IOException {
    Path file = write("Quality,Exported_At,SHA256_Hash\n50,2026-11-28," + PDQ_A + "\n");
    assertThat(CsvFeed.builder(file, "local").build().read())
        .extracting(Indicator::id, Indicator::labels).containsExactly(tuple("sha256:" + PDQ_A, List.of()));
    assertThatThrownBy(() -> pdq(file).build().read())
        .hasMessageContaining("line 1: header names hashes of type sha256 but the feed's signal type is pdq");
  }

  @Test
  void linesBelowTheMinimumQualityAreLeftOut() throws IOException {
    Path file = write(PDQ_A + ",csam,49\n" + PDQ_B + ",csam,50\n");
    assertThat(pdq(file).minQuality(50).build().read()).extracting(Indicator::value).containsExactly(PDQ_B);
  }

  @Test
  void aHashListedTwiceHasTheLabelsOfBoth() throws IOException {
    Path file = write(PDQ_A + ",csam\n" + PDQ_A.toUpperCase() + ",ncii\n" + PDQ_A + ",csam\n");
    assertThat(pdq(file).build().read()).extracting(Indicator::labels).containsExactly(List.of("csam", "ncii"));
  }

  @Test
  void anUnknownTypeNeedsItsLength() throws IOException {
    assertThatThrownBy(() -> CsvFeed.builder(dir, "x").signalType("tmk"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signalType(type, hexDigits)");
    Path file = write("abcd\n");
    assertThat(CsvFeed.builder(file, "x").signalType("tmk", 4).build().read()).extracting(Indicator::id)
        .containsExactly("tmk:abcd");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = "|", textBlock = """
      short hash          | f8f8f0ce                   | line 2: a pdq hash has 64 hex digits, this has 8
      non-hex             | GG                         | line 2: hash is not ASCII hex: 'GG'
      full-width digits   | １２３                      | line 2: hash is not ASCII hex: '１２３'
      no hash             | ,csam                      | line 2: no hash
      too many fields     | HASH,a,50,x                | line 2: expected 1 to 3 fields, found 4
      bad quality         | HASH,a,101                 | line 2: quality must be a whole number 0 to 100, was '101'
      negative quality    | HASH,a,-1                  | line 2: quality must be a whole number 0 to 100, was '-1'
      unclosed quote      | HASH,"csam                 | line 2: quoted field not closed
      text after quote    | HASH,"csam"x               | line 2: text after a closing quote at column 72
      stray quote         | HASH,cs"am                 | line 2: quote inside an unquoted field at column 68
      """)
  void aMalformedLineRefusesTheWholeFileNamingItsLine(String why, String line, String expected) throws IOException {
    Path file = write(PDQ_A + ",ok\n" + line.replace("HASH", PDQ_B) + "\n" + PDQ_B + "\n");
    assertThatThrownBy(() -> pdq(file).build().pull(null))
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(file.toString())
        .hasMessageContaining(expected);
  }

  @Test
  void aHeaderWithoutAHashColumnIsRefused() throws IOException {
    Path file = write("label,quality\n");
    assertThatThrownBy(() -> pdq(file).build().read()).hasMessageContaining("line 1: not a hash, and as a header");
  }

  @Test
  void linesMustHaveAsManyFieldsAsTheHeader() throws IOException {
    Path file = write("hash,label\n" + PDQ_A + "\n");
    assertThatThrownBy(() -> pdq(file).build().read()).hasMessageContaining("line 2: expected 2 fields, found 1");
  }

  @Test
  void invalidUtf8IsRefusedNamingTheLine() throws IOException {
    byte[] bytes = (PDQ_A + ",ok\n" + PDQ_B + ",caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(dir.resolve("list.csv"), bytes);
    assertThatThrownBy(() -> pdq(file).build().read()).hasMessageContaining("line 2: not valid UTF-8");
  }

  @Test
  void anEmptyFileIsAnEmptyFeedThatReplacesAll() throws IOException {
    Path file = write("");
    FeedPage page = pdq(file).build().pull(null);
    assertThat(page.changes().size()).isZero();
    assertThat(page.replacesAll()).isTrue();
    assertThat(page.cursor()).isNotNull();
    assertThat(pdq(write("# nothing yet\n\n")).build().read()).isEmpty();
  }

  @Test
  void anUnchangedFileWithTheLastCursorIsAnEmptyPage() throws IOException {
    Path file = write(PDQ_A + "\n");
    FeedPage first = pdq(file).build().pull(null);
    assertThat(first.replacesAll()).isTrue();
    assertThat(first.changes().size()).isOne();
    assertThat(first.cursor()).isNotNull();
    // A new feed object (a restarted process) knows the file only by its cursor.
    FeedPage again = pdq(file).build().pull(first.cursor());
    assertThat(again.changes().size()).isZero();
    assertThat(again.replacesAll()).isFalse();
    assertThat(again.cursor()).isEqualTo(first.cursor());
  }

  @Test
  void aChangedConfigurationOverTheSameFileIsAChange() throws IOException {
    Path file = write(PDQ_A + "\n");
    String cursor = pdq(file).build().pull(null).cursor();
    FeedPage page = pdq(file).labels("csam").build().pull(cursor);
    assertThat(page.replacesAll()).isTrue();
    assertThat(page.cursor()).isNotEqualTo(cursor);
  }

  @Test
  void aRemovedLineIsGoneOnceThePageReplacesTheFeed() throws IOException {
    Path file = write(PDQ_A + "\n" + PDQ_B + "\n");
    CsvFeed feed = pdq(file).build();
    FeedPage first = feed.pull(null);
    IndicatorIndex index = IndicatorIndex.empty().withChanges(first.changes());
    assertThat(index.find("ncmec", "pdq:" + PDQ_B)).isPresent();

    Files.writeString(file, PDQ_A + "\n");
    FeedPage second = feed.pull(first.cursor());
    assertThat(second.replacesAll()).isTrue();
    assertThat(second.cursor()).isNotEqualTo(first.cursor());
    // What a consumer does with a page that replaces all: start the feed over from the page.
    IndicatorIndex next = IndicatorIndex.empty().withChanges(second.changes());
    assertThat(next.find("ncmec", "pdq:" + PDQ_A)).isPresent();
    assertThat(next.find("ncmec", "pdq:" + PDQ_B)).isEmpty();
    assertThat(next.size()).isOne();
  }

  @Test
  void aSettledUnchangedFileIsNotReadAgain() throws IOException {
    Path file = write(PDQ_A + ",a\n");
    FileTime old = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, old);
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    CsvFeed feed = pdq(file).clock(clock).build();
    String cursor = feed.pull(null).cursor();
    // Rewritten in place, same size and time: only the stamp is compared, so this is not seen.
    Files.writeString(file, PDQ_A + ",b\n");
    Files.setLastModifiedTime(file, old);
    assertThat(feed.pull(cursor).changes().size()).isZero();
    // A new modification time is seen.
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
    assertThat(feed.pull(cursor).replacesAll()).isTrue();
  }

  @Test
  void aFreshModificationTimeIsNotTrustedAndTheFileIsHashed() throws IOException {
    Path file = write(PDQ_A + ",a\n");
    Instant modified = Instant.parse("2026-01-01T00:00:00Z");
    Files.setLastModifiedTime(file, FileTime.from(modified));
    // Read within the same second it was written: a same-size rewrite in that second keeps its time.
    CsvFeed feed = pdq(file).clock(Clock.fixed(modified.plusMillis(500), ZoneOffset.UTC)).build();
    String cursor = feed.pull(null).cursor();
    Files.writeString(file, PDQ_A + ",b\n");
    Files.setLastModifiedTime(file, FileTime.from(modified));
    FeedPage page = feed.pull(cursor);
    assertThat(page.replacesAll()).isTrue();
    assertThat(page.cursor()).isNotEqualTo(cursor);
  }

  @Test
  void aFileReplacedWhileReadIsReadAsTheOldOrTheNewListNeverAMix() throws Exception {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      a.append(String.format("%064x", i)).append(",old\n");
      b.append(String.format("%064x", i + 100_000)).append(",new\n");
    }
    Path file = write(a.toString());
    Set<String> oldIds = ids(pdq(file).build().read());
    Path fileA = Files.writeString(dir.resolve("a.src"), a);
    Path fileB = Files.writeString(dir.resolve("b.src"), b);
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          Path tmp = dir.resolve("tmp");
          Files.copy(i % 2 == 0 ? fileB : fileA, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();
    CsvFeed feed = pdq(file).build();
    Set<String> newIds = ids(CsvFeed.builder(fileB, "ncmec").signalType("pdq").build().read());
    int read = 0;
    try {
      for (int i = 0; i < 200; i++) {
        try {
          Set<String> ids = ids(feed.read());
          assertThat(ids).isIn(oldIds, newIds);
          read++;
        } catch (FeedException e) {
          assertThat(e.retryable()).isTrue(); // changed twice during the read, or between move and open
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(read).isPositive();
  }

  private static Set<String> ids(List<Indicator> indicators) {
    return indicators.stream().map(Indicator::id).collect(Collectors.toSet());
  }

  @Test
  void aFileOverTheLimitIsRefused() throws IOException {
    Path file = write((PDQ_A + "\n").repeat(100));
    assertThatThrownBy(() -> pdq(file).maxFileBytes(1000).build().pull(null))
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("over the limit of 1000 bytes");
  }

  @Test
  void aHugeLineIsRefusedNamingIt() throws IOException {
    Path file = write(PDQ_A + "\n" + PDQ_B + ",\"" + "x".repeat(10_000_000) + "\"\n");
    assertThatThrownBy(() -> pdq(file).build().read())
        .hasMessageContaining("line 2: line longer than " + CsvFeed.MAX_LINE_CHARS + " characters");
  }
}
