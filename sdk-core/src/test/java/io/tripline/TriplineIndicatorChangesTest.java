package io.tripline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.image.FileDigests;
import io.tripline.index.IndicatorChanges;
import io.tripline.index.IndicatorIndex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Feed changes swapped into a running {@link Tripline}: each inspection sees one snapshot. */
class TriplineIndicatorChangesTest {

  private static final byte[] FILE = "a file that is not an image".getBytes(StandardCharsets.US_ASCII);
  private static final FileDigests DIGESTS = FileDigests.of(FILE);

  private static IndicatorChanges generation(int g) {
    IndicatorChanges.Builder changes = IndicatorChanges.builder();
    if (g > 0) {
      changes.delete("feed", "md5-" + (g - 1)).delete("feed", "sha-" + (g - 1)).delete("feed", "term-" + (g - 1));
    }
    return changes
        .upsert(Indicator.of("md5-" + g, "feed", "md5", DIGESTS.md5(), Severity.HIGH, "csam"))
        .upsert(Indicator.of("sha-" + g, "feed", "sha256", DIGESTS.sha256(), Severity.HIGH, "csam"))
        .upsert(Indicator.of("term-" + g, "feed", "term", "fresh in town", Severity.HIGH, "trafficking"))
        .build();
  }

  private static Submission submission() {
    return Submission.builder().text("body", "New here, Fresh In Town").file("doc", "a.txt", "text/plain", FILE).build();
  }

  @Test
  void aDeleteAppliedToTheRunningInstanceStopsMatchingAtOnce() {
    Tripline tripline = Tripline.builder().indicators(List.of()).build();
    tripline.applyChanges(generation(0));
    assertThat(tripline.inspect(submission())).isInstanceOf(Verdict.Block.class);

    tripline.applyChanges(IndicatorChanges.builder()
        .delete("feed", "md5-0").delete("feed", "sha-0").delete("feed", "term-0").build());

    Verdict after = tripline.inspect(submission());
    assertThat(after).isInstanceOf(Verdict.Allow.class);
    assertThat(after.matches()).isEmpty();
  }

  /** A batch of deletes that leaves a table mostly holes ends compacted in the instance. */
  @Test
  void applyingManyDeletesLeavesTheSnapshotInUseCompacted() {
    IndicatorChanges.Builder adds = IndicatorChanges.builder();
    IndicatorChanges.Builder deletes = IndicatorChanges.builder();
    for (int i = 0; i < 2_000; i++) {
      adds.upsert(Indicator.of("m" + i, "feed", "md5", String.format("%032x", i), Severity.HIGH));
      if (i % 4 != 0) {
        deletes.delete("feed", "m" + i);
      }
    }
    Tripline tripline = Tripline.builder().indicators(List.of()).build();
    tripline.applyChanges(adds.build());
    IndicatorIndex before = tripline.index();
    IndicatorChanges changes = deletes.build();
    assertThat(before.withChanges(changes, false).needsCompaction()).isTrue();

    IndicatorIndex now = tripline.applyChanges(changes);
    assertThat(now).isSameAs(tripline.index());
    assertThat(now.needsCompaction()).isFalse();
    assertThat(now.size()).isEqualTo(500);
    assertThat(now.exact("md5", String.format("%032x", 4))).hasSize(1);
    assertThat(now.exact("md5", String.format("%032x", 5))).isEmpty();
  }

  @Test
  void everyInspectionMatchesOneGenerationWhileChangesLand() throws InterruptedException {
    Tripline tripline = Tripline.builder().build();
    tripline.applyChanges(generation(0));
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    Thread reader = new Thread(() -> {
      int inspections = 0;
      while (!done.get() || inspections < 100) {
        Verdict verdict = tripline.inspect(submission());
        Set<String> generations = verdict.matches().stream()
            .map(m -> m.indicatorId().substring(m.indicatorId().indexOf('-') + 1))
            .collect(Collectors.toSet());
        if (verdict.matches().size() != 3 || generations.size() != 1) {
          violations.add(verdict.matches().toString());
        }
        inspections++;
      }
    });
    reader.start();
    for (int g = 1; g < 500; g++) {
      tripline.applyChanges(generation(g));
    }
    done.set(true);
    reader.join(30_000);

    assertThat(violations).isEmpty();
    assertThat(tripline.index().size()).isEqualTo(3);
  }

  @Test
  void aSnapshotWithoutTheHashersTypesIsRefusedAndTheOldOneStays() {
    Tripline tripline = Tripline.builder().build();
    tripline.applyChanges(generation(0));
    IndicatorIndex inUse = tripline.index();

    assertThatThrownBy(() -> tripline.replaceIndex(IndicatorIndex.builder().hammingType("pdq", 64).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pdq");
    assertThat(tripline.index()).isSameAs(inUse);

    IndicatorIndex.Builder compatible = IndicatorIndex.builder();
    tripline.imageHashers().forEach(h -> compatible.hammingType(h.signalType(), h.bits()));
    IndicatorIndex replacement = compatible.build();
    tripline.replaceIndex(replacement);
    assertThat(tripline.index()).isSameAs(replacement);
    assertThat(tripline.inspect(submission()).matches()).isEmpty();
  }
}
