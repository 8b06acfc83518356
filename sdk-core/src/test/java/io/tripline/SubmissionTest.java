package io.tripline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionTest {

  /** An endless stream of 'x' that counts what was taken from it. */
  private static final class CountingStream extends InputStream {
    long served;
    private final long size;

    CountingStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (served >= size) {
        return -1;
      }
      served++;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (served >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - served);
      Arrays.fill(b, off, off + n, (byte) 'x');
      served += n;
      return n;
    }
  }

  @Test
  void aStreamWithinTheLimitIsReadWhole() {
    Submission submission = Submission.builder()
        .maxFileBytes(1000)
        .file("image", "a.bin", "application/octet-stream", new CountingStream(1000))
        .file("doc", null, null, new ByteArrayInputStream(new byte[] {1, 2, 3}))
        .build();
    assertThat(submission.files()).extracting(SubmittedFile::size).containsExactly(1000, 3);
    assertThat(submission.files().get(1).bytes()).containsExactly(1, 2, 3);
    assertThat(submission.files().get(1).fileName()).isNull();
  }

  @Test
  void aStreamOverTheLimitIsRefusedAfterReadingAtMostOneByteMore() {
    CountingStream endless = new CountingStream(Long.MAX_VALUE);
    Submission.Builder builder = Submission.builder().maxFileBytes(1000);
    assertThatThrownBy(() -> builder.file("image", "a.jpg", "image/jpeg", endless))
        .isInstanceOfSatisfying(SubmissionTooLargeException.class, e -> {
          assertThat(e.limit()).isEqualTo(1000);
          assertThat(e.getMessage()).contains("image").contains("1000");
        });
    assertThat(endless.served).isLessThanOrEqualTo(1001);
    assertThat(builder.build().files()).isEmpty();
  }

  @Test
  void oneByteOverTheLimitIsRefused() {
    assertThatThrownBy(() -> Submission.builder().maxFileBytes(10).file("f", "n", "t", new CountingStream(11)))
        .isInstanceOf(SubmissionTooLargeException.class);
  }

  @Test
  void theStreamIsNotClosed() {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream(new byte[] {1}) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    Submission.builder().file("f", "n", "t", in).build();
    assertThat(closed[0]).isFalse();
  }

  @Test
  void aFailingStreamIsAnUncheckedIoException() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    assertThatThrownBy(() -> Submission.builder().file("upload", "n", "t", broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("upload")
        .hasRootCauseMessage("connection reset");
  }

  @Test
  void theLimitMustBePositive() {
    assertThatThrownBy(() -> Submission.builder().maxFileBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> Submission.builder().maxFileBytes(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
  }

  @Test
  void theDefaultLimitIs32MiB() {
    assertThat(Submission.DEFAULT_MAX_FILE_BYTES).isEqualTo(32L * 1024 * 1024);
    CountingStream in = new CountingStream(Submission.DEFAULT_MAX_FILE_BYTES + 1);
    assertThatThrownBy(() -> Submission.builder().file("f", "n", "t", in))
        .isInstanceOfSatisfying(SubmissionTooLargeException.class,
            e -> assertThat(e.limit()).isEqualTo(Submission.DEFAULT_MAX_FILE_BYTES));
  }

  @Test
  void toStringNeverShowsContent() {
    byte[] bytes = "SECRET-BYTES".getBytes(StandardCharsets.US_ASCII);
    Submission submission = Submission.builder()
        .text("body", "SECRET-TEXT about the victim")
        .file("image", "holiday.jpg", "image/jpeg", bytes)
        .uploader(new Uploader("u_998", "203.0.113.9"))
        .context(new PlatformContext("example", "us"))
        .build();
    String shown = submission.toString();
    assertThat(shown)
        .doesNotContain("SECRET")
        .doesNotContain(Arrays.toString(bytes))
        .doesNotContain(new String(bytes, StandardCharsets.US_ASCII))
        .contains("body", "image", "holiday.jpg", "image/jpeg", "size=12", "US");
    assertThat(submission.files().get(0).toString()).doesNotContain("SECRET").doesNotContain(Arrays.toString(bytes));
  }

  @Test
  void repeatedTextFieldsAreJoinedOnNewLinesInOrder() {
    Submission submission = Submission.builder()
        .text("title", "A")
        .text("body", "first")
        .text("body", "second")
        .build();
    assertThat(submission.textFields()).containsExactly(Map.entry("title", "A"), Map.entry("body", "first\nsecond"));
  }

  @Test
  void aBuiltSubmissionDoesNotChangeWhenTheBuilderIsReused() {
    Submission.Builder builder = Submission.builder().text("body", "one").file("f", "a", "t", new byte[] {1});
    Submission first = builder.build();
    builder.text("body", "two").text("title", "t").file("g", "b", "t", new byte[] {2});
    Submission second = builder.build();

    assertThat(first.textFields()).containsExactly(Map.entry("body", "one"));
    assertThat(first.files()).hasSize(1);
    assertThat(second.textFields()).containsEntry("body", "one\ntwo").containsEntry("title", "t");
    assertThat(second.files()).hasSize(2);
  }

  @Test
  void itsCollectionsCannotBeModified() {
    Submission submission = Submission.builder().text("body", "x").file("f", "a", "t", new byte[] {1}).build();
    assertThatThrownBy(() -> submission.textFields().put("evil", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> submission.files().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theConstructorCopiesWhatItIsGiven() {
    Map<String, String> fields = new LinkedHashMap<>(Map.of("body", "x"));
    List<SubmittedFile> files = new java.util.ArrayList<>(List.of(new SubmittedFile("f", null, null, new byte[0])));
    Submission submission = new Submission(fields, files, Uploader.UNKNOWN, PlatformContext.UNKNOWN);
    fields.put("later", "y");
    files.clear();
    assertThat(submission.textFields()).containsOnlyKeys("body");
    assertThat(submission.files()).hasSize(1);
  }

  @Test
  void nullsAreRefused() {
    Map<String, String> withNullValue = new HashMap<>();
    withNullValue.put("body", null);
    assertThatThrownBy(() -> new Submission(withNullValue, List.of(), Uploader.UNKNOWN, PlatformContext.UNKNOWN))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Submission.builder().text("body", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Submission.builder().text(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Submission.builder().file(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Submission.builder().file("f", "n", "t", (InputStream) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Submission.builder().file("f", "n", "t", (byte[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Submission.builder().uploader(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void emptiness() {
    assertThat(Submission.builder().build().isEmpty()).isTrue();
    assertThat(Submission.builder().text("b", "").build().isEmpty()).isFalse();
    assertThat(Submission.builder().file("f", "n", "t", new byte[0]).build().isEmpty()).isFalse();
    Submission defaults = Submission.builder().build();
    assertThat(defaults.uploader()).isEqualTo(Uploader.UNKNOWN);
    assertThat(defaults.context()).isEqualTo(PlatformContext.UNKNOWN);
  }

  @Test
  void submittedFilesAreEqualByContent() {
    SubmittedFile a = new SubmittedFile("f", "n", "t", new byte[] {1, 2});
    SubmittedFile b = new SubmittedFile("f", "n", "t", new byte[] {1, 2});
    SubmittedFile c = new SubmittedFile("f", "n", "t", new byte[] {1, 3});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.size()).isEqualTo(2);
  }

  @Test
  void platformContextUpperCasesAndChecksTheCountry() {
    assertThat(new PlatformContext("p", "gb").country()).isEqualTo("GB");
    assertThatThrownBy(() -> new PlatformContext("p", "GBR")).isInstanceOf(IllegalArgumentException.class);
  }
}
