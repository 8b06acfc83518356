package io.tripline.servlet;

import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Inspects uploads with {@link Tripline} before the servlet behind it runs. Register it with
 * {@link #register(ServletContext, Tripline, String...)} or, for options,
 * {@link #builder(Tripline)}. Thread-safe.
 */
public final class TriplineFilter implements Filter {

  /** The request attribute holding the {@link Verdict} of every inspected request let through. */
  public static final String VERDICT_ATTRIBUTE = "io.tripline.verdict";

  /** The filter name used by {@link #register(ServletContext, String...)}. */
  public static final String FILTER_NAME = "tripline";

  private final Tripline tripline;
  private final long maxRequestBytes;
  private final long maxFileBytes;
  private final BiConsumer<HttpServletRequest, Submission.Builder> customizer;

  private TriplineFilter(Builder b) {
    this.tripline = b.tripline;
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxFileBytes = b.maxFileBytes;
    this.customizer = b.customizer;
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

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
  }

  /** Configures a {@link TriplineFilter}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final Tripline tripline;
    private long maxRequestBytes = 64L * 1024 * 1024;
    private long maxFileBytes = Submission.DEFAULT_MAX_FILE_BYTES;
    private BiConsumer<HttpServletRequest, Submission.Builder> customizer = (request, submission) -> {};

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

    public TriplineFilter build() {
      return new TriplineFilter(this);
    }
  }
}
