package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.spi.ImageHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers query while a writer applies deltas: every answer comes from one consistent snapshot.
 * Each delta replaces generation {@code g - 1} of a fixed set of hashes, a digest and a term with
 * generation {@code g} (same values, new ids). A reader that saw half a delta would find two
 * generations, or none, or fewer than all hashes.
 */
class IndicatorIndexConcurrencyTest {

  private static final int HASHES = 16;
  private static final int GENERATIONS = 300;
  private static final String MD5 = "0123456789abcdef0123456789abcdef";

  private static int generationOf(Indicator indicator) {
    String id = indicator.id();
    return Integer.parseInt(id.substring(4, id.indexOf('-', 4)));
  }

  private static IndicatorChanges generation(int g, List<long[]> hashes) {
    IndicatorChanges.Builder changes = IndicatorChanges.builder();
    for (int j = 0; j < HASHES; j++) {
      if (g > 0) {
        changes.delete("feed", "gen-" + (g - 1) + "-" + j);
      }
      changes.upsert(Indicator.of("gen-" + g + "-" + j, "feed", "pdq", ImageHash.toHex(hashes.get(j), 256),
          Severity.HIGH, "csam"));
    }
    if (g > 0) {
      changes.delete("feed", "gen-" + (g - 1) + "-md5");
      changes.delete("feed", "gen-" + (g - 1) + "-term");
    }
    changes.upsert(Indicator.of("gen-" + g + "-md5", "feed", "md5", MD5, Severity.HIGH, "csam"));
    changes.upsert(Indicator.of("gen-" + g + "-term", "feed", "term", "fresh in town", Severity.HIGH));
    return changes.build();
  }

  @Test
  void readersSeeOneWholeGenerationWhileDeltasLand() throws Exception {
    Random random = new Random(21);
    List<long[]> hashes = new ArrayList<>();
    for (int j = 0; j < HASHES; j++) {
      hashes.add(new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()});
    }
    IndicatorIndex.Builder builder = IndicatorIndex.builder().hammingType("pdq", 256);
    // Background bulk, so the snapshot has real structures to share between generations.
    for (int i = 0; i < 50_000; i++) {
      long[] h = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
      builder.add(Indicator.of("bulk-" + i, "feed", "pdq", ImageHash.toHex(h, 256), Severity.LOW));
    }
    AtomicReference<IndicatorIndex> current = new AtomicReference<>(
        builder.build().withChanges(generation(0, hashes)));
    List<ImageHash> queries = new ArrayList<>();
    for (long[] h : hashes) {
      queries.add(new ImageHash("pdq", h, 256, 100));
    }

    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicLong checks = new AtomicLong();
    Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    int readers = 3;
    CountDownLatch finished = new CountDownLatch(readers);
    for (int r = 0; r < readers; r++) {
      Thread reader = new Thread(() -> {
        int last = -1;
        try {
          while (!done.get()) {
            IndicatorIndex snapshot = current.get();
            Set<Integer> generations = new HashSet<>();
            List<IndicatorIndex.NearHit> hits = snapshot.nearAny(queries, 0);
            hits.forEach(h -> generations.add(generationOf(h.indicator())));
            List<Indicator> digests = snapshot.exact("md5", MD5);
            digests.forEach(i -> generations.add(generationOf(i)));
            List<Indicator> terms = snapshot.terms().find(io.tripline.text.TextNormalizer.normalize("Fresh in town!"))
                .stream().flatMap(h -> h.value().stream()).toList();
            terms.forEach(i -> generations.add(generationOf(i)));
            if (hits.size() != HASHES || digests.size() != 1 || terms.size() != 1 || generations.size() != 1) {
              violations.add("hits " + hits.size() + ", digests " + digests.size() + ", terms " + terms.size()
                  + ", generations " + generations);
            } else {
              int g = generations.iterator().next();
              if (g < last) {
                violations.add("generation went back from " + last + " to " + g);
              }
              last = g;
              seen.add(g);
            }
            checks.incrementAndGet();
          }
        } catch (RuntimeException e) {
          violations.add(e.toString());
        } finally {
          finished.countDown();
        }
      });
      reader.start();
    }
    for (int g = 1; g < GENERATIONS; g++) {
      IndicatorIndex next = current.get().withChanges(generation(g, hashes));
      current.set(next);
      if (g % 10 == 0) {
        Thread.sleep(1); // let readers catch many generations, not only the last
      }
    }
    done.set(true);
    assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(violations).isEmpty();
    assertThat(checks.get()).isGreaterThan(GENERATIONS);
    assertThat(seen.size()).as("distinct generations observed").isGreaterThan(10);
    assertThat(current.get().size()).isEqualTo(50_000 + HASHES + 2);
  }
}
