package io.tripline.clearinghouse.feed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tripline.review.Opinion;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol's opinion call, mounted at {@value FeedApi#OPINIONS_PATH}: {@code POST} of
 * {@code {"feed","indicator","opinion":"TRUE_POSITIVE"|"FALSE_POSITIVE","note"}}, answered 202,
 * counted by {@link FeedPublisher#opinion} for the authenticated platform
 * ({@link FeedApi#PLATFORM_ATTRIBUTE}, else 401).
 *
 * <p>The body is read strictly: {@code application/json}, at most {@value #MAX_BODY_BYTES} bytes
 * (413), one JSON object without duplicate keys or trailing content (else 400). A missing,
 * mistyped, unknown or out-of-range field, or an unknown feed or indicator, is 422; every problem
 * names its field. A platform has one vote per indicator, its latest. A request with an
 * {@code Idempotency-Key} (optional; 1 to 200 of {@code [A-Za-z0-9._:-]}, else 400) is counted
 * once: replayed with the same body it changes nothing and is answered 202 again, so a retry
 * arriving after the platform's next vote cannot overwrite that vote; replayed with another body it
 * is 422 {@code idempotency-key-reused}.
 *
 * <p>Thread-safe.
 */
public final class OpinionsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OpinionsServlet.class);

  public static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private static final Set<String> FIELDS = Set.of("feed", "indicator", "opinion", "note");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final transient FeedPublisher publisher;

  /** @throws NullPointerException if {@code publisher} is null */
  public OpinionsServlet(FeedPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String platform = FeedApi.platform(request, response);
    if (platform == null) {
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      FeedApi.problem(response, 405, "method-not-allowed", "Method not allowed", "only POST is served here", null);
      return;
    }
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/json")) {
      FeedApi.problem(response, 415, "unsupported-media-type", "Unsupported media type",
          "the body must be application/json", null);
      return;
    }
    String key = request.getHeader("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      FeedApi.problem(response, 400, "idempotency-key-required", "Idempotency-Key malformed",
          "an Idempotency-Key must be 1 to 200 characters [A-Za-z0-9._:-]", "Idempotency-Key");
      return;
    }
    byte[] body = read(request);
    if (body == null) {
      FeedApi.problem(response, 413, "too-large", "Body too large",
          "the body must be at most " + MAX_BODY_BYTES + " bytes", null);
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      FeedApi.problem(response, 400, "malformed-json", "Malformed JSON", "the body is not valid JSON", null);
      return;
    }
    if (root == null || !root.isObject()) {
      FeedApi.problem(response, 400, "malformed-json", "Malformed JSON", "the body must be a JSON object", null);
      return;
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        invalid(response, "is not a field of an opinion", name.length() > 64 ? name.substring(0, 64) : name);
        return;
      }
    }
    String feed = text(root, "feed", 200, true);
    String indicator = text(root, "indicator", 200, true);
    String kind = text(root, "opinion", 32, true);
    String note = text(root, "note", 500, false);
    if (feed == null) {
      invalid(response, "must be a non-blank string of at most 200 characters", "feed");
      return;
    }
    if (indicator == null) {
      invalid(response, "must be a non-blank string of at most 200 characters", "indicator");
      return;
    }
    if (kind == null || !(kind.equals("TRUE_POSITIVE") || kind.equals("FALSE_POSITIVE"))) {
      invalid(response, "must be TRUE_POSITIVE or FALSE_POSITIVE", "opinion");
      return;
    }
    JsonNode noteNode = root.get("note");
    if (noteNode != null && !noteNode.isNull() && note == null) {
      invalid(response, "must be a string of at most 500 characters", "note");
      return;
    }
    try {
      FeedPublisher.Request idempotent = key == null ? null : new FeedPublisher.Request(key, sha256Hex(body));
      FeedPublisher.OpinionOutcome outcome = publisher.opinion(platform, feed, indicator, Opinion.Kind.valueOf(kind),
          note, idempotent);
      if (outcome.withdrawn()) {
        LOG.info("feed {}: indicator {} withdrawn after {} false-positive opinions", feed, indicator,
            outcome.falsePositives());
      }
    } catch (IdempotencyKeyReusedException e) {
      FeedApi.problem(response, 422, "idempotency-key-reused", "Idempotency-Key reused with another body",
          "this Idempotency-Key was used before with a different body; a new request needs a new key", null);
      return;
    } catch (UnknownFeedException e) {
      boolean feedKnown = e.unknownIndicator();
      invalid(response, feedKnown ? "names no indicator of the feed" : "names no feed",
          feedKnown ? "indicator" : "feed");
      return;
    } catch (IllegalArgumentException e) {
      FeedApi.problem(response, 403, "platform-refused", "Platform refused",
          "the authenticated platform id is not usable here", null);
      return;
    } catch (FeedStoreException e) {
      LOG.error("feed store failed: {}", e.getMessage());
      FeedApi.problem(response, 503, "unavailable", "Temporarily unavailable", "the feed store failed; retry later",
          null);
      return;
    }
    byte[] accepted = "{\"status\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8);
    response.setStatus(202);
    response.setContentType("application/json");
    response.setContentLength(accepted.length);
    response.getOutputStream().write(accepted);
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static void invalid(HttpServletResponse response, String detail, String field) throws IOException {
    FeedApi.problem(response, 422, "invalid-opinion", "Invalid opinion", field + " " + detail, field);
  }

  /** The field's text if it is a string within bounds (non-blank when required), else null. */
  private static @Nullable String text(JsonNode root, String field, int max, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      return null;
    }
    String value = node.asText();
    if (value.length() > max || (required && value.isBlank())) {
      return null;
    }
    return value;
  }

  private static byte @Nullable [] read(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      return null;
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }
}
