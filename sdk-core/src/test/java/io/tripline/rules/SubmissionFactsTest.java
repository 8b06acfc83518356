package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionFactsTest {

  @Test
  void mediaTypesAreLowerCaseWithoutParametersAndNeverBlank() {
    assertThat(SubmissionFacts.mediaType("Image/JPEG; q=0.9")).isEqualTo("image/jpeg");
    assertThat(SubmissionFacts.mediaType(" text/plain ")).isEqualTo("text/plain");
    assertThat(SubmissionFacts.mediaType(null)).isEqualTo("application/octet-stream");
    assertThat(SubmissionFacts.mediaType(" ; charset=utf-8")).isEqualTo("application/octet-stream");
    assertThat(new SubmissionFacts(List.of("IMAGE/PNG"), false, null, null, 0).fileTypes())
        .containsExactly("image/png");
  }

  @Test
  void factsAreChecked() {
    assertThatThrownBy(() -> new SubmissionFacts(List.of(), false, "us", null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("country");
    assertThatThrownBy(() -> new SubmissionFacts(List.of(), false, null, Duration.ofDays(-1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountAge");
    assertThatThrownBy(() -> SubmissionFacts.ofUnhashableImages(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unhashableImages");
  }

  @Test
  void withersChangeOneFact() {
    SubmissionFacts facts = SubmissionFacts.ofUnhashableImages(2).withCountry("CA").withAccountAge(Duration.ofDays(4));
    assertThat(facts).isEqualTo(new SubmissionFacts(List.of(), false, "CA", Duration.ofDays(4), 2));
  }
}
