package io.tripline.servlet;

import io.tripline.Submission;
import io.tripline.SubmissionTooLargeException;
import io.tripline.Uploader;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.report.ReportFiler;
import io.tripline.review.ReviewQueue;
import io.tripline.report.Reports;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects uploads with {@link Tripline} before the servlet behind it runs. Register it with
 * {@link #register(ServletContext, Tripline, String...)} or, for options,
 * {@link #builder(Tripline)}. Thread-safe.
 *
 * <ul>
 *   <li>{@code multipart/form-data}: read through the container's parts (the servlet must have a
 *       multipart config; the servlet still sees the parts afterwards). Text parts become text
 *       fields, file parts files.
 *   <li>{@code application/x-www-form-urlencoded}: the parameters become text fields.
 *   <li>{@code image/*}: the raw body becomes a file, and is replayed to the servlet.
 * </ul>
 *
 * <p>Answers, always {@code application/problem+json} with fixed text that says nothing of what
 * matched: the verdict's status for a block (422, or 403 / 451 / 415 as the rule says); 413 for
 * a body, file or field over the limits, whatever the container would have said; 400 for a
 * malformed body; 503 when a multipart request cannot be inspected (for example the servlet has
 * no multipart config) or inspection fails: the filter fails closed. A flagged or allowed
 * upload continues with its verdict in {@link #VERDICT_ATTRIBUTE}.
 */
public final class TriplineFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(TriplineFilter.class);

  /**
   * The request attribute holding the review item id (a String) of a flagged upload queued with
   * {@link Builder#reviewQueue}, so the application can tie its record (the ad) to the item.
   */
  public static final String REVIEW_ITEM_ATTRIBUTE = "io.tripline.reviewItem";

  /** The request attribute holding the {@link Verdict} of every inspected request let through. */
  public static final String VERDICT_ATTRIBUTE = "io.tripline.verdict";

  /** The filter name used by {@link #register(ServletContext, String...)}. */
  public static final String FILTER_NAME = "tripline";

  private final Tripline tripline;
  private final long maxRequestBytes;
  private final long maxFileBytes;
  private final BiConsumer<HttpServletRequest, Submission.Builder> customizer;
  private final BooleanSupplier failClosed;
  private final UploadReader reader;
  private final @Nullable ReportFiler reportFiler;
  private final @Nullable ReviewQueue reviewQueue;
  private final Function<HttpServletRequest, @Nullable Instant> uploadTime;

  private TriplineFilter(Builder b) {
    this.tripline = b.tripline;
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxFileBytes = b.maxFileBytes;
    this.customizer = b.customizer;
    this.failClosed = b.failClosed;
    this.reader = new UploadReader(maxRequestBytes, maxFileBytes);
    this.reportFiler = b.reportFiler;
    this.reviewQueue = b.reviewQueue;
    this.uploadTime = b.uploadTime;
  }

  /** A builder for a filter that inspects with {@code tripline}. */
  public static Builder builder(Tripline tripline) {
    return new Builder(tripline);
  }

  /**
   * Registers a filter with default options in front of {@code urlPatterns}: REQUEST dispatch
   * only, async supported.
   */
  public static FilterRegistration.Dynamic register(ServletContext context, Tripline tripline, String... urlPatterns) {
    return builder(tripline).build().register(context, urlPatterns);
  }

  /** Registers this filter in front of {@code urlPatterns}: REQUEST dispatch only, async supported. */
  public FilterRegistration.Dynamic register(ServletContext context, String... urlPatterns) {
    if (urlPatterns.length == 0) {
      throw new IllegalArgumentException("at least one URL pattern is needed");
    }
    FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, this);
    if (registration == null) {
      throw new IllegalStateException("a filter named '" + FILTER_NAME + "' is already registered");
    }
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, urlPatterns);
    return registration;
  }

  /**
   * Inspects an upload and either answers it (block, too large, malformed, uninspectable) or
   * passes it on with the verdict in {@link #VERDICT_ATTRIBUTE}. Requests without a body to
   * inspect (no {@code multipart/form-data}, form or {@code image/*} content type) pass
   * untouched.
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    UploadReader.Kind kind = UploadReader.kindOf(http);
    if (kind == UploadReader.Kind.OTHER) {
      chain.doFilter(request, response);
      return;
    }
    if (failClosed.getAsBoolean()) {
      // The indicators are too old to trust (a feed set to fail closed is past its maximum age):
      // refuse rather than judge against them. The body is left unread, so the connection closes.
      log.debug("upload to {} refused with 503: indicators are stale", http.getRequestURI());
      Problem.UNINSPECTABLE.send(httpResponse, 503, true);
      return;
    }
    HttpServletRequest forward = http;
    Verdict verdict;
    Submission inspected;
    try {
      reader.checkDeclaredLength(http);
      Submission.Builder submission = Submission.builder()
          .maxFileBytes(maxFileBytes)
          .uploader(new Uploader(http.getRemoteUser(), http.getRemoteAddr()));
      switch (kind) {
        case MULTIPART -> reader.readMultipart(http, submission);
        case FORM -> reader.readForm(http, submission);
        case RAW_IMAGE -> forward = new ReplayedRequest(http, reader.readRawBody(http, submission));
        default -> throw new AssertionError(kind);
      }
      customizer.accept(http, submission);
      inspected = submission.build();
      verdict = tripline.inspect(inspected);
    } catch (UploadRefused refused) {
      log.debug("upload to {} refused with {}: {}", http.getRequestURI(), refused.status, refused.getMessage());
      refused.problem.send(httpResponse, refused.status, true);
      return;
    } catch (SubmissionTooLargeException e) {
      log.debug("upload to {} too large: {}", http.getRequestURI(), e.getMessage());
      Problem.TOO_LARGE.send(httpResponse, 413);
      return;
    } catch (RuntimeException e) {
      // Fail closed: an upload that could not be checked is not let through.
      log.error("an upload could not be inspected; refused with 503", e);
      Problem.UNINSPECTABLE.send(httpResponse, 503);
      return;
    }
    if (reportFiler != null && !verdict.reports().isEmpty()) {
      try {
        // Committed before the response: once the uploader has an answer, the report cannot be lost.
        Instant uploadedAt = uploadTime.apply(http);
        reportFiler.fileAutomatic(verdict,
            new Reports.Upload(inspected.uploader(), null, uploadedAt != null ? uploadedAt : verdict.decidedAt()),
            inspected.context(), inspected.files());
      } catch (RuntimeException e) {
        // Not answered as judged: the client's retry is judged and filed again, under the same
        // report id if the platform gives the upload's time.
        log.error("the reports of an upload could not be committed; refused with 503 ({})", e.getClass().getName());
        Problem.UNINSPECTABLE.send(httpResponse, 503);
        return;
      }
    }
    if (verdict instanceof Verdict.Block block) {
      // No URI, user or match details at INFO: paths can carry user ids, matches are evidence.
      log.info("upload blocked by {} with {}{}", block.rule(), block.status(), reports(block));
      Problem.forBlock(block.status()).send(httpResponse, block.status());
      return;
    }
    if (verdict instanceof Verdict.Flag flag) {
      log.info("upload flagged by {} for review{}", flag.rule(), reports(flag));
      if (reviewQueue != null) {
        try {
          // Queued before the response, like reports: a flag the uploader got through is never unreviewed.
          forward.setAttribute(REVIEW_ITEM_ATTRIBUTE, reviewQueue.submit(flag, inspected));
        } catch (RuntimeException e) {
          log.error("a flagged upload could not be queued for review; refused with 503 ({})", e.getClass().getName());
          Problem.UNINSPECTABLE.send(httpResponse, 503);
          return;
        }
      }
    }
    forward.setAttribute(VERDICT_ATTRIBUTE, verdict);
    chain.doFilter(forward, response);
  }

  /** The report categories a verdict asks for, for the log: categories and modes only, no evidence. */
  private static String reports(Verdict verdict) {
    return verdict.reports().isEmpty() ? ""
        : "; reports asked: " + verdict.reports().stream()
            .map(report -> report.category() + " " + report.mode().yamlName()).toList();
  }

  /** Configures a {@link TriplineFilter}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final Tripline tripline;
    private long maxRequestBytes = 64L * 1024 * 1024;
    private long maxFileBytes = Submission.DEFAULT_MAX_FILE_BYTES;
    private BooleanSupplier failClosed = () -> false;
    private BiConsumer<HttpServletRequest, Submission.Builder> customizer = (request, submission) -> {};
    private @Nullable ReportFiler reportFiler;
    private @Nullable ReviewQueue reviewQueue;
    private Function<HttpServletRequest, @Nullable Instant> uploadTime = request -> null;

    Builder(Tripline tripline) {
      this.tripline = Objects.requireNonNull(tripline, "tripline");
    }

    /** The largest request body inspected; larger requests get 413. Default 64 MiB. */
    public Builder maxRequestBytes(long maxRequestBytes) {
      if (maxRequestBytes <= 0) {
        throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /** The largest file inspected; a larger one gets 413. Default 32 MiB. */
    public Builder maxFileBytes(long maxFileBytes) {
      if (maxFileBytes <= 0) {
        throw new IllegalArgumentException("maxFileBytes must be positive, was " + maxFileBytes);
      }
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    /**
     * Adds what the platform knows about a request to its submission, e.g. the signed-in user's
     * id and country: {@code (request, submission) -> submission.uploader(...)}.
     */
    public Builder submissionCustomizer(BiConsumer<HttpServletRequest, Submission.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Refuses every upload with 503 while {@code condition} holds, without inspecting it: e.g.
     * {@code feedSync::mustFailClosed}, true when a feed set to fail closed is older than its
     * maximum age. Checked on every upload, so it must be cheap. Never by default.
     */
    public Builder failClosedWhen(BooleanSupplier condition) {
      this.failClosed = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Queues every flagged upload in {@code queue} for a reviewer, committed before the upload is
     * answered (the item id in the request attribute {@link #REVIEW_ITEM_ATTRIBUTE}); if it
     * cannot be queued, the upload is refused with 503. None by default: flags are then only
     * logged and passed on in {@link #VERDICT_ATTRIBUTE}.
     */
    public Builder reviewQueue(ReviewQueue queue) {
      this.reviewQueue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /**
     * Files the automatic reports a verdict asks for (e.g. known abuse imagery) through
     * {@code filer}, committed to its durable outbox before the upload is answered; if they
     * cannot be committed, the upload is refused with 503 rather than answered as judged. None by
     * default: verdicts then only log the reports they ask for.
     */
    public Builder reportFiler(ReportFiler filer) {
      this.reportFiler = Objects.requireNonNull(filer, "filer");
      return this;
    }

    /**
     * When the platform received the upload, from its own records (e.g. the upload's id looked up,
     * or a time its front end stamped): a report's id derives from it, so a client that retries
     * the same upload files the same report, not a second one. {@code null}, and the default:
     * the time of the verdict.
     */
    public Builder uploadTime(Function<HttpServletRequest, @Nullable Instant> uploadTime) {
      this.uploadTime = Objects.requireNonNull(uploadTime, "uploadTime");
      return this;
    }

    public TriplineFilter build() {
      return new TriplineFilter(this);
    }
  }
}
