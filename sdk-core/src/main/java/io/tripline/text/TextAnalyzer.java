package io.tripline.text;

import io.tripline.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole text pipeline for one text: its normalised views ({@link TextViews}), the contact
 * entities in it (emails, URLs, domains, handles and checksummed wallets by
 * {@link ContactExtractor}, then phone numbers by {@link PhoneExtractor} with every other
 * entity's span masked, so a wallet's or a link's digits are never read as a phone number), and
 * its near-duplicate signature. Immutable and thread-safe; no I/O.
 */
public final class TextAnalyzer {

  /** What the pipeline found in one text. */
  public record Analysis(TextViews views, List<Entity> entities, Optional<MinHashSignature> signature) {
    public Analysis {
      Objects.requireNonNull(views, "views");
      entities = List.copyOf(entities);
      Objects.requireNonNull(signature, "signature");
    }
  }

  private static final Comparator<Entity> TEXT_ORDER =
      Comparator.comparingInt((Entity e) -> e.span().start()).thenComparingInt(e -> -e.span().end());

  private final PhoneExtractor phones;

  private TextAnalyzer(PhoneExtractor phones) {
    this.phones = phones;
  }

  /**
   * An analyzer that reads phone numbers written without a country code as numbers of
   * {@code region} (ISO 3166 alpha-2, e.g. {@code US}); numbers with a {@code +} are read in any
   * region.
   *
   * @throws IllegalArgumentException if the region is unknown
   */
  public static TextAnalyzer forRegion(String region) {
    return new TextAnalyzer(PhoneExtractor.forRegion(region));
  }

  /** The default region for phone numbers. */
  public String region() {
    return phones.region();
  }

  /**
   * Analyses {@code text}.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public Analysis analyze(String text) {
    TextViews views = TextViews.of(text);
    List<Entity> contacts = ContactExtractor.extract(text);
    List<Span> masked = new ArrayList<>(contacts.size());
    contacts.forEach(e -> masked.add(e.span()));
    List<Entity> entities = new ArrayList<>(contacts);
    entities.addAll(phones.find(views, masked));
    entities.sort(TEXT_ORDER);
    return new Analysis(views, entities, MinHashSignature.fromView(views.canonical().view()));
  }
}
