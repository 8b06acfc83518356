package io.tripline.rules;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What routing needs to know about one report: its category, the countries it is linked to (the
 * report's {@code jurisdiction} facts) and when the platform learned of it.
 *
 * <pre>{@code
 * RoutingFacts facts = RoutingFacts.builder(ReportCategory.CSAM, knowledgeAt)
 *     .providerCountries("US", "GB")
 *     .subjectCountries("GB")
 *     .build();
 * }</pre>
 *
 * @param category what the report is about
 * @param providerCountries where the platform is a provider under the law (established or
 *     offering its service); at least one, ISO 3166-1 alpha-2 (the United Kingdom is {@code GB})
 * @param subjectCountries where the people of the report are (reported user, victim), as far as
 *     known; may be empty
 * @param contentCountries where the content was published or generated, as far as known; may be
 *     empty
 * @param knowledgeAt when the platform learned of the matter; deadlines count from it
 * @param alreadyFiled destinations this matter was already reported to outside this decision
 *     (e.g. a platform that files NCMEC itself); they are not filed again, and they cover routes
 *     that name them in {@code coveredBy}
 */
public record RoutingFacts(
    ReportCategory category,
    Set<String> providerCountries,
    Set<String> subjectCountries,
    Set<String> contentCountries,
    Instant knowledgeAt,
    Set<String> alreadyFiled) {

  /**
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if no provider country is given, a country is not an
   *     ISO 3166-1 alpha-2 code, or a destination in {@code alreadyFiled} is malformed
   */
  public RoutingFacts {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(knowledgeAt, "knowledgeAt");
    providerCountries = Countries.check(providerCountries, "providerCountries", false);
    subjectCountries = Countries.check(subjectCountries, "subjectCountries", false);
    contentCountries = Countries.check(contentCountries, "contentCountries", false);
    alreadyFiled = Countries.orderedCopy(alreadyFiled, "alreadyFiled");
    // Without a provider country every provider-based route (NCMEC, AFP, ...) would silently
    // not apply: refuse instead.
    if (providerCountries.isEmpty()) {
      throw new IllegalArgumentException("'providerCountries' must name at least one country: where the platform"
          + " is established or offers its service");
    }
    for (String destination : alreadyFiled) {
      if (!destination.matches(Route.CODE_PATTERN)) {
        throw new IllegalArgumentException("'alreadyFiled' must list destinations (upper-case letters, digits and"
            + " underscores), was '" + destination + "'");
      }
    }
  }

  /** Facts for a report of {@code category} the platform learned of at {@code knowledgeAt}. */
  public static Builder builder(ReportCategory category, Instant knowledgeAt) {
    return new Builder(category, knowledgeAt);
  }

  /** Builds {@link RoutingFacts}; not thread-safe, and {@link #build()} copies what it holds. */
  public static final class Builder {
    private final ReportCategory category;
    private final Instant knowledgeAt;
    private List<String> providerCountries = List.of();
    private List<String> subjectCountries = List.of();
    private List<String> contentCountries = List.of();
    private List<String> alreadyFiled = List.of();

    Builder(ReportCategory category, Instant knowledgeAt) {
      this.category = Objects.requireNonNull(category, "category");
      this.knowledgeAt = Objects.requireNonNull(knowledgeAt, "knowledgeAt");
    }

    public Builder providerCountries(String... countries) {
      return providerCountries(Arrays.asList(countries));
    }

    public Builder providerCountries(Collection<String> countries) {
      this.providerCountries = List.copyOf(countries);
      return this;
    }

    public Builder subjectCountries(String... countries) {
      return subjectCountries(Arrays.asList(countries));
    }

    public Builder subjectCountries(Collection<String> countries) {
      this.subjectCountries = List.copyOf(countries);
      return this;
    }

    public Builder contentCountries(String... countries) {
      return contentCountries(Arrays.asList(countries));
    }

    public Builder contentCountries(Collection<String> countries) {
      this.contentCountries = List.copyOf(countries);
      return this;
    }

    public Builder alreadyFiled(String... destinations) {
      return alreadyFiled(Arrays.asList(destinations));
    }

    public Builder alreadyFiled(Collection<String> destinations) {
      this.alreadyFiled = List.copyOf(destinations);
      return this;
    }

    /** @throws IllegalArgumentException as the {@link RoutingFacts} constructor */
    public RoutingFacts build() {
      // A country named twice (two subjects in one country) is one country.
      return new RoutingFacts(category, new LinkedHashSet<>(providerCountries), new LinkedHashSet<>(subjectCountries),
          new LinkedHashSet<>(contentCountries), knowledgeAt, new LinkedHashSet<>(alreadyFiled));
    }
  }
}
