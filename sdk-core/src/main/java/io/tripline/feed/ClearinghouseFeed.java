package io.tripline.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.tripline.InvalidConfigurationException;
import io.tripline.http.HttpSettings;
import io.tripline.index.IndicatorChanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One feed of a clearinghouse, pulled with the protocol's delta call
 * {@code GET {base}/v1/feeds/{id}/changes?after=<cursor>&limit=<n>}.
 *
 * <p>Every page must carry a {@code Tripline-Signature} header made with one of the pinned Ed25519
 * keys over the exact body bytes; it is checked before the body is parsed, and an unsigned,
 * wrongly signed, oversized or unparseable page, or one of another feed, is refused whole with a
 * {@link FeedException} that is not {@linkplain FeedException#retryable() retryable}. Outages
 * (I/O errors, timeouts, HTTP 429 and 5xx) are retried with exponential backoff and jitter,
 * honouring {@code Retry-After}, within a bounded number of attempts and time; after that the
 * {@link FeedException} is retryable. An expired cursor (HTTP 410) turns into a full resync,
 * returned with {@link FeedPage#replacesAll()}. A repeated pull of the same cursor is conditional
 * ({@code If-None-Match}), and a 304 answers an empty page.
 *
 * <p>The credential is never logged nor put in an exception message or {@link #toString()}; logs
 * at INFO carry feed ids and counts only.
 *
 * <p>Thread-safe; pulls of one instance are normally made by one sync thread.
 */
public final class ClearinghouseFeed implements Feed {

  private static final Logger LOG = LoggerFactory.getLogger(ClearinghouseFeed.class);

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  /** The largest {@code /v1/feeds} listing read: it is a few lines per feed. */
  private static final long MAX_LISTING_BYTES = 4L * 1024 * 1024;

  private final HttpUrl base;
  private final String feedId;
  private final char[] credential;
  private final SignatureVerifier verifier;
  private final int pageLimit;
  private final long maxPageBytes;
  private final OkHttpClient client;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration maxRetryTime;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Consumer<Duration> retryObserver;
  /** The ETag of the last 200 and the cursor it answered, for a conditional pull of that cursor. */
  private final AtomicReference<@Nullable Validator> lastValidator = new AtomicReference<>();

  private ClearinghouseFeed(Builder b) {
    this.base = Objects.requireNonNull(b.base, "baseUrl was not set");
    this.feedId = Objects.requireNonNull(b.feedId, "feedId was not set");
    if (b.credential == null) {
      throw new NullPointerException("credential was not set");
    }
    this.credential = b.credential.clone();
    if (b.keys == null) {
      throw new NullPointerException("publicKeys was not set");
    }
    this.verifier = new SignatureVerifier(b.keys);
    this.pageLimit = b.pageLimit;
    this.maxPageBytes = b.maxPageBytes;
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.maxRetryTime = b.maxRetryTime;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.retryObserver = b.retryObserver;
    // Derived from the caller's client so it shares its pool; redirects are not followed, so the
    // credential goes nowhere but the configured base.
    this.client = HttpSettings.client(b.client, b.connectTimeout, b.readTimeout, b.callTimeout).build();
  }

  /** A builder; {@code baseUrl}, {@code feedId}, {@code credential} and {@code publicKeys} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a raw 32-byte Ed25519 public key written in base64, as a clearinghouse publishes its
   * signing keys.
   *
   * @throws NullPointerException if {@code base64} is null
   * @throws IllegalArgumentException if it is not base64 of 32 bytes
   */
  public static PublicKey ed25519PublicKey(String base64) {
    return SignatureVerifier.parseRawKey(base64);
  }

  @Override
  public String id() {
    return feedId;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code cursor} is blank
   */
  @Override
  public FeedPage pull(@Nullable String cursor) {
    if (cursor != null && cursor.isBlank()) {
      throw new IllegalArgumentException("cursor must not be blank (null for a full sync)");
    }
    Fetched fetched = fetchChanges(cursor);
    if (fetched.status() == 410) {
      if (cursor == null) {
        throw new FeedException("feed " + feedId + ": the clearinghouse answered 410 to a full sync", false, null);
      }
      LOG.info("feed {}: cursor expired, resyncing from scratch", feedId);
      cursor = null;
      fetched = fetchChanges(null);
      if (fetched.status() == 410) {
        throw new FeedException("feed " + feedId + ": the clearinghouse answered 410 to a full sync", false, null);
      }
    }
    if (fetched.status() == 304) {
      if (cursor == null || !fetched.conditional()) {
        throw new FeedException("feed " + feedId + ": unexpected 304 to an unconditional pull", false, null);
      }
      LOG.debug("feed {}: not modified", feedId);
      return new FeedPage(feedId, IndicatorChanges.builder().build(), cursor, false, false, 0);
    }
    verifier.verify(fetched.signature(), fetched.body(), feedId);
    FeedPage page = parse(fetched.body(), cursor);
    String etag = fetched.etag();
    lastValidator.set(etag == null ? null : new Validator(cursor, etag));
    LOG.info("feed {}: pulled {} changes ({} skipped), more={}, full={}", feedId, page.changes().size(),
        page.skipped(), page.more(), page.replacesAll());
    return page;
  }

  /** A feed the clearinghouse offers, as {@code GET /v1/feeds} lists it. */
  public record FeedDescription(String id, String title, List<String> signalTypes, List<String> labels) {
    public FeedDescription {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      signalTypes = List.copyOf(signalTypes);
      labels = List.copyOf(labels);
    }
  }

  /**
   * Lists the feeds the credential may read ({@code GET /v1/feeds}). The listing is authenticated
   * but not signed, so it only helps choose feeds; what is pulled from them is verified. Entries
   * without an id are left out.
   *
   * @throws FeedException if the listing cannot be fetched or parsed
   */
  public List<FeedDescription> listFeeds() {
    HttpUrl url = base.newBuilder().addPathSegments("v1/feeds").build();
    Fetched fetched = fetchWithRetries(url, null, MAX_LISTING_BYTES, "feed listing");
    if (fetched.status() != 200) {
      throw new FeedException("feed listing: unexpected HTTP status " + fetched.status(), false, null);
    }
    JsonNode root = readJson(fetched.body(), "feed listing");
    JsonNode feeds = root.get("feeds");
    if (feeds == null || !feeds.isArray()) {
      throw new FeedException("feed listing refused: no \"feeds\" array", false, null);
    }
    List<FeedDescription> out = new ArrayList<>();
    for (JsonNode feed : feeds) {
      JsonNode id = feed.get("id");
      if (id == null || !id.isTextual() || id.asText().isBlank()) {
        continue;
      }
      JsonNode title = feed.get("title");
      out.add(new FeedDescription(id.asText(), title != null && title.isTextual() ? title.asText() : "",
          strings(feed.get("signalTypes")), strings(feed.get("labels"))));
    }
    return List.copyOf(out);
  }

  private static List<String> strings(@Nullable JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode item : array) {
        if (item.isTextual()) {
          out.add(item.asText());
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "ClearinghouseFeed[" + feedId + " at " + base + "]";
  }

  // --- HTTP ---------------------------------------------------------------------------------

  /** What one exchange brought back: a status the caller handles, and for 200 the body. */
  private record Fetched(int status, @Nullable String etag, @Nullable String signature, byte[] body,
      boolean conditional) {}

  private record Validator(@Nullable String cursor, String etag) {}

  /** A 429 or 5xx answer, retried by the policy; carries the server's {@code Retry-After}. */
  private static final class RetryableStatus extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient @Nullable Duration retryAfter;

    RetryableStatus(int status, @Nullable Duration retryAfter) {
      super("HTTP " + status, null, false, false);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  private Fetched fetchChanges(@Nullable String cursor) {
    HttpUrl.Builder url = base.newBuilder()
        .addPathSegments("v1/feeds")
        .addPathSegment(feedId)
        .addPathSegment("changes");
    if (cursor != null) {
      url.addQueryParameter("after", cursor);
    }
    url.addQueryParameter("limit", Integer.toString(pageLimit));
    Validator validator = lastValidator.get();
    String ifNoneMatch = cursor != null && validator != null && cursor.equals(validator.cursor())
        ? validator.etag() : null;
    return fetchWithRetries(url.build(), ifNoneMatch, maxPageBytes, "feed " + feedId);
  }

  private Fetched fetchWithRetries(HttpUrl url, @Nullable String ifNoneMatch, long maxBytes, String what) {
    RetryPolicy<Fetched> policy = RetryPolicy.<Fetched>builder()
        .handle(IOException.class, RetryableStatus.class)
        .withMaxAttempts(maxAttempts)
        .withMaxDuration(maxRetryTime)
        .withDelayFn(context -> delay(context.getAttemptCount(), context.getLastException()))
        .onRetryScheduled(event -> {
          Throwable failure = event.getLastException();
          LOG.warn("{}: attempt {} failed ({}), retrying in {} ms", what, event.getAttemptCount(),
              describe(failure), event.getDelay().toMillis());
          retryObserver.accept(event.getDelay());
        })
        .build();
    AtomicInteger attempts = new AtomicInteger();
    try {
      return Failsafe.with(policy).get(() -> {
        attempts.incrementAndGet();
        return exchange(url, ifNoneMatch, maxBytes, what);
      });
    } catch (RetryableStatus e) {
      throw new FeedException(what + ": the clearinghouse answered HTTP " + e.status + " to "
          + attempts.get() + " attempts", true, null);
    } catch (FailsafeException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new FeedException(what + ": interrupted while waiting to retry", true, cause);
      }
      throw new FeedException(what + ": clearinghouse unreachable after " + attempts.get() + " attempts ("
          + describe(cause) + ")", true, cause);
    }
  }

  /** The wait before the next attempt: the server's Retry-After, else exponential with jitter. */
  private Duration delay(int attemptsSoFar, @Nullable Throwable last) {
    if (last instanceof RetryableStatus status && status.retryAfter != null) {
      return status.retryAfter;
    }
    long initial = initialBackoff.toNanos();
    int doublings = Math.min(Math.max(attemptsSoFar - 1, 0), 30);
    double backoff = Math.min((double) maxBackoff.toNanos(), initial * Math.pow(2, doublings));
    // +-20% so that many platforms knocked off by one outage do not come back in step.
    double jittered = backoff * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofNanos((long) Math.min(jittered, (double) maxBackoff.toNanos()));
  }

  private static String describe(@Nullable Throwable failure) {
    if (failure instanceof RetryableStatus status) {
      return "HTTP " + status.status;
    }
    if (failure == null) {
      return "unknown";
    }
    return failure.getClass().getSimpleName()
        + (failure.getMessage() != null ? ": " + failure.getMessage() : "");
  }

  private Fetched exchange(HttpUrl url, @Nullable String ifNoneMatch, long maxBytes, String what)
      throws IOException {
    Request.Builder request = new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + new String(credential))
        .header("Accept", "application/json");
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    try (Response response = client.newCall(request.build()).execute()) {
      int code = response.code();
      if (code == 408 || code == 429 || code >= 500) {
        Duration retryAfter = retryAfter(response);
        if (retryAfter != null && retryAfter.compareTo(maxBackoff) > 0) {
          // Waiting that long would hold the sync thread; the next sync cycle tries again.
          throw new FeedException(what + ": the clearinghouse answered HTTP " + code + " and asked to wait "
              + retryAfter.toSeconds() + " s", true, null);
        }
        throw new RetryableStatus(code, retryAfter);
      }
      if (code == 401 || code == 403) {
        throw new FeedException(what + ": the clearinghouse refused the credential (HTTP " + code + ")", false,
            null);
      }
      if (code == 304 || code == 410) {
        return new Fetched(code, null, null, new byte[0], ifNoneMatch != null);
      }
      if (code != 200) {
        throw new FeedException(what + ": unexpected HTTP status " + code, false, null);
      }
      byte[] body = readBounded(response.body(), maxBytes, what);
      return new Fetched(code, response.header("ETag"), response.header(SignatureVerifier.HEADER), body,
          ifNoneMatch != null);
    }
  }

  private @Nullable Duration retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null) {
      return null;
    }
    value = value.strip();
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    Date date = response.headers().getDate("Retry-After");
    if (date == null) {
      return null;
    }
    Duration until = Duration.between(clock.instant(), date.toInstant());
    return until.isNegative() ? Duration.ZERO : until;
  }

  /** Reads the body, refusing one over {@code maxBytes} as soon as that is known. */
  private static byte[] readBounded(ResponseBody body, long maxBytes, String what) throws IOException {
    long declared = body.contentLength();
    if (declared > maxBytes) {
      throw tooBig(what, maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, 1 << 20) : 8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    try (InputStream in = body.byteStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > maxBytes) {
          throw tooBig(what, maxBytes);
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static FeedException tooBig(String what, long maxBytes) {
    return new FeedException(what + ": page refused: larger than " + maxBytes + " bytes", false, null);
  }

  // --- Parsing ------------------------------------------------------------------------------

  private JsonNode readJson(byte[] body, String what) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new FeedException(what + ": page refused: not valid JSON (" + e.getOriginalMessage() + ")", false, null);
    } catch (IOException e) {
      throw new FeedException(what + ": page refused: not valid JSON", false, null);
    }
    if (root == null || !root.isObject()) {
      throw new FeedException(what + ": page refused: not a JSON object", false, null);
    }
    return root;
  }

  private FeedPage parse(byte[] body, @Nullable String cursor) {
    String what = "feed " + feedId;
    JsonNode root = readJson(body, what);
    JsonNode feed = root.get("feed");
    if (feed == null || !feed.isTextual()) {
      throw new FeedException(what + ": page refused: no \"feed\"", false, null);
    }
    if (!feed.asText().equals(feedId)) {
      throw new FeedException(what + ": page refused: it is a page of another feed", false, null);
    }
    JsonNode changes = root.get("changes");
    if (changes == null || !changes.isArray()) {
      throw new FeedException(what + ": page refused: no \"changes\" array", false, null);
    }
    JsonNode next = root.get("next");
    if (next != null && !next.isNull() && (!next.isTextual() || next.asText().isBlank())) {
      throw new FeedException(what + ": page refused: \"next\" must be a cursor string", false, null);
    }
    JsonNode more = root.get("more");
    if (more != null && !more.isNull() && !more.isBoolean()) {
      throw new FeedException(what + ": page refused: \"more\" must be true or false", false, null);
    }
    boolean hasMore = more != null && more.asBoolean();
    boolean hasNext = next != null && next.isTextual();
    // Without a next cursor the page ends where it began: the same cursor, or none on a full sync.
    String nextCursor = hasNext ? next.asText() : cursor;
    if (hasMore && !hasNext) {
      throw new FeedException(what + ": page refused: \"more\" without a \"next\" cursor", false, null);
    }
    IndicatorChanges.Builder out = IndicatorChanges.builder();
    int skipped = 0;
    int index = 0;
    for (JsonNode entry : changes) {
      index++;
      try {
        NdjsonFeed.Change change = NdjsonFeed.change(entry, feedId, "clearinghouse page", index);
        if (change instanceof NdjsonFeed.Upsert upsert) {
          out.upsert(upsert.indicator());
        } else if (change instanceof NdjsonFeed.Delete delete) {
          out.delete(feedId, delete.id());
        }
      } catch (InvalidConfigurationException e) {
        skipped++;
        LOG.debug("feed {}: change {} skipped: {}", feedId, index, e.getMessage());
      }
    }
    if (skipped > 0) {
      LOG.warn("feed {}: {} malformed changes skipped", feedId, skipped);
    }
    return new FeedPage(feedId, out.build(), nextCursor, hasMore, cursor == null, skipped);
  }

  // --- Builder ------------------------------------------------------------------------------

  /**
   * Configures a {@link ClearinghouseFeed}. Not thread-safe; {@link #build()} copies the
   * configuration (the credential included), so a builder can be reused and its credential array
   * wiped afterwards.
   */
  public static final class Builder {
    private @Nullable HttpUrl base;
    private @Nullable String feedId;
    private char @Nullable [] credential;
    private @Nullable Map<String, PublicKey> keys;
    private int pageLimit = 1000;
    private long maxPageBytes = 64L * 1024 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private @Nullable OkHttpClient client;
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 5;
    private Duration maxRetryTime = Duration.ofMinutes(3);
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Consumer<Duration> retryObserver = delay -> {};

    Builder() {}

    /**
     * The clearinghouse's base URL, e.g. {@code https://clearinghouse.example}; the protocol's
     * paths ({@code v1/feeds/...}) are appended to it.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, or carries user info, a query
     *     or a fragment
     */
    public Builder baseUrl(String baseUrl) {
      HttpUrl url = HttpSettings.baseUrl(baseUrl, "credential");
      this.base = url;
      return this;
    }

    /**
     * The id of the feed to pull.
     *
     * @throws IllegalArgumentException if it is blank or contains '/'
     */
    public Builder feedId(String feedId) {
      Objects.requireNonNull(feedId, "feedId");
      if (feedId.isBlank() || feedId.indexOf('/') >= 0) {
        throw new IllegalArgumentException("feedId must be non-blank and without '/'");
      }
      this.feedId = feedId;
      return this;
    }

    /** The platform credential sent as a bearer token; copied. */
    public Builder credential(char[] credential) {
      this.credential = HttpSettings.credential(this.credential, credential);
      return this;
    }

    /** The platform credential sent as a bearer token. */
    public Builder credential(String credential) {
      Objects.requireNonNull(credential, "credential");
      return credential(credential.toCharArray());
    }

    /**
     * The clearinghouse's pinned signing keys, by key id: Ed25519 public keys (see
     * {@link ClearinghouseFeed#ed25519PublicKey(String)}).
     *
     * @throws IllegalArgumentException if empty, or a key is not Ed25519
     */
    public Builder publicKeys(Map<String, PublicKey> keys) {
      Objects.requireNonNull(keys, "keys");
      new SignatureVerifier(keys); // fails fast on a bad key
      this.keys = Map.copyOf(keys);
      return this;
    }

    /** Most changes asked for per page (the {@code limit} parameter); default 1000. */
    public Builder pageLimit(int pageLimit) {
      if (pageLimit < 1) {
        throw new IllegalArgumentException("pageLimit must be >= 1, was " + pageLimit);
      }
      this.pageLimit = pageLimit;
      return this;
    }

    /** The largest page body accepted, in bytes; a larger one is refused unread. Default 64 MiB. */
    public Builder maxPageBytes(long maxPageBytes) {
      if (maxPageBytes < 1) {
        throw new IllegalArgumentException("maxPageBytes must be >= 1, was " + maxPageBytes);
      }
      this.maxPageBytes = maxPageBytes;
      return this;
    }

    /** Connect timeout of one attempt; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest wait for the next bytes of a response; default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Longest time of one whole attempt; default 60 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Retry bounds: at most {@code maxAttempts} attempts in all, stopping once {@code maxTime}
     * has passed. Defaults: 5 attempts, 3 minutes.
     */
    public Builder retries(int maxAttempts, Duration maxTime) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.maxRetryTime = positive(maxTime, "maxTime");
      return this;
    }

    /**
     * Backoff between attempts: {@code initial}, doubling up to {@code max}, with +-20% jitter.
     * A {@code Retry-After} longer than {@code max} ends the pull at once (retryable) rather than
     * hold the sync thread. Defaults: 500 ms, 30 s.
     */
    public Builder backoff(Duration initial, Duration max) {
      positive(initial, "initial backoff");
      positive(max, "max backoff");
      if (initial.compareTo(max) > 0) {
        throw new IllegalArgumentException("initial backoff " + initial + " exceeds max backoff " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * The HTTP client to derive this feed's client from (sharing its connection pool and
     * dispatcher); the timeouts above are applied to the derived client. Default: a new one.
     */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock for {@code Retry-After} dates; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sees each retry delay as it is scheduled; for tests. */
    Builder retryObserver(Consumer<Duration> observer) {
      this.retryObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * @throws NullPointerException if a required setting is missing
     */
    public ClearinghouseFeed build() {
      return new ClearinghouseFeed(this);
    }

    private static Duration positive(Duration duration, String name) {
      return HttpSettings.positive(duration, name);
    }
  }
}
