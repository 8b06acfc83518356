package io.tripline.review;

import io.tripline.http.HttpSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clearinghouse's opinion call ({@code POST /v1/opinions}, answered 202): feedback on an
 * indicator, e.g. a reviewer's dismissal as {@code FALSE_POSITIVE}. The credential needs scope
 * {@code opinions:write}.
 *
 * <p>One attempt per call, never retried here: the outbox retries, with the same
 * {@code Idempotency-Key} (the entry's key) and the same bytes. Redirects are not followed; the
 * credential is never logged nor put in a message. Failures are {@link OpinionException}s that
 * say whether they are retryable.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClearinghouseOpinionClient {
  private static final Logger LOG = LoggerFactory.getLogger(ClearinghouseOpinionClient.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final HttpUrl base;
  private final char[] credential;
  private final OkHttpClient client;

  private ClearinghouseOpinionClient(Builder b) {
    this.base = Objects.requireNonNull(b.base, "baseUrl was not set");
    if (b.credential == null) {
      throw new NullPointerException("credential was not set");
    }
    this.credential = b.credential.clone();
    this.client = HttpSettings.client(b.client, b.connectTimeout, b.readTimeout, b.callTimeout)
        .retryOnConnectionFailure(false)
        .build();
  }

  /** A builder; {@code baseUrl} and {@code credential} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code opinion} under {@code idempotencyKey}.
   *
   * @throws OpinionException if the clearinghouse did not answer 202 (or 200, a replay)
   */
  public void send(String idempotencyKey, Opinion opinion) {
    Objects.requireNonNull(opinion, "opinion");
    send(idempotencyKey, opinion.toJson());
  }

  /**
   * Sends a stored opinion body, byte for byte: what the outbox resends.
   *
   * @throws OpinionException if the clearinghouse did not answer 202 (or 200, a replay)
   */
  public void send(String idempotencyKey, byte[] body) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(body, "body");
    HttpUrl url = base.newBuilder().addPathSegments("v1/opinions").build();
    Request request = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + new String(credential))
        .header("Accept", "application/json, application/problem+json")
        .header("Idempotency-Key", idempotencyKey)
        .post(RequestBody.create(body, JSON_TYPE))
        .build();
    int status;
    String retryAfter;
    try (Response response = client.newCall(request).execute()) {
      status = response.code();
      retryAfter = response.header("Retry-After");
    } catch (IOException e) {
      throw new OpinionException("opinion " + idempotencyKey + ": clearinghouse unreachable ("
          + e.getClass().getSimpleName() + ")", 0, true, null, e);
    }
    if (status == 202 || status == 200) {
      LOG.debug("opinion {} accepted ({})", idempotencyKey, status);
      return;
    }
    boolean retryable = status >= 500 || status == 408 || status == 429;
    Duration wait = retryable && retryAfter != null && retryAfter.strip().matches("\\d{1,9}")
        ? Duration.ofSeconds(Long.parseLong(retryAfter.strip())) : null;
    LOG.info("opinion {}: HTTP {}", idempotencyKey, status);
    throw new OpinionException("opinion " + idempotencyKey + ": HTTP " + status
        + (retryable ? " (retryable)" : " (refused)"), status, retryable, wait, null);
  }

  @Override
  public String toString() {
    return "ClearinghouseOpinionClient[" + base + "]";
  }

  /** Configures a {@link ClearinghouseOpinionClient}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private @Nullable HttpUrl base;
    private char @Nullable [] credential;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private @Nullable OkHttpClient client;

    Builder() {}

    /**
     * The clearinghouse's base URL; {@code v1/opinions} is appended.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, or has user info, a query or a fragment
     */
    public Builder baseUrl(String baseUrl) {
      this.base = HttpSettings.baseUrl(baseUrl, "credential");
      return this;
    }

    /** The platform credential (scope {@code opinions:write}), sent as a bearer token; copied. */
    public Builder credential(char[] credential) {
      this.credential = HttpSettings.credential(this.credential, credential);
      return this;
    }

    public Builder credential(String credential) {
      return credential(Objects.requireNonNull(credential, "credential").toCharArray());
    }

    /** Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = HttpSettings.positive(timeout, "connectTimeout");
      return this;
    }

    /** Default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = HttpSettings.positive(timeout, "readTimeout");
      return this;
    }

    /** Default 60 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = HttpSettings.positive(timeout, "callTimeout");
      return this;
    }

    /** The client to derive from (its pool and dispatcher shared); default a new one. */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** @throws NullPointerException if a required setting is missing */
    public ClearinghouseOpinionClient build() {
      return new ClearinghouseOpinionClient(this);
    }
  }
}
