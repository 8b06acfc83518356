package io.tripline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.Tripline;
import io.tripline.image.FileDigests;
import io.tripline.testkit.MultipartBody;
import io.tripline.testkit.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter's contract, run on each container: Jetty and Tomcat parse multipart differently and
 * report errors differently, and the filter must answer the same on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterContractTest {
  static final String BLOCKED_PHRASE = "violet harbor package deal";
  static final String FLAGGED_PHRASE = "sunflower rates";
  static final long FILTER_MAX_FILE = 512 * 1024;
  static final long FILTER_MAX_REQUEST = 3 * 1024 * 1024;

  private static final String MULTIPART = new MultipartBody().contentType();
  private static final byte[] KNOWN_IMAGE = png(Color.RED);
  private static final byte[] CLEAN_IMAGE = png(Color.BLUE);

  /** What the filter's fail-closed condition reads, e.g. a feed past its maximum age. */
  private final AtomicBoolean stale = new AtomicBoolean();
  private ServletContainer container;
  private URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  abstract ServletContainer newContainer();

  @BeforeAll
  void startContainer(@TempDir Path tempDir) throws Exception {
    Tripline tripline = Tripline.builder()
        .indicators(List.of(
            Indicator.of("ind-img", "test-feed", "md5", FileDigests.of(KNOWN_IMAGE).md5(), Severity.HIGH, "csam"),
            Indicator.of("ind-block", "test-feed", "term", BLOCKED_PHRASE, Severity.HIGH, "trafficking"),
            Indicator.of("ind-flag", "test-feed", "term", FLAGGED_PHRASE, Severity.MEDIUM, "trafficking")))
        .build();
    TriplineFilter filter = TriplineFilter.builder(tripline)
        .maxFileBytes(FILTER_MAX_FILE)
        .maxRequestBytes(FILTER_MAX_REQUEST)
        .failClosedWhen(stale::get)
        .submissionCustomizer((request, submission) -> {
          // What a platform adds from its own records, e.g. the uploader's profile text.
          String profile = request.getHeader("X-Test-Profile");
          if (profile != null) {
            submission.text("profile", profile);
          }
        })
        .build();
    container = newContainer();
    base = container.start(filter, tempDir);
  }

  @AfterAll
  void stopContainer() throws Exception {
    container.close();
  }

  @Test
  void cleanUploadPassesAndTheServletStillSeesEveryPart() throws Exception {
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .field("title", "Bike for sale")
        .field("text", "Blue bike, barely used.")
        .file("image", "bike.png", "image/png", CLEAN_IMAGE));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("verdict=Allow")
        .contains("title:" + "Bike for sale".length())
        .contains("image:" + CLEAN_IMAGE.length)
        .contains("title=Bike for sale");
  }

  @Test
  void whileIndicatorsAreStaleAndSetToFailClosedUploadsAreRefusedWith503() throws Exception {
    MultipartBody clean = new MultipartBody().field("title", "Bike for sale");
    stale.set(true);
    try {
      HttpResponse<String> response = postMultipart("/upload", clean);
      assertThat(response.statusCode()).isEqualTo(503);
      assertProblem(response, "upload-uninspectable");
    } finally {
      stale.set(false);
    }
    assertThat(postMultipart("/upload", clean).statusCode()).isEqualTo(200);
  }

  @Test
  void knownImageIsBlockedWithAGenericProblem() throws Exception {
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .field("title", "Photo")
        .file("image", "photo.png", "image/png", KNOWN_IMAGE));

    assertThat(response.statusCode()).isEqualTo(422);
    assertProblem(response, "upload-rejected");
    assertThat(response.body()).doesNotContain("ind-img", "test-feed", "csam", "md5", "block-known");
  }

  @Test
  void blockedPhraseInChangedCaseAndSpacingIsBlocked() throws Exception {
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .field("title", "Ad")
        .field("text", "Ask about the  VIOLET Harbor\n package   deal tonight"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertProblem(response, "upload-rejected");
  }

  @Test
  void whatTheCustomizerAddsIsInspectedToo() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/upload"))
        .header("Content-Type", MULTIPART)
        .header("X-Test-Profile", "Violet Harbor package deal")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new MultipartBody().field("title", "Lamp").bytes()))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(422);
  }

  @Test
  void flaggedPhrasePassesWithTheVerdictAttribute() throws Exception {
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .field("title", "Ad")
        .field("text", "Ask for SUNFLOWER rates"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("verdict=Flag");
  }

  @Test
  void undecodableImageGets415() throws Exception {
    byte[] notAnImage = "this is not a jpeg at all".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .file("image", "photo.jpg", "image/jpeg", notAnImage));

    assertThat(response.statusCode()).isEqualTo(415);
    assertProblem(response, "unsupported-image");
  }

  @Test
  void truncatedImageGets415() throws Exception {
    byte[] truncated = Arrays.copyOf(CLEAN_IMAGE, CLEAN_IMAGE.length / 3);
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .file("image", "photo.png", "image/png", truncated));

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void filePartOverTheFilterLimitGets413() throws Exception {
    byte[] big = new byte[(int) FILTER_MAX_FILE + 1024];
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .file("attachment", "big.bin", "application/octet-stream", big));

    assertThat(response.statusCode()).isEqualTo(413);
    assertProblem(response, "payload-too-large");
  }

  @Test
  void fileOverTheContainerLimitGets413WhateverTheContainerSays() throws Exception {
    // Chunked, so only the container's own multipart limit can catch it.
    byte[] body = new MultipartBody()
        .file("attachment", "big.bin", "application/octet-stream", new byte[(int) TestServlets.CONTAINER_MAX_FILE + 4096])
        .bytes();
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/upload"))
        .header("Content-Type", MULTIPART)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertProblem(response, "payload-too-large");
  }

  @Test
  void declaredLengthOverTheLimitGets413BeforeAnyBodyIsRead() throws Exception {
    String status = rawExchange("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + MULTIPART
        + "\r\nContent-Length: " + (FILTER_MAX_REQUEST * 10) + "\r\n\r\n");
    assertThat(status).startsWith("HTTP/1.1 413");
  }

  @Test
  void malformedMultipartGets400() throws Exception {
    byte[] garbage = ("--" + new MultipartBody().boundary() + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nno end")
        .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = post("/upload", MULTIPART, garbage);

    assertThat(response.statusCode()).isEqualTo(400);
    assertProblem(response, "malformed-upload");
    // The body was not read to its end: the client must not reuse the connection.
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
  }

  @Test
  void multipartWithoutBoundaryGets400() throws Exception {
    HttpResponse<String> response = post("/upload", "multipart/form-data", "abc".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    assertProblem(response, "malformed-upload");
  }

  @Test
  void invalidUtf8InATextPartGets400() throws Exception {
    HttpResponse<String> response = postMultipart("/upload", new MultipartBody()
        .fieldBytes("text", new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF}));

    assertThat(response.statusCode()).isEqualTo(400);
    assertProblem(response, "malformed-upload");
  }

  @Test
  void multipartToAServletWithoutMultipartConfigFailsClosedWith503() throws Exception {
    HttpResponse<String> response = postMultipart("/nocfg", new MultipartBody()
        .field("title", "Photo")
        .file("image", "photo.png", "image/png", KNOWN_IMAGE));

    assertThat(response.statusCode()).isEqualTo(503);
    assertProblem(response, "upload-uninspectable");
  }

  @Test
  void rawKnownImageIsBlocked() throws Exception {
    HttpResponse<String> response = post("/raw", "image/png", KNOWN_IMAGE);

    assertThat(response.statusCode()).isEqualTo(422);
    assertProblem(response, "upload-rejected");
  }

  @Test
  void rawCleanImageIsReplayedToTheServletByteForByte() throws Exception {
    HttpResponse<String> response = post("/raw", "image/png", CLEAN_IMAGE);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("verdict=Allow", "bytes=" + CLEAN_IMAGE.length,
        "declared=" + CLEAN_IMAGE.length);
  }

  @Test
  void rawBodyOverTheFileLimitGets413() throws Exception {
    HttpResponse<String> response = post("/raw", "image/jpeg", new byte[(int) FILTER_MAX_FILE + 1]);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void rawUndecodableImageGets415() throws Exception {
    HttpResponse<String> response = post("/raw", "image/jpeg", new byte[] {1, 2, 3, 4});

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void urlEncodedFormTextIsInspected() throws Exception {
    HttpResponse<String> response = post("/raw", "application/x-www-form-urlencoded",
        "text=violet+HARBOR+package+deal".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(422);
  }

  @Test
  void requestsWithoutAnUploadPassUntouched() throws Exception {
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(base.resolve("/upload")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("get verdict=none");

    HttpResponse<String> json = post("/raw", "application/json",
        "{\"text\":\"violet harbor package deal\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("verdict=none");
  }

  @Test
  void asyncServletsWorkBehindTheFilter() throws Exception {
    HttpResponse<String> response = postMultipart("/async", new MultipartBody().field("title", "x"));
    // The async servlet has no multipart config: the filter fails closed before it runs.
    assertThat(response.statusCode()).isEqualTo(503);

    HttpResponse<String> raw = post("/async", "image/png", CLEAN_IMAGE);
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).isEqualTo("async verdict=Allow");
  }

  private HttpResponse<String> postMultipart(String path, MultipartBody multipart) throws Exception {
    return post(path, MULTIPART, multipart.bytes());
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String rawExchange(String head) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        line.write(b);
      }
      return line.toString(StandardCharsets.US_ASCII).strip();
    }
  }

  private static void assertProblem(HttpResponse<String> response, String slug) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body())
        .contains("\"type\":\"https://tripline.io/problems/" + slug + "\"")
        .contains("\"status\":" + response.statusCode());
  }

  private static byte[] png(Color color) {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 64, 48);
    g.setColor(Color.WHITE);
    g.fillOval(8, 8, 30, 20);
    g.dispose();
    return TestImages.png(image);
  }
}
