package io.tripline.index;

import io.tripline.Indicator;
import io.tripline.Severity;
import java.util.List;

/**
 * What many indicators share: feed, signal type, labels and severity. A snapshot keeps each
 * distinct profile once and every stored hash refers to its profile by number, so labels cost no
 * memory per entry.
 */
record Profile(String feed, String signalType, List<String> labels, Severity severity) {

  Profile {
    labels = List.copyOf(labels);
  }

  static Profile of(Indicator indicator) {
    return new Profile(indicator.feed(), indicator.signalType(), indicator.labels(), indicator.severity());
  }
}
