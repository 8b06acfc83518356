package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedFileTest {

  @TempDir Path dir;

  private static void replace(Path target, String content) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), "new", ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void readsTheBytesAndTheirSha256() throws IOException {
    Path file = Files.writeString(dir.resolve("list.csv"), "abc");
    FeedFile.Content content = new FeedFile(file, 100, Clock.systemUTC()).read();
    assertThat(content.bytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(content.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aFileReplacedDuringTheReadIsReadAgainWhole() throws IOException {
    Path file = Files.writeString(dir.resolve("list.csv"), "old content\n");
    AtomicInteger reads = new AtomicInteger();
    FeedFile feedFile = new FeedFile(file, 100, Clock.systemUTC(), () -> {
      if (reads.getAndIncrement() == 0) {
        replace(file, "the new content\n");
      }
    });
    assertThat(new String(feedFile.read().bytes(), StandardCharsets.UTF_8)).isEqualTo("the new content\n");
    assertThat(reads).hasValue(2);
  }

  @Test
  void aFileThatKeepsChangingIsARetryableError() throws IOException {
    Path file = Files.writeString(dir.resolve("list.csv"), "v0\n");
    AtomicInteger version = new AtomicInteger();
    FeedFile feedFile = new FeedFile(file, 100, Clock.systemUTC(),
        () -> replace(file, "v" + version.incrementAndGet() + " longer\n"));
    assertThatThrownBy(feedFile::read)
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining(file.toString())
        .hasMessageContaining("changed while being read");
  }

  @Test
  void aFileOverTheLimitIsRefusedWithoutReadingIt() throws IOException {
    Path file = dir.resolve("huge.csv");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(8L * 1024 * 1024 * 1024); // sparse: 8 GiB that would not fit in memory
    }
    assertThatThrownBy(() -> new FeedFile(file, 1024, Clock.systemUTC()).read())
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(file.toString())
        .hasMessageContaining("over the limit of 1024 bytes");
  }

  @Test
  void aFileOfExactlyTheLimitIsRead() throws IOException {
    Path file = Files.write(dir.resolve("list.csv"), new byte[1024]);
    assertThat(new FeedFile(file, 1024, Clock.systemUTC()).read().bytes()).hasSize(1024);
  }

  @Test
  void aMissingFileIsARetryableError() {
    Path file = dir.resolve("missing.csv");
    assertThatThrownBy(() -> new FeedFile(file, 1024, Clock.systemUTC()).read())
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("missing.csv").hasMessageContaining("no such file");
  }

  @Test
  void aDirectoryIsRefused() {
    assertThatThrownBy(() -> new FeedFile(dir, 1024, Clock.systemUTC()).read())
        .isInstanceOf(FeedException.class).hasMessageContaining("not a regular file");
  }

  private static List<String> lines(byte[] bytes, int maxChars) {
    List<String> lines = new ArrayList<>();
    FeedFile.forEachLine(bytes, "t.txt", maxChars, (n, line) -> lines.add(n + ":" + line));
    return lines;
  }

  @Test
  void linesAreSplitAtEveryLineBreakAndALeadingByteOrderMarkIsDropped() {
    byte[] bytes = "\uFEFFa\r\nb\rc\n\nd".getBytes(StandardCharsets.UTF_8);
    assertThat(lines(bytes, 10)).containsExactly("1:a", "2:b", "3:c", "4:", "5:d");
    assertThat(lines("a\n\uFEFFb".getBytes(StandardCharsets.UTF_8), 10)).containsExactly("1:a", "2:\uFEFFb");
  }

  @Test
  void invalidUtf8IsRefusedNamingTheLine() {
    byte[] bytes = "ok\nok\nbad \u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> lines(bytes, 10))
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessage("feed file t.txt, line 3: not valid UTF-8");
  }

  @Test
  void aLongLineIsRefusedNamingTheLine() {
    byte[] bytes = ("ok\n" + "x".repeat(11) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(lines("xxxxxxxxxx".getBytes(StandardCharsets.UTF_8), 10)).hasSize(1);
    assertThatThrownBy(() -> lines(bytes, 10)).hasMessage("feed file t.txt, line 2: line longer than 10 characters");
  }

  @Test
  void aHugeLineIsRefusedKeepingOnlyTheLimitOfIt() {
    byte[] bytes = new byte[20 * 1024 * 1024];
    java.util.Arrays.fill(bytes, (byte) 'a');
    assertThatThrownBy(() -> lines(bytes, 100)).hasMessageContaining("line 1: line longer than 100 characters");
  }
}
