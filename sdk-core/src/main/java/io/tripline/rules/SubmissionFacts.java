package io.tripline.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the submission conditions of a rule ({@code contentTypes}, {@code uploaderCountries},
 * {@code accountAge}, {@code unhashableImage}) are judged against. The engine derives them from
 * the submission and what it computed; tests and tools can give them directly.
 *
 * @param fileTypes the media type of each file, lower case without parameters: for an image
 *     that decoded, {@code image/} and its format as the bytes say; otherwise the declared type
 *     ({@code application/octet-stream} when none)
 * @param hasText whether a text field holds more than white space
 * @param country the uploader's country (ISO 3166-1 alpha-2, upper case), if known
 * @param accountAge how old the uploader's account is, if the platform says
 * @param unhashableImages how many images could not be decoded or hashed
 */
public record SubmissionFacts(
    List<String> fileTypes, boolean hasText, @Nullable String country, @Nullable Duration accountAge,
    int unhashableImages) {

  /** Nothing known: no file, no text, no country, no account age. */
  public static final SubmissionFacts NONE = new SubmissionFacts(List.of(), false, null, null, 0);

  public SubmissionFacts {
    fileTypes = fileTypes.stream().map(SubmissionFacts::mediaType).toList();
    if (country != null && !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country must be two upper-case letters, was '" + country + "'");
    }
    if (accountAge != null && accountAge.isNegative()) {
      throw new IllegalArgumentException("accountAge must not be negative, was " + accountAge);
    }
    if (unhashableImages < 0) {
      throw new IllegalArgumentException("unhashableImages must be >= 0, was " + unhashableImages);
    }
  }

  /** Facts of a submission known only by how many of its images could not be decoded. */
  public static SubmissionFacts ofUnhashableImages(int unhashableImages) {
    return new SubmissionFacts(List.of(), false, null, null, unhashableImages);
  }

  /** The same facts with the uploader's country. */
  public SubmissionFacts withCountry(@Nullable String country) {
    return new SubmissionFacts(fileTypes, hasText, country, accountAge, unhashableImages);
  }

  /** The same facts with the uploader's account age. */
  public SubmissionFacts withAccountAge(@Nullable Duration accountAge) {
    return new SubmissionFacts(fileTypes, hasText, country, accountAge, unhashableImages);
  }

  /** The media type of a file as rules see it: lower case, parameters dropped, never blank. */
  public static String mediaType(@Nullable String declared) {
    if (declared == null) {
      return "application/octet-stream";
    }
    int semicolon = declared.indexOf(';');
    String type = (semicolon >= 0 ? declared.substring(0, semicolon) : declared).trim().toLowerCase(Locale.ROOT);
    return type.isEmpty() ? "application/octet-stream" : type;
  }
}
