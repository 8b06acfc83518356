package io.tripline.servlet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Tripline;
import org.junit.jupiter.api.Test;

class TriplineFilterBuilderTest {
  private final Tripline tripline = Tripline.builder().build();

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> TriplineFilter.builder(tripline).maxFileBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFileBytes");
    assertThatThrownBy(() -> TriplineFilter.builder(tripline).maxRequestBytes(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRequestBytes");
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> TriplineFilter.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TriplineFilter.builder(tripline).submissionCustomizer(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TriplineFilter.builder(tripline).failClosedWhen(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void registrationNeedsAPattern() {
    TriplineFilter filter = TriplineFilter.builder(tripline).build();
    assertThatThrownBy(() -> filter.register(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("URL pattern");
  }
}
