package io.tripline.report.ncmec;

import io.tripline.http.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files {@link NcmecReport}s with the NCMEC CyberTipline reporting API:
 * {@code POST /submit} (report XML) -> reportId; per file {@code POST /upload} (multipart
 * {@code id}, {@code file}) -> fileId and the MD5 of what arrived, then {@code POST /fileinfo}
 * ({@code fileDetails} XML); {@code POST /finish} files it.
 *
 * <p>Before any network call, the report XML and every file's {@code fileDetails} are validated
 * against the bundled {@code cyber_tipline.xsd}; a report that does not validate is refused with
 * an {@link NcmecSchemaException}. Each NCMEC id is handed to the {@link NcmecProgress} right
 * after it arrives; a send given the state rebuilt from those ids resumes at the next step, so a
 * report is filed at most once (a retried finish answered 5102 "already finished" is success).
 * An unfinished report older than NCMEC's expiry (24 h since opened, 1 h since its last change),
 * or one NCMEC says is gone (5001), is abandoned and the report is sent anew.
 *
 * <p>Response codes: 0 success; 1xxx server error, retried with backoff and, when attempts run
 * out, an {@link NcmecException} that is {@linkplain NcmecException#retryable() retryable};
 * 2xxx/3xxx an {@link NcmecAuthException} (stop, alert); 4xxx the open report is retracted, then
 * {@link NcmecRejectedException} with NCMEC's message; 5001 report gone: start again; 5002 file
 * gone: upload that file again; 5101 already retracted: permanent failure; 5102 already finished:
 * success. An upload whose MD5 differs from the local one is uploaded again. An upload that got
 * no answer (I/O error, HTTP 504, unreadable answer), or whose start was persisted without its
 * fileId, may have arrived unrecorded; as NCMEC has no call to remove a file, that report is
 * retracted and the report sent anew rather than a second copy attached. The
 * {@code Request-ID} header of every call goes to {@link NcmecProgress#called} and the
 * {@link NcmecReceipt}.
 *
 * <p>Credentials are never logged nor put in a message or {@link #toString()}; logs carry report
 * ids, counts and Request-IDs only, never report content.
 *
 * <p>Thread-safe and immutable; sends of different reports may run concurrently.
 */
public final class NcmecClient {

  private static final Logger LOG = LoggerFactory.getLogger(NcmecClient.class);

  private static final MediaType XML = MediaType.get("text/xml; charset=utf-8");
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  /** NCMEC's responses are a few lines; a bigger one is not a response. */
  private static final long MAX_RESPONSE_BYTES = 1L << 20;
  private static final int MAX_RESTARTS = 2;

  private final NcmecEnvironment environment;
  private final HttpUrl base;
  private final String username;
  private final char[] password;
  private final OkHttpClient client;
  private final Clock clock;
  private final int maxAttempts;
  private final int maxUploadAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private NcmecClient(Builder b) {
    this.environment = Objects.requireNonNull(b.environment, "environment was not set");
    Credential credential = b.credentials.get(environment);
    if (credential == null) {
      throw new NullPointerException("credentials for " + environment + " were not set");
    }
    this.username = credential.username;
    this.password = credential.password.clone();
    this.base = b.baseUrls.getOrDefault(environment, HttpUrl.get(environment.baseUrl()));
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.maxUploadAttempts = b.maxUploadAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    // Redirects are not followed, so the credential goes nowhere but the configured base.
    this.client = HttpSettings.client(b.client, b.connectTimeout, b.readTimeout, b.callTimeout).build();
  }

  /** A builder; {@code environment} and that environment's {@code credentials} are required. */
  public static Builder builder() {
    return new Builder();
  }

  public NcmecEnvironment environment() {
    return environment;
  }

  /**
   * Checks a report against the schema without sending it.
   *
   * @throws NcmecSchemaException if the report XML or a file's details do not validate
   */
  public static void validate(NcmecReport report) {
    Objects.requireNonNull(report, "report");
    NcmecXml.validate(NcmecXml.report(report), "report XML");
    List<NcmecFile> files = report.files();
    for (int i = 0; i < files.size(); i++) {
      // The ids are not known yet; placeholders of the right types stand in for them.
      NcmecXml.validate(NcmecXml.fileDetails(1, "pending", files.get(i)), "fileDetails of file " + i);
    }
  }

  /** Sends a report from the start. Same as {@code send(report, NcmecSendState.fresh(), progress)}. */
  public NcmecReceipt send(NcmecReport report, NcmecProgress progress) {
    return send(report, NcmecSendState.fresh(), progress);
  }

  /**
   * Sends a report, resuming from {@code resume} (the state rebuilt from what {@code progress}
   * persisted earlier for this report).
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code resume} names a file index the report lacks
   * @throws NcmecSchemaException if the XML does not validate; nothing was sent
   * @throws NcmecAuthException if NCMEC refused the credentials or account
   * @throws NcmecRejectedException if NCMEC refused the content; the report was retracted
   * @throws NcmecException otherwise; resume later if {@link NcmecException#retryable()}
   */
  public NcmecReceipt send(NcmecReport report, NcmecSendState resume, NcmecProgress progress) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(resume, "resume");
    Objects.requireNonNull(progress, "progress");
    validate(report);
    for (int index : resume.files().keySet()) {
      if (index < 0 || index >= report.files().size()) {
        throw new IllegalArgumentException("resume state names file " + index + " but the report has "
            + report.files().size() + " files");
      }
    }
    return new Send(report, resume, progress).run();
  }

  /**
   * Retracts an unfinished report. A report already retracted (5101) or gone (5001) counts as
   * retracted.
   *
   * @throws NcmecException if it is already finished (5102) or the retraction failed
   */
  public void retract(long reportId) {
    retract(reportId, NcmecProgress.none());
  }

  /**
   * Retracts an unfinished report, handing the call to {@link NcmecProgress#called} for the audit
   * trail; otherwise as {@link #retract(long)}. An exception thrown by the progress is not caught.
   *
   * @throws NcmecException if it is already finished (5102) or the retraction failed
   */
  public void retract(long reportId, NcmecProgress progress) {
    Objects.requireNonNull(progress, "progress");
    new Send(null, NcmecSendState.fresh(), progress).retract(reportId);
  }

  @Override
  public String toString() {
    return "NcmecClient[" + environment + ", " + base + "]";
  }

  // --- One send -----------------------------------------------------------------------------

  /** The report is gone at NCMEC (5001, expiry): start again. */
  private static final class ReportGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReportGone(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A file is gone at NCMEC (5002): upload it again. */
  private static final class FileGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FileGone() {
      super(null, null, false, false);
    }
  }

  /** An upload got no answer: it may have arrived. */
  private static final class UploadUncertain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UploadUncertain(String what) {
      super(what, null, false, false);
    }
  }

  /** The report is already finished (5102): success. */
  private static final class AlreadyFinished extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final @Nullable String requestId;

    AlreadyFinished(@Nullable String requestId) {
      super(null, null, false, false);
      this.requestId = requestId;
    }
  }

  private record Answer(NcmecXml.Response response, @Nullable String requestId) {}

  private final class Send {
    private final @Nullable NcmecReport report;
    private final NcmecProgress progress;
    private final List<NcmecCall> calls = new ArrayList<>();
    private NcmecSendState state;

    Send(@Nullable NcmecReport report, NcmecSendState state, NcmecProgress progress) {
      this.report = report;
      this.state = state;
      this.progress = progress;
    }

    NcmecReceipt run() {
      if (state.finished()) {
        return receipt();
      }
      Instant now = clock.instant();
      if (state.expiredAt(now)) {
        long stale = Objects.requireNonNull(state.reportId());
        LOG.info("NCMEC report {} expired unfinished; sending the report again", stale);
        abandon("expired: opened " + state.openedAt() + ", last changed " + state.lastChangeAt());
      } else if (state.reportId() != null && !state.uploading().isEmpty()) {
        retractQuietly("an upload of file " + state.uploading().iterator().next() + " was started but its fileId"
            + " was not persisted");
      }
      for (int restarts = 0; ; restarts++) {
        try {
          return attempt();
        } catch (ReportGone gone) {
          if (restarts >= MAX_RESTARTS) {
            throw new NcmecException("NCMEC report " + state.reportId() + " is gone again (" + gone.getMessage()
                + ") after " + MAX_RESTARTS + " new starts", 5001, null, true, null);
          }
          LOG.info("NCMEC report {} is gone ({}); sending the report again", state.reportId(), gone.getMessage());
          abandon(gone.getMessage());
        } catch (UploadUncertain uncertain) {
          if (restarts >= MAX_RESTARTS) {
            throw new NcmecException("upload to NCMEC report " + state.reportId() + " kept failing without an answer ("
                + uncertain.getMessage() + ")", -1, null, true, null);
          }
          retractQuietly("an upload got no answer (" + uncertain.getMessage() + ")");
        } catch (AlreadyFinished done) {
          long reportId = Objects.requireNonNull(state.reportId());
          Instant at = clock.instant();
          progress.finished(reportId, at, done.requestId);
          state = state.withFinished(at);
          LOG.info("NCMEC report {} was already finished", reportId);
          return receipt();
        }
      }
    }

    /**
     * An upload may have arrived unrecorded: NCMEC has no call to remove a file, so the report is
     * retracted (best effort; an unfinished report also expires) and sent anew.
     */
    private void retractQuietly(String reason) {
      long reportId = Objects.requireNonNull(state.reportId());
      LOG.warn("NCMEC report {}: {}; retracting it and sending the report again", reportId, reason);
      try {
        retract(reportId);
      } catch (NcmecAuthException e) {
        throw e;
      } catch (NcmecException e) {
        LOG.warn("NCMEC report {}: retraction failed ({}); it expires unfinished", reportId, e.getMessage());
      }
      abandon("retracted: " + reason);
    }

    private void abandon(String reason) {
      Long reportId = state.reportId();
      state = NcmecSendState.fresh();
      if (reportId != null) {
        progress.abandoned(reportId, reason);
      }
    }

    private NcmecReceipt attempt() {
      NcmecReport report = Objects.requireNonNull(this.report);
      if (state.reportId() == null) {
        Answer answer = call("submit", RequestBody.create(NcmecXml.report(report), XML));
        check(answer, "submit", false);
        Long reportId = answer.response.reportId();
        if (reportId == null) {
          throw new NcmecException("NCMEC answered submit without a reportId", 0, answer.requestId, true, null);
        }
        Instant at = clock.instant();
        progress.reportOpened(reportId, at, answer.requestId);
        state = NcmecSendState.opened(reportId, at);
      }
      long reportId = Objects.requireNonNull(state.reportId());
      List<NcmecFile> files = report.files();
      for (int i = 0; i < files.size(); i++) {
        for (int tries = 0; ; tries++) {
          try {
            sendFile(reportId, i, files.get(i));
            break;
          } catch (FileGone gone) {
            if (tries >= MAX_RESTARTS) {
              throw new NcmecException("NCMEC lost file " + i + " of report " + reportId + " repeatedly", 5002, null,
                  true, null);
            }
            state = state.withoutFile(i);
          }
        }
      }
      Answer answer = call("finish", form(reportId));
      check(answer, "finish", false);
      Instant at = clock.instant();
      progress.finished(reportId, at, answer.requestId);
      state = state.withFinished(at);
      LOG.info("NCMEC report {} filed with {} files (Request-ID {})", reportId, files.size(), answer.requestId);
      return receipt();
    }

    private void sendFile(long reportId, int index, NcmecFile file) {
      NcmecSendState.UploadedFile uploaded = state.files().get(index);
      if (uploaded == null) {
        byte[] content = file.contentUnsafe();
        String localMd5 = md5(content);
        Instant starting = clock.instant();
        progress.uploadStarting(reportId, index, starting);
        state = state.withUploadStarting(index);
        for (int attempt = 1; ; attempt++) {
          RequestBody body = new MultipartBody.Builder()
              .setType(MultipartBody.FORM)
              .addFormDataPart("id", Long.toString(reportId))
              .addFormDataPart("file", file.fileName(), RequestBody.create(content, OCTETS))
              .build();
          Answer answer = call("upload", body);
          check(answer, "upload", true);
          String fileId = answer.response.fileId();
          String remoteMd5 = answer.response.hash();
          if (fileId == null || fileId.isEmpty()) {
            throw new NcmecException("NCMEC answered upload without a fileId", 0, answer.requestId, true, null);
          }
          if (remoteMd5 != null && remoteMd5.toLowerCase(Locale.ROOT).equals(localMd5)) {
            Instant at = clock.instant();
            progress.fileUploaded(reportId, index, fileId, localMd5, at, answer.requestId);
            state = state.withFileUploaded(index, fileId, localMd5, at);
            uploaded = state.files().get(index);
            break;
          }
          // What arrived is not what was sent; that copy stays unreferenced by any fileDetails.
          LOG.warn("NCMEC report {}: file {} arrived damaged as {} (attempt {} of {}, Request-ID {})", reportId, index,
              fileId, attempt, maxUploadAttempts, answer.requestId);
          if (attempt >= maxUploadAttempts) {
            throw new NcmecException("file " + index + " of NCMEC report " + reportId + " arrived damaged "
                + attempt + " times (MD5 mismatch)", 0, answer.requestId, true, null);
          }
        }
      }
      if (uploaded.detailsSentAt() == null) {
        String xml = NcmecXml.fileDetails(reportId, uploaded.fileId(), file);
        NcmecXml.validate(xml, "fileDetails of file " + index);
        Answer answer = call("fileinfo", RequestBody.create(xml, XML));
        check(answer, "fileinfo", true);
        Instant at = clock.instant();
        progress.fileDetailsSent(reportId, index, at, answer.requestId);
        state = state.withFileDetailsSent(index, at);
      }
    }

    /** Interprets a final (non-1xxx, non-auth) response code of a step. */
    private void check(Answer answer, String endpoint, boolean fileStep) {
      int code = answer.response.responseCode();
      String description = answer.response.description();
      if (code == 0) {
        return;
      }
      if (code >= 4000 && code < 5000) {
        Long reportId = state.reportId();
        if (reportId != null) {
          try {
            retract(reportId);
          } catch (NcmecException e) {
            LOG.warn("NCMEC report {}: retraction after validation error {} failed: {}", reportId, code,
                e.getMessage());
          }
          state = NcmecSendState.fresh();
          progress.abandoned(reportId, "retracted after validation error " + code);
        }
        throw new NcmecRejectedException("NCMEC refused the " + endpoint + " with code " + code + ": " + description,
            code, answer.requestId);
      }
      switch (code) {
        case 5001 -> throw new ReportGone(endpoint + " answered 5001: " + description);
        case 5002 -> {
          if (fileStep) {
            throw new FileGone();
          }
          throw new ReportGone(endpoint + " answered 5002: " + description);
        }
        case 5101 -> throw new NcmecException("NCMEC report " + state.reportId() + " was retracted: " + endpoint
            + " answered 5101: " + description, code, answer.requestId, false, null);
        case 5102 -> throw new AlreadyFinished(answer.requestId);
        default -> throw new NcmecException("NCMEC answered " + endpoint + " with unknown code " + code + ": "
            + description, code, answer.requestId, false, null);
      }
    }

    void retract(long reportId) {
      Answer answer = call("retract", form(reportId));
      int code = answer.response.responseCode();
      if (code == 0 || code == 5101 || code == 5001) {
        LOG.info("NCMEC report {} retracted (code {}, Request-ID {})", reportId, code, answer.requestId);
        return;
      }
      throw new NcmecException("NCMEC did not retract report " + reportId + ": code " + code + ": "
          + answer.response.description(), code, answer.requestId, code >= 1000 && code < 2000, null);
    }

    /**
     * One call, retried on outages, HTTP 408/429/5xx, unreadable answers and 1xxx codes.
     * Returns any other answer; throws {@link NcmecAuthException} on auth failures.
     */
    private Answer call(String endpoint, RequestBody body) {
      HttpUrl url = base.newBuilder().addPathSegment(endpoint).build();
      Duration backoff = initialBackoff;
      for (int attempt = 1; ; attempt++) {
        String failure;
        @Nullable String requestId = null;
        int status = -1;
        int code = -1;
        Request request = new Request.Builder()
            .url(url)
            .header("Authorization", Credentials.basic(username, new String(password), StandardCharsets.UTF_8))
            .header("Accept", "application/xml, text/xml")
            .post(body)
            .build();
        try (Response response = client.newCall(request).execute()) {
          status = response.code();
          requestId = response.header("Request-ID");
          byte[] bytes = read(response.body());
          NcmecXml.Response parsed = null;
          if (status == 200 || bytes.length > 0) {
            try {
              parsed = NcmecXml.response(bytes);
              code = parsed.responseCode();
            } catch (IllegalArgumentException e) {
              parsed = null;
            }
          }
          record(endpoint, status, code, requestId);
          if (status == 401 || status == 403 || (code >= 2000 && code < 4000)) {
            LOG.error("NCMEC refused the credentials or account for {} on {} (HTTP {}, code {}, Request-ID {})",
                environment, endpoint, status, code, requestId);
            throw new NcmecAuthException("NCMEC refused the credentials or account for " + environment + " on "
                + endpoint + " (HTTP " + status + ", code " + code + ")"
                + (parsed != null && !parsed.description().isEmpty() ? ": " + parsed.description() : ""), code,
                requestId);
          }
          if (status == 200 && parsed != null) {
            if (code >= 1000 && code < 2000) {
              failure = "code " + code + ": " + parsed.description();
            } else {
              return new Answer(parsed, requestId);
            }
          } else if (status == 200) {
            failure = "an unreadable answer";
            if (endpoint.equals("upload")) {
              throw new UploadUncertain(failure);
            }
          } else if (status == 408 || status == 429 || status >= 500) {
            failure = "HTTP " + status;
            if (endpoint.equals("upload") && status == 504) {
              // A gateway timeout: the upload may have been stored behind it.
              throw new UploadUncertain(failure);
            }
          } else {
            throw new NcmecException("NCMEC answered " + endpoint + " with HTTP " + status, code, requestId, false,
                null);
          }
        } catch (IOException e) {
          record(endpoint, status, code, requestId);
          failure = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
          if (endpoint.equals("upload")) {
            // The bytes may have arrived: uploading again would attach a second copy.
            throw new UploadUncertain(failure);
          }
        }
        if (attempt >= maxAttempts) {
          throw new NcmecException("NCMEC " + endpoint + " failed " + attempt + " times; last: " + failure, code,
              requestId, true, null);
        }
        LOG.warn("NCMEC {} attempt {} of {} failed ({}, Request-ID {}); retrying in {} ms", endpoint, attempt,
            maxAttempts, failure, requestId, backoff.toMillis());
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      }
    }

    private void record(String endpoint, int status, int code, @Nullable String requestId) {
      NcmecCall call = new NcmecCall(endpoint, status, code, requestId, clock.instant());
      calls.add(call);
      progress.called(call);
    }

    private NcmecReceipt receipt() {
      List<String> fileIds = new ArrayList<>();
      state.files().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> fileIds.add(e.getValue().fileId()));
      return new NcmecReceipt(Objects.requireNonNull(state.reportId()), fileIds,
          Objects.requireNonNull(state.finishedAt()), calls);
    }
  }

  private static RequestBody form(long reportId) {
    return new FormBody.Builder().add("id", Long.toString(reportId)).build();
  }

  private static byte[] read(ResponseBody body) throws IOException {
    if (body.contentLength() > MAX_RESPONSE_BYTES) {
      throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes((int) MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return bytes;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NcmecException("interrupted while waiting to retry", -1, null, true, e);
    }
  }

  static String md5(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- Builder ------------------------------------------------------------------------------

  private record Credential(String username, char[] password) {}

  /**
   * Configures an {@link NcmecClient}. Not thread-safe; {@link #build()} copies the configuration
   * (passwords included), so a builder can be reused and its password arrays wiped afterwards.
   */
  public static final class Builder {
    private @Nullable NcmecEnvironment environment;
    private final Map<NcmecEnvironment, Credential> credentials = new EnumMap<>(NcmecEnvironment.class);
    private final Map<NcmecEnvironment, HttpUrl> baseUrls = new EnumMap<>(NcmecEnvironment.class);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofMinutes(5);
    private @Nullable OkHttpClient client;
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 5;
    private int maxUploadAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);

    Builder() {}

    /** The service to file with. */
    public Builder environment(NcmecEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * The HTTP Basic credentials of one environment; each environment has its own. The password is
     * copied.
     *
     * @throws IllegalArgumentException if {@code username} is blank or contains ':', or the
     *     password is empty
     */
    public Builder credentials(NcmecEnvironment environment, String username, char[] password) {
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isBlank() || username.indexOf(':') >= 0) {
        throw new IllegalArgumentException("username must be non-blank and without ':'");
      }
      if (password.length == 0) {
        throw new IllegalArgumentException("password must not be empty");
      }
      Credential old = credentials.put(environment, new Credential(username, password.clone()));
      if (old != null) {
        Arrays.fill(old.password, '\0');
      }
      return this;
    }

    /**
     * Overrides an environment's base URL (tests, proxies); the endpoints are appended to it.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, or carries user info, a query
     *     or a fragment
     */
    public Builder baseUrl(NcmecEnvironment environment, String baseUrl) {
      Objects.requireNonNull(environment, "environment");
      HttpUrl url = HttpSettings.baseUrl(baseUrl, "credentials");
      baseUrls.put(environment, url);
      return this;
    }

    /** Connect timeout of one attempt; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest wait for the next bytes, either way; default 60 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Longest time of one whole attempt (uploads included); default 5 min. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** The client to derive this one from (sharing its pool); default a new one. */
    public Builder httpClient(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock for the ids' timestamps and the expiry of unfinished reports; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Attempts per call on outages and 1xxx codes (default 5), and uploads per file when what
     * arrived differs from what was sent (default 3).
     *
     * @throws IllegalArgumentException if either is below 1
     */
    public Builder retries(int maxAttempts, int maxUploadAttempts) {
      if (maxAttempts < 1 || maxUploadAttempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, were " + maxAttempts + " and " + maxUploadAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.maxUploadAttempts = maxUploadAttempts;
      return this;
    }

    /** Backoff between attempts: {@code initial}, doubling up to {@code max}. Defaults 1 s, 30 s. */
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
     * @throws NullPointerException if the environment or its credentials were not set
     */
    public NcmecClient build() {
      return new NcmecClient(this);
    }

    private static Duration positive(Duration d, String name) {
      return HttpSettings.positive(d, name);
    }
  }
}
