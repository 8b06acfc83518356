package io.tripline.clearinghouse.feed;

import io.tripline.report.FeedShare;
import io.tripline.report.Report;
import io.tripline.review.Opinion;
import io.tripline.rules.ReportCategory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Publishes what platforms confirm to the shared feed (protocol, "What the reference clearinghouse
 * does with a report", step 3), withdraws it on retraction, and counts platforms' opinions.
 *
 * <p>Only a report that is human-reviewed and of a {@linkplain #SHAREABLE shareable category} is
 * published, and only through {@link Report#feedShare()}: the category and the evidence digests.
 * Nothing of a subject (user ids, screen names, IPs) or a victim can reach a feed, because the
 * feed-facing form cannot hold it. Each digest becomes one indicator whose id is derived from the
 * digest alone ({@link #indicatorId}), so the same file confirmed by two platforms is one
 * indicator with two confirmations. Which report and platform support an indicator is kept in the
 * {@link FeedStore}, never published.
 *
 * <p>Thread-safe.
 */
public final class FeedPublisher {

  /**
   * The categories whose evidence is shared, with the labels their indicators carry:
   *
   * <ul>
   *   <li>{@code CSAM}: {@code csam}. The file is the abuse; every platform must block it.
   *   <li>{@code CHILD_SEX_TRAFFICKING}: {@code trafficking}, {@code child-sex-trafficking}. The
   *       images of advertisements recur across sites.
   *   <li>{@code ADULT_TRAFFICKING}: {@code trafficking}.
   * </ul>
   *
   * Not shared: {@code NCII} (hash sharing of intimate images is for the person depicted to
   * choose, not for a platform's report), {@code ONLINE_ENTICEMENT},
   * {@code UNSOLICITED_OBSCENE_TO_CHILD}, {@code CHILD_SEX_TOURISM}, {@code MISLEADING_DOMAIN} and
   * {@code THREAT_TO_LIFE}, whose files are conversations or lawful content in another context,
   * not content to block everywhere.
   */
  public static final Map<ReportCategory, List<String>> SHAREABLE = shareable();

  /** The default feed: {@code confirmed-hashes}. */
  public static final FeedDefinition CONFIRMED_HASHES = new FeedDefinition("confirmed-hashes",
      "Hashes confirmed by human review at member platforms", List.of("pdq", "md5", "sha256"),
      List.of("csam", "trafficking", "child-sex-trafficking"));

  /** The reason of a delete change made by a retraction. */
  public static final String REASON_WITHDRAWN = "withdrawn";
  /** The reason of a delete change made by platforms' FALSE_POSITIVE opinions. */
  public static final String REASON_FALSE_POSITIVE = "false-positive";

  private static final String SEVERITY = "high";
  private static final Pattern PLATFORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private final FeedStore store;
  private final FeedDefinition feed;
  private final int falsePositiveThreshold;
  private final int minPdqQuality;

  private FeedPublisher(Builder b) {
    this.store = b.store;
    this.feed = b.feed;
    this.falsePositiveThreshold = b.falsePositiveThreshold;
    this.minPdqQuality = b.minPdqQuality;
    store.defineFeed(feed);
  }

  /** A builder publishing to {@code store}. */
  public static Builder builder(FeedStore store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /** The feed published to. */
  public FeedDefinition feed() {
    return feed;
  }

  /**
   * What {@link #publish} did.
   *
   * @param indicators the ids of the indicators the report supports now (published before or now)
   * @param notShared why nothing was shared, or null when the report was
   */
  public record Publication(List<String> indicators, @Nullable String notShared) {
    public Publication {
      indicators = List.copyOf(indicators);
    }

    public boolean shared() {
      return notShared == null;
    }
  }

  /**
   * Publishes the evidence digests of {@code report}, filed by {@code platform} as
   * {@code reportId}, if it is human-reviewed and of a shareable category. Each SHA-256, MD5 and
   * PDQ (when its quality is at least the builder's minimum) becomes an indicator of severity
   * high. Idempotent: publishing the same report again changes nothing.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the report id or platform is malformed
   * @throws FeedStoreException if the store fails
   */
  public Publication publish(String reportId, String platform, Report report) {
    checkReportId(reportId);
    checkPlatform(platform);
    Objects.requireNonNull(report, "report");
    List<String> labels = SHAREABLE.get(report.incident().category());
    if (labels == null) {
      return new Publication(List.of(), "category " + report.incident().category() + " is not shared");
    }
    Optional<FeedShare> share = report.feedShare();
    if (share.isEmpty()) {
      return new Publication(List.of(), "the report is not human-reviewed, or has no evidence");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (FeedStore.Candidate candidate : candidates(share.get(), labels)) {
      store.support(feed.id(), candidate, reportId, platform);
      ids.add(candidate.id());
    }
    return new Publication(List.copyOf(ids), null);
  }

  private List<FeedStore.Candidate> candidates(FeedShare share, List<String> labels) {
    List<FeedStore.Candidate> out = new ArrayList<>();
    for (Report.Digests d : share.digests()) {
      out.add(candidate("sha256", d.sha256(), labels));
      if (d.md5() != null) {
        out.add(candidate("md5", d.md5(), labels));
      }
      // A low-quality PDQ (a flat or tiny image) matches unrelated images: not worth sharing.
      if (d.pdq() != null && d.pdqQuality() != null && d.pdqQuality() >= minPdqQuality) {
        out.add(candidate("pdq", d.pdq(), labels));
      }
    }
    return out;
  }

  private static FeedStore.Candidate candidate(String type, String value, List<String> labels) {
    return new FeedStore.Candidate(indicatorId(type, value), type, value, labels, SEVERITY);
  }

  /**
   * The indicator id of a digest: {@code ind-<type>-} and 24 hex digits of SHA-256 over
   * {@code <type>:<value>}. Derived from the digest alone, so every report of the same file names
   * the same indicator, and no report or platform can be read from it.
   */
  public static String indicatorId(String signalType, String value) {
    Objects.requireNonNull(signalType, "signalType");
    Objects.requireNonNull(value, "value");
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((signalType + ":" + value).getBytes(StandardCharsets.UTF_8));
      return "ind-" + signalType + "-" + HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256", e);
    }
  }

  /**
   * Withdraws report {@code reportId}'s support (it was retracted): the indicators no other report
   * supports get a delete change with reason {@value #REASON_WITHDRAWN}; the others stay.
   * Idempotent.
   *
   * @param reason why, kept with the indicator server-side only (the published reason is always
   *     {@value #REASON_WITHDRAWN}: a platform's free text may name a person)
   * @return the ids of the indicators withdrawn
   * @throws FeedStoreException if the store fails
   */
  public List<String> withdraw(String reportId, String reason) {
    checkReportId(reportId);
    Objects.requireNonNull(reason, "reason");
    return store.dropReport(reportId, reason.length() > 500 ? reason.substring(0, 500) : reason).stream()
        .map(FeedStore.Withdrawn::indicatorId).toList();
  }

  /**
   * What an opinion did.
   *
   * @param falsePositives how many distinct platforms hold the indicator a false positive
   * @param withdrawn whether this opinion withdrew it
   * @param replayed whether it was a replay of a request already counted (same idempotency key and
   *     body), which changed nothing
   */
  public record OpinionOutcome(int falsePositives, boolean withdrawn, boolean replayed) {}

  /**
   * What identifies one opinion request of a platform: its {@code Idempotency-Key} and the SHA-256
   * (hex) of its body.
   */
  public record Request(String idempotencyKey, String bodySha256) {
    public Request {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(bodySha256, "bodySha256");
    }
  }

  /**
   * Records {@code platform}'s opinion of an indicator; a platform has one vote per indicator, its
   * latest. When {@code falsePositiveThreshold} distinct platforms hold it a false positive, the
   * indicator is withdrawn (a delete change with reason {@value #REASON_FALSE_POSITIVE}) and stays
   * withdrawn even if a report supports it again.
   *
   * @throws UnknownFeedException if there is no such feed or indicator
   * @throws IllegalArgumentException if the platform is malformed or the note longer than 500
   */
  public OpinionOutcome opinion(String platform, String feedId, String indicatorId, Opinion.Kind opinion,
      @Nullable String note) {
    return opinion(platform, feedId, indicatorId, opinion, note, null);
  }

  /**
   * {@link #opinion(String, String, String, Opinion.Kind, String)} for a request with an
   * idempotency key: a request seen before with the same body is {@linkplain OpinionOutcome#replayed
   * replayed} and counts nothing, so a retry delivered after a later vote of the same platform
   * cannot overwrite it. Keys are kept until {@link FeedStore#forgetOpinionKeys}.
   *
   * @throws IdempotencyKeyReusedException if the platform used the key before for another body
   */
  public OpinionOutcome opinion(String platform, String feedId, String indicatorId, Opinion.Kind opinion,
      @Nullable String note, @Nullable Request request) {
    checkPlatform(platform);
    Objects.requireNonNull(feedId, "feedId");
    Objects.requireNonNull(indicatorId, "indicatorId");
    Objects.requireNonNull(opinion, "opinion");
    if (note != null && note.length() > 500) {
      throw new IllegalArgumentException("note must be at most 500 characters");
    }
    if (store.feed(feedId).isEmpty()) {
      throw new UnknownFeedException("no feed '" + feedId + "'");
    }
    return store.vote(feedId, indicatorId, platform, opinion, note, falsePositiveThreshold, request);
  }

  private static void checkPlatform(String platform) {
    Objects.requireNonNull(platform, "platform");
    if (!PLATFORM.matcher(platform).matches()) {
      throw new IllegalArgumentException("platform must be 1..128 letters, digits, '.', '_' or '-'");
    }
  }

  private static void checkReportId(String reportId) {
    Objects.requireNonNull(reportId, "reportId");
    if (!REPORT_ID.matcher(reportId).matches()) {
      throw new IllegalArgumentException("reportId must be 1..128 letters, digits, '.', '_', ':' or '-'");
    }
  }

  private static Map<ReportCategory, List<String>> shareable() {
    Map<ReportCategory, List<String>> m = new EnumMap<>(ReportCategory.class);
    m.put(ReportCategory.CSAM, List.of("csam"));
    m.put(ReportCategory.CHILD_SEX_TRAFFICKING, List.of("trafficking", "child-sex-trafficking"));
    m.put(ReportCategory.ADULT_TRAFFICKING, List.of("trafficking"));
    return Map.copyOf(m);
  }

  /** Configures a {@link FeedPublisher}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final FeedStore store;
    private FeedDefinition feed = CONFIRMED_HASHES;
    private int falsePositiveThreshold = 3;
    private int minPdqQuality = 50;

    Builder(FeedStore store) {
      this.store = store;
    }

    /** The feed published to (created or updated at build); default {@link #CONFIRMED_HASHES}. */
    public Builder feed(FeedDefinition feed) {
      this.feed = Objects.requireNonNull(feed, "feed");
      return this;
    }

    /**
     * How many distinct platforms' FALSE_POSITIVE opinions withdraw an indicator; default 3.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder falsePositiveThreshold(int platforms) {
      if (platforms < 1) {
        throw new IllegalArgumentException("falsePositiveThreshold must be >= 1, was " + platforms);
      }
      this.falsePositiveThreshold = platforms;
      return this;
    }

    /**
     * The lowest PDQ quality shared (0..100); default 50, below which PDQ's authors advise not to
     * match.
     *
     * @throws IllegalArgumentException if outside 0..100
     */
    public Builder minPdqQuality(int quality) {
      if (quality < 0 || quality > 100) {
        throw new IllegalArgumentException("minPdqQuality must be 0..100, was " + quality);
      }
      this.minPdqQuality = quality;
      return this;
    }

    /**
     * Creates or updates the feed in the store.
     *
     * @throws FeedStoreException if the store fails
     */
    public FeedPublisher build() {
      return new FeedPublisher(this);
    }
  }
}
