package io.tripline.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tripline.feed.SignatureVerifier;
import io.tripline.http.HttpSettings;
import io.tripline.report.ClearinghouseReportException.Kind;
import io.tripline.report.ClearinghouseReportException.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clearinghouse's report calls (protocol, Reports): {@link #submit(Report)},
 * {@link #status(String)}, {@link #retract(String, String)}.
 *
 * <p>A submission's {@code Idempotency-Key} is the report's {@link Report#id()}: the first call
 * answers 201, a repeated one (same key, same body) 200 with the same receipt, which is returned
 * alike. A receipt is returned only once its {@code Tripline-Signature} verified with a pinned
 * key and it names the report submitted; otherwise the call fails with
 * {@link Kind#INVALID_RESPONSE}. Errors are {@link ClearinghouseReportException}s, read from the
 * RFC 9457 problem+json body, and say whether they are {@linkplain ClearinghouseReportException#retryable()
 * retryable}.
 *
 * <p>The client makes one attempt per call and never retries: the durable outbox does, with the
 * same key and the same stored bytes ({@link #submit(String, byte[])}). Redirects are not
 * followed, so the credential goes only to the configured base. The credential is never logged,
 * nor put in a message or {@link #toString()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClearinghouseReportClient {

  private static final Logger LOG = LoggerFactory.getLogger(ClearinghouseReportClient.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  /** Receipts, statuses and problems are small. */
  private static final long MAX_RESPONSE_BYTES = 1024 * 1024;
  /** Problem texts quoted in a message are cut to this. */
  private static final int MAX_TEXT = 200;

  private final HttpUrl base;
  private final char[] credential;
  private final SignatureVerifier verifier;
  private final OkHttpClient client;
  private final Clock clock;

  private ClearinghouseReportClient(Builder b) {
    this.base = Objects.requireNonNull(b.base, "baseUrl was not set");
    if (b.credential == null) {
      throw new NullPointerException("credential was not set");
    }
    this.credential = b.credential.clone();
    if (b.keys == null) {
      throw new NullPointerException("publicKeys was not set");
    }
    this.verifier = new SignatureVerifier(b.keys);
    this.clock = b.clock;
    this.client = HttpSettings.client(b.client, b.connectTimeout, b.readTimeout, b.callTimeout)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** A builder; {@code baseUrl}, {@code credential} and {@code publicKeys} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits {@code report} ({@code POST /v1/reports}, its protocol body, its id as the
   * Idempotency-Key).
   *
   * @return the verified receipt; the same on a replay
   * @throws ClearinghouseReportException if the call fails or the answer is refused
   */
  public Receipt submit(Report report) {
    Objects.requireNonNull(report, "report");
    return submit(report.id(), ReportJson.write(report));
  }

  /**
   * Submits a report body stored earlier, byte for byte, under its id: what the outbox resends.
   *
   * @throws IllegalArgumentException if {@code reportId} is not a report id
   * @throws ClearinghouseReportException if the call fails or the answer is refused
   */
  public Receipt submit(String reportId, byte[] body) {
    checkId(reportId);
    Objects.requireNonNull(body, "body");
    HttpUrl url = base.newBuilder().addPathSegments("v1/reports").build();
    Request request = request(url, reportId).post(RequestBody.create(body, JSON_TYPE)).build();
    Answer answer = call(request, reportId);
    if (answer.status != 201 && answer.status != 200) {
      throw unexpected(answer, reportId);
    }
    Receipt receipt;
    try {
      receipt = Receipt.verify(answer.body, answer.signature, verifier);
    } catch (ClearinghouseReportException e) {
      LOG.warn("report {}: HTTP {} answer refused: {}", reportId, answer.status, e.getMessage());
      throw new ClearinghouseReportException("report " + reportId + ": " + e.getMessage(), e.kind(), answer.status,
          null, null, e);
    }
    if (!receipt.reportId().equals(reportId)) {
      throw new ClearinghouseReportException("report " + reportId + ": receipt refused: it is the receipt of another"
          + " report", Kind.INVALID_RESPONSE, answer.status, null, null, null);
    }
    LOG.info("report {}: {} by the clearinghouse, {} routes", reportId, answer.status == 201 ? "received" : "replayed",
        receipt.routes().size());
    return receipt;
  }

  /**
   * The report's status and its routes' states ({@code GET /v1/reports/{id}}).
   *
   * @throws ClearinghouseReportException if the call fails or the answer is not a status
   */
  public ReportStatus status(String reportId) {
    checkId(reportId);
    HttpUrl url = base.newBuilder().addPathSegments("v1/reports").addPathSegment(reportId).build();
    Answer answer = call(request(url, null).get().build(), reportId);
    if (answer.status != 200) {
      throw unexpected(answer, reportId);
    }
    try {
      ReportStatus status = ReportStatus.read(answer.body);
      if (!status.reportId().equals(reportId)) {
        throw Check.invalid("reportId", "names another report");
      }
      return status;
    } catch (InvalidReportException e) {
      throw new ClearinghouseReportException("report " + reportId + ": status refused: '" + e.field() + "' "
          + e.reason(), Kind.INVALID_RESPONSE, answer.status, null, null, e);
    }
  }

  /**
   * Retracts the report ({@code POST /v1/reports/{id}/retract}): routes not yet delivered are
   * cancelled; a delivered one is corrected by the clearinghouse, not undone. The Idempotency-Key
   * is the report id with {@code -retract}, so a repeated retraction is a replay.
   *
   * @throws IllegalArgumentException if {@code reason} is blank or longer than 1000 characters
   * @throws ClearinghouseReportException if the call fails
   */
  public void retract(String reportId, String reason) {
    checkId(reportId);
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank() || reason.length() > 1000) {
      throw new IllegalArgumentException("reason must be 1..1000 characters, not blank");
    }
    byte[] body = ReportJson.generate(g -> {
      g.writeStartObject();
      g.writeStringField("reason", reason);
      g.writeEndObject();
    });
    HttpUrl url = base.newBuilder().addPathSegments("v1/reports").addPathSegment(reportId)
        .addPathSegment("retract").build();
    Answer answer = call(request(url, reportId + "-retract").post(RequestBody.create(body, JSON_TYPE)).build(),
        reportId);
    if (answer.status < 200 || answer.status > 299) {
      throw unexpected(answer, reportId);
    }
    LOG.info("report {}: retracted", reportId);
  }

  @Override
  public String toString() {
    return "ClearinghouseReportClient[" + base + "]";
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private record Answer(int status, byte[] body, @Nullable String signature) {}

  private static void checkId(String reportId) {
    Objects.requireNonNull(reportId, "reportId");
    if (!ReportIds.isWellFormed(reportId)) {
      throw new IllegalArgumentException("not a report id: '" + Check.shorten(reportId) + "'");
    }
  }

  private Request.Builder request(HttpUrl url, @Nullable String idempotencyKey) {
    Request.Builder b = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + new String(credential))
        .header("Accept", "application/json, application/problem+json");
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return b;
  }

  /** One attempt; a 2xx answer is returned, anything else thrown. */
  private Answer call(Request request, String reportId) {
    try (Response response = client.newCall(request).execute()) {
      int status = response.code();
      ResponseBody body = response.body();
      byte[] bytes = readBounded(body);
      if (status >= 200 && status <= 299) {
        return new Answer(status, bytes, response.header(SignatureVerifier.HEADER));
      }
      throw failure(status, bytes, response.header("Content-Type"), response.header("Retry-After"), reportId);
    } catch (IOException e) {
      // The message of an IOException names hosts and timeouts, never headers.
      throw new ClearinghouseReportException("report " + reportId + ": clearinghouse unreachable ("
          + e.getClass().getSimpleName() + ")", Kind.NETWORK, 0, null, null, e);
    }
  }

  private static byte[] readBounded(ResponseBody body) throws IOException {
    long declared = body.contentLength();
    if (declared > MAX_RESPONSE_BYTES) {
      throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    try (InputStream in = body.byteStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > MAX_RESPONSE_BYTES) {
          throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private ClearinghouseReportException failure(int status, byte[] body, @Nullable String contentType,
      @Nullable String retryAfterHeader, String reportId) {
    Problem problem = problem(status, body, contentType);
    Kind kind = kind(status, problem);
    Duration retryAfter = kind.retryable() ? retryAfter(retryAfterHeader) : null;
    StringBuilder message = new StringBuilder("report ").append(reportId).append(": HTTP ").append(status)
        .append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    if (problem != null) {
      message.append(" (").append(problem.type());
      if (problem.field() != null) {
        message.append(", field '").append(problem.field()).append('\'');
      }
      if (problem.detail() != null) {
        message.append(": ").append(problem.detail());
      } else if (problem.title() != null) {
        message.append(": ").append(problem.title());
      }
      message.append(')');
    }
    if (retryAfter != null) {
      message.append(", retry after ").append(retryAfter);
    }
    LOG.info("report {}: HTTP {} {}", reportId, status, kind);
    return new ClearinghouseReportException(message.toString(), kind, status, problem, retryAfter, null);
  }

  private static Kind kind(int status, @Nullable Problem problem) {
    if (status == 422 && problem != null && problem.type().toLowerCase(java.util.Locale.ROOT).contains("idempotency")) {
      return Kind.KEY_REUSED;
    }
    return switch (status) {
      case 400, 422 -> Kind.VALIDATION;
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 -> Kind.NOT_FOUND;
      case 408 -> Kind.UNAVAILABLE;
      case 409 -> Kind.IN_PROGRESS;
      case 429 -> Kind.RATE_LIMITED;
      default -> status >= 500 ? Kind.UNAVAILABLE : status >= 400 ? Kind.REJECTED : Kind.INVALID_RESPONSE;
    };
  }

  /** The problem+json body, if it is one; texts cleaned, and never echoing the credential. */
  private @Nullable Problem problem(int status, byte[] body, @Nullable String contentType) {
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json") || body.length == 0) {
      return null;
    }
    JsonNode root;
    try {
      root = JsonFields.JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    String type = text(root.get("type"));
    String field = text(root.get("field"));
    JsonNode errors = root.get("errors");
    if (field == null && errors != null && errors.isArray() && errors.size() > 0) {
      field = text(errors.get(0).get("field"));
    }
    JsonNode problemStatus = root.get("status");
    return new Problem(type == null ? "about:blank" : type, text(root.get("title")),
        problemStatus != null && problemStatus.canConvertToInt() ? problemStatus.intValue() : status,
        text(root.get("detail")), field);
  }

  private @Nullable String text(@Nullable JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    String text = node.asText().replaceAll("\\p{Cntrl}", " ").strip();
    String secret = new String(credential);
    if (text.contains(secret)) {
      text = text.replace(secret, "[credential]");
    }
    return text.isEmpty() ? null : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
  }

  private @Nullable Duration retryAfter(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      Duration until = Duration.between(clock.instant(),
          ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static ClearinghouseReportException unexpected(Answer answer, String reportId) {
    return new ClearinghouseReportException("report " + reportId + ": unexpected HTTP status " + answer.status,
        Kind.INVALID_RESPONSE, answer.status, null, null, null);
  }

  // --- Builder --------------------------------------------------------------------------------

  /**
   * Configures a {@link ClearinghouseReportClient}. Not thread-safe; {@link #build()} copies the
   * configuration, the credential included, so the builder's array can be wiped afterwards.
   */
  public static final class Builder {
    private @Nullable HttpUrl base;
    private char @Nullable [] credential;
    private @Nullable Map<String, PublicKey> keys;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private @Nullable OkHttpClient client;
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /**
     * The clearinghouse's base URL; {@code v1/reports} is appended.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, or has user info, a query or a fragment
     */
    public Builder baseUrl(String baseUrl) {
      HttpUrl url = HttpSettings.baseUrl(baseUrl, "credential");
      this.base = url;
      return this;
    }

    /** The platform credential (scope {@code reports:write}), sent as a bearer token; copied. */
    public Builder credential(char[] credential) {
      this.credential = HttpSettings.credential(this.credential, credential);
      return this;
    }

    public Builder credential(String credential) {
      return credential(Objects.requireNonNull(credential, "credential").toCharArray());
    }

    /**
     * The clearinghouse's pinned Ed25519 signing keys by key id (see
     * {@link io.tripline.feed.ClearinghouseFeed#ed25519PublicKey(String)}).
     *
     * @throws IllegalArgumentException if empty or a key is not Ed25519
     */
    public Builder publicKeys(Map<String, PublicKey> keys) {
      Objects.requireNonNull(keys, "keys");
      new SignatureVerifier(keys); // fails fast on a bad key
      this.keys = Map.copyOf(keys);
      return this;
    }

    /** Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest wait for the next bytes (read and write); default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Longest time of one whole call; default 60 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** The client to derive from (its pool and dispatcher shared); default a new one. */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock for {@code Retry-After} dates; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @throws NullPointerException if a required setting is missing */
    public ClearinghouseReportClient build() {
      return new ClearinghouseReportClient(this);
    }

    private static Duration positive(Duration duration, String name) {
      return HttpSettings.positive(duration, name);
    }
  }
}
