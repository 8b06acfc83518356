package io.tripline.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.Verdict;
import io.tripline.servlet.TriplineFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ads}: stores a new ad from a multipart form with fields {@code title},
 * {@code text} and an optional {@code image}. The Tripline filter in front has already inspected
 * the upload; this servlet only reads its verdict: {@link Verdict.Allow} publishes the ad,
 * {@link Verdict.Flag} holds it for review.
 *
 * <p>A browser (Accept: text/html) is redirected to the listing with 303; any other client gets
 * 201 and {@code {"id":..,"status":"published"|"pending_review"}}. Errors are problem+json.
 */
final class AdsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(AdsServlet.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int MAX_TITLE_CHARS = 120;
  static final int MAX_TEXT_CHARS = 5_000;

  private final transient AdStore store;

  AdsServlet(AdStore store) {
    this.store = store;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object verdict = request.getAttribute(TriplineFilter.VERDICT_ATTRIBUTE);
    if (verdict instanceof Verdict.Block block) {
      // The filter answers blocks itself; should one ever get here, refuse it just as blandly.
      Problems.send(response, block.status(), "Upload refused", "This upload cannot be accepted.");
      return;
    }
    if (request.getContentLengthLong() > SampleApp.MAX_REQUEST_BYTES) {
      response.setHeader("Connection", "close");
      Problems.send(response, 413, "Upload too large", "A request may be at most " + megabytes(SampleApp.MAX_REQUEST_BYTES) + ".");
      return;
    }
    String contentType = request.getContentType();
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      Problems.send(response, 415, "Unsupported form encoding", "Post the ad as multipart/form-data.");
      return;
    }

    String title;
    String text;
    Optional<byte[]> image;
    try {
      title = textField(request, "title", MAX_TITLE_CHARS).strip();
      text = textField(request, "text", MAX_TEXT_CHARS).strip();
      image = imageField(request);
    } catch (InvalidForm e) {
      Problems.send(response, 400, "Invalid ad", e.getMessage());
      return;
    } catch (ServletException | IOException | IllegalStateException e) {
      // Jetty reports both a body it cannot parse and a part over the limits this way. Either way
      // it drops the connection afterwards, since the rest of the body cannot be read; saying so
      // keeps keep-alive clients from sending their next request down a dead connection.
      response.setHeader("Connection", "close");
      if (isTooLarge(e)) {
        Problems.send(response, 413, "Upload too large",
            "An image may be at most " + megabytes(SampleApp.MAX_FILE_BYTES) + ", a request at most "
                + megabytes(SampleApp.MAX_REQUEST_BYTES) + ".");
      } else {
        log.debug("unreadable multipart body", e);
        Problems.send(response, 400, "Malformed upload", "The request body is not a well-formed multipart form.");
      }
      return;
    }
    if (title.isEmpty()) {
      Problems.send(response, 400, "Invalid ad", "The ad needs a title.");
      return;
    }

    AdStore.StoredImage stored = null;
    if (image.isPresent()) {
      Optional<byte[]> thumbnail = Thumbnails.of(image.get());
      if (thumbnail.isEmpty()) {
        Problems.send(response, 415, "Unsupported image", "The image could not be read; upload a JPEG, PNG or GIF picture.");
        return;
      }
      stored = new AdStore.StoredImage(image.get(), thumbnail.get());
    }

    Object reviewItem = request.getAttribute(TriplineFilter.REVIEW_ITEM_ATTRIBUTE);
    Ad ad = store.add(title, text, statusFor(verdict), stored, reviewItem instanceof String id ? id : null);
    if (ad.status() == Ad.Status.PENDING_REVIEW) {
      log.info("ad {} held for review ({})", ad.id(),
          verdict instanceof Verdict.Flag flag ? flag.rule() : "no verdict from the Tripline filter");
    } else {
      log.info("ad {} published", ad.id());
    }
    respondCreated(request, response, ad);
  }

  /**
   * Allow publishes, Flag holds for review. No verdict means the filter did not inspect this
   * request (it is not mapped, or failed open): unchecked content is never published.
   */
  static Ad.Status statusFor(@Nullable Object verdict) {
    if (verdict == null) {
      log.warn("no Tripline verdict on a POST /ads request; holding the ad for review");
    }
    return verdict instanceof Verdict.Allow ? Ad.Status.PUBLISHED : Ad.Status.PENDING_REVIEW;
  }

  private static void respondCreated(HttpServletRequest request, HttpServletResponse response, Ad ad) throws IOException {
    if (wantsHtml(request)) {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", request.getContextPath() + "/");
      return;
    }
    response.setStatus(HttpServletResponse.SC_CREATED);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    JSON.writeValue(response.getOutputStream(),
        JSON.createObjectNode().put("id", ad.id()).put("status", ad.status().wireName()));
  }

  /** Whether the client is a browser submitting the form, by its Accept header. */
  static boolean wantsHtml(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }

  private static String textField(HttpServletRequest request, String name, int maxChars)
      throws IOException, ServletException {
    Part part = request.getPart(name);
    if (part == null) {
      return "";
    }
    if (part.getSubmittedFileName() != null) {
      throw new InvalidForm("The field '" + name + "' must be text, not a file.");
    }
    // UTF-8 takes at most 4 bytes a char; reading one more byte tells "too long" apart.
    byte[] bytes;
    try (InputStream in = part.getInputStream()) {
      bytes = in.readNBytes(maxChars * 4 + 1);
    }
    String value;
    try {
      value = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidForm("The field '" + name + "' is not valid UTF-8 text.");
    }
    if (bytes.length > maxChars * 4 || value.codePointCount(0, value.length()) > maxChars) {
      throw new InvalidForm("The field '" + name + "' may be at most " + maxChars + " characters.");
    }
    return value;
  }

  /** The image's bytes; empty if none was chosen (browsers then send an empty file part). */
  private static Optional<byte[]> imageField(HttpServletRequest request) throws IOException, ServletException {
    Part part = request.getPart("image");
    if (part == null || part.getSize() == 0) {
      return Optional.empty();
    }
    try (InputStream in = part.getInputStream()) {
      // The multipart config already bounds the part; this bound only guards the cast.
      return Optional.of(in.readNBytes((int) Math.min(part.getSize(), SampleApp.MAX_FILE_BYTES)));
    }
  }

  /** Whether a multipart failure was a size limit, as Jetty words it anywhere in the cause chain. */
  static boolean isTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413) {
        return true;
      }
      String message = t.getMessage();
      if (message != null) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("exceeded") || m.contains("too large") || m.contains("max file size") || m.contains("max length")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String megabytes(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }

  /** A form that parsed but breaks a rule of this form; the message is shown to the user. */
  private static final class InvalidForm extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidForm(String message) {
      super(message, null, false, false);
    }
  }
}
