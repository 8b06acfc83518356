package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.spi.ImageHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IndicatorIndex#withChanges}: the next snapshot from a feed's upserts and deletes. */
class IndicatorIndexChangesTest {

  private static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";

  private static String randomHex(Random random, int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static Indicator pdq(String id, String hex) {
    return Indicator.of(id, "feed-a", "pdq", hex, Severity.HIGH, "csam");
  }

  private static ImageHash pdqHash(String hex) {
    return new ImageHash("pdq", ImageHash.parseHex(hex, 256), 256, 100);
  }

  private static IndicatorIndex.Builder builder() {
    return IndicatorIndex.builder().hammingType("pdq", 256).hammingType("dhash72", 72);
  }

  private static IndicatorChanges upserts(Indicator... indicators) {
    return IndicatorChanges.builder().upsertAll(List.of(indicators)).build();
  }

  @Test
  void aDeleteTakesEffectInTheNextSnapshotAndTheOldOneIsUnchanged() {
    Random random = new Random(1);
    String hex = randomHex(random, 64);
    IndicatorIndex before = builder().add(pdq("p1", hex)).add(Indicator.of("m1", "feed-a", "md5", MD5, Severity.HIGH))
        .add(Indicator.of("t1", "feed-a", "term", "Fresh Girls", Severity.HIGH)).build();

    IndicatorIndex after = before.withChanges(IndicatorChanges.builder()
        .delete("feed-a", "p1").delete("feed-a", "m1").delete("feed-a", "t1").build());

    assertThat(after.near(pdqHash(hex), 0)).isEmpty();
    assertThat(after.exact("md5", MD5)).isEmpty();
    assertThat(after.terms().size()).isZero();
    assertThat(after.size()).isZero();
    assertThat(after.find("feed-a", "p1")).isEmpty();
    // Readers still holding the old snapshot see it whole.
    assertThat(before.near(pdqHash(hex), 0)).extracting(h -> h.indicator().id()).containsExactly("p1");
    assertThat(before.exact("md5", MD5)).extracting(Indicator::id).containsExactly("m1");
    assertThat(before.terms().size()).isEqualTo(1);
    assertThat(before.size()).isEqualTo(3);
  }

  @Test
  void anUpsertReplacesTheIndicatorOfItsKeyEvenAcrossSignalTypes() {
    Random random = new Random(2);
    String first = randomHex(random, 64);
    String second = randomHex(random, 64);
    IndicatorIndex v1 = builder().add(pdq("x", first)).build();

    IndicatorIndex v2 = v1.withChanges(upserts(pdq("x", second)));
    assertThat(v2.near(pdqHash(first), 0)).isEmpty();
    assertThat(v2.near(pdqHash(second), 0)).extracting(h -> h.indicator().value()).containsExactly(second);
    assertThat(v2.size()).isEqualTo(1);

    IndicatorIndex v3 = v2.withChanges(upserts(Indicator.of("x", "feed-a", "md5", MD5, Severity.LOW, "spam")));
    assertThat(v3.near(pdqHash(second), 0)).isEmpty();
    assertThat(v3.exact("md5", MD5)).extracting(Indicator::id).containsExactly("x");
    assertThat(v3.size()).isEqualTo(1);

    IndicatorIndex v4 = v3.withChanges(upserts(Indicator.of("x", "feed-a", "term", "code word", Severity.LOW)));
    assertThat(v4.exact("md5", MD5)).isEmpty();
    assertThat(v4.find("feed-a", "x")).get().extracting(Indicator::signalType).isEqualTo("term");
    assertThat(v4.size()).isEqualTo(1);
  }

  @Test
  void theLastChangeOfAKeyInABatchWins() {
    String hex = randomHex(new Random(3), 64);
    IndicatorIndex base = builder().build();
    IndicatorIndex deleted = base.withChanges(IndicatorChanges.builder()
        .upsert(pdq("k", hex)).delete("feed-a", "k").build());
    assertThat(deleted.size()).isZero();
    IndicatorIndex kept = base.withChanges(IndicatorChanges.builder()
        .delete("feed-a", "k").upsert(pdq("k", hex)).build());
    assertThat(kept.near(pdqHash(hex), 0)).hasSize(1);
  }

  @Test
  void theSameIdInTwoFeedsIsTwoIndicators() {
    IndicatorIndex index = builder()
        .add(Indicator.of("same", "feed-a", "md5", MD5, Severity.HIGH))
        .add(Indicator.of("same", "feed-b", "md5", MD5, Severity.LOW))
        .build();
    assertThat(index.exact("md5", MD5)).extracting(Indicator::feed).containsExactlyInAnyOrder("feed-a", "feed-b");
    IndicatorIndex after = index.withChanges(IndicatorChanges.builder().delete("feed-b", "same").build());
    assertThat(after.exact("md5", MD5)).extracting(Indicator::feed).containsExactly("feed-a");
  }

  @Test
  void aBuilderGivenOneKeyTwiceKeepsTheLaterIndicator() {
    IndicatorIndex index = builder()
        .add(Indicator.of("dup", "feed-a", "md5", MD5, Severity.LOW))
        .add(Indicator.of("dup", "feed-a", "md5", MD5.replace('9', '1'), Severity.HIGH))
        .build();
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.exact("md5", MD5)).isEmpty();
    assertThat(index.exact("md5", MD5.replace('9', '1'))).extracting(Indicator::severity).containsExactly(Severity.HIGH);

    String hex = randomHex(new Random(5), 64);
    IndicatorIndex acrossTypes = builder()
        .add(pdq("moved", hex))
        .add(Indicator.of("moved", "feed-a", "md5", MD5, Severity.LOW))
        .add(Indicator.of("moved", "feed-b", "term", "kept apart", Severity.LOW))
        .build();
    assertThat(acrossTypes.size()).isEqualTo(2);
    assertThat(acrossTypes.near(pdqHash(hex), 0)).isEmpty();
    assertThat(acrossTypes.exact("md5", MD5)).extracting(Indicator::id).containsExactly("moved");
  }

  @Test
  void aMalformedUpsertIsRejectedAndLeavesNothingUnderItsKey() {
    IndicatorIndex v1 = builder().add(Indicator.of("m", "feed-a", "md5", MD5, Severity.HIGH)).build();
    IndicatorIndex v2 = v1.withChanges(upserts(Indicator.of("m", "feed-a", "md5", "not-hex", Severity.HIGH)));
    assertThat(v2.rejected()).isEqualTo(1);
    assertThat(v2.exact("md5", MD5)).isEmpty();
    assertThat(v2.size()).isZero();
  }

  @Test
  void aFeedsWholeContentDeletesWhatItNoLongerListsAndLeavesOtherFeedsAlone() {
    Random random = new Random(6);
    String kept = randomHex(random, 64);
    String dropped = randomHex(random, 64);
    IndicatorIndex v1 = builder()
        .add(pdq("kept", kept))
        .add(pdq("dropped", dropped))
        .add(Indicator.of("m", "feed-a", "md5", MD5, Severity.HIGH))
        .add(Indicator.of("t", "feed-a", "term", "old phrase", Severity.LOW))
        .add(Indicator.of("other", "feed-b", "md5", MD5, Severity.LOW))
        .build();

    IndicatorIndex v2 = v1.withChanges(IndicatorChanges.builder()
        .upsert(pdq("kept", kept))
        .upsert(Indicator.of("t2", "feed-a", "term", "new phrase", Severity.LOW))
        .replaceFeed("feed-a")
        .build());

    assertThat(v2.near(pdqHash(kept), 0)).extracting(h -> h.indicator().id()).containsExactly("kept");
    assertThat(v2.near(pdqHash(dropped), 0)).isEmpty();
    assertThat(v2.exact("md5", MD5)).extracting(Indicator::feed).containsExactly("feed-b");
    assertThat(v2.find("feed-a", "t")).isEmpty();
    assertThat(v2.find("feed-a", "t2")).isPresent();
    assertThat(v2.size()).isEqualTo(3);
    // A page flagged as the whole content is applied the same way.
    IndicatorChanges page = IndicatorChanges.builder().upsert(pdq("kept", kept)).build();
    assertThat(v1.withChanges(page.replacingFeed("feed-a")).size()).isEqualTo(2);
    assertThat(v1.withChanges(page).size()).isEqualTo(5);
    // An empty whole content empties the feed.
    IndicatorIndex v3 = v2.withChanges(IndicatorChanges.builder().replaceFeed("feed-a").build());
    assertThat(v3.size()).isEqualTo(1);
    assertThat(v3.find("feed-b", "other")).isPresent();
  }

  @Test
  void aDeleteOfAnUnknownKeyChangesNothing() {
    IndicatorIndex v1 = builder().add(Indicator.of("m", "feed-a", "md5", MD5, Severity.HIGH)).build();
    IndicatorIndex v2 = v1.withChanges(IndicatorChanges.builder().delete("feed-a", "nope").delete("feed-z", "m").build());
    assertThat(v2.size()).isEqualTo(1);
    assertThat(v2.exact("md5", MD5)).hasSize(1);
  }

  @Test
  void everyFieldOfAStoredIndicatorComesBackOnAHit() {
    String hex = randomHex(new Random(4), 18);
    Instant added = Instant.parse("2026-11-28T10:00:00Z");
    Instant expires = Instant.parse("2027-01-01T00:00:00.250Z"); // not whole seconds
    Indicator stored = new Indicator("ünïcode-id", "feed-a", "dhash72", hex.toUpperCase(), List.of("csam", "ncii"),
        Severity.MEDIUM, added, expires);
    IndicatorIndex index = builder().add(stored).build();

    List<IndicatorIndex.NearHit> hits = index.near(new ImageHash("dhash72", ImageHash.parseHex(hex, 72), 72, 100), 0);

    Indicator expected = new Indicator("ünïcode-id", "feed-a", "dhash72", hex, List.of("csam", "ncii"),
        Severity.MEDIUM, added, expires);
    assertThat(hits).extracting(IndicatorIndex.NearHit::indicator).containsExactly(expected);
    assertThat(index.find("feed-a", "ünïcode-id")).contains(expected);
  }

  /**
   * A long series of random deltas (adds, replacements, deletes, re-adds; enough additions to
   * fold them into the main structures, enough deletes to renumber a table) answers every query
   * exactly as a snapshot built from scratch of the same indicators.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void aChainOfDeltasAnswersLikeAFreshBuild(int seed) {
    Random random = new Random(seed);
    Map<String, Indicator> model = new LinkedHashMap<>();
    List<String> pdqSeeds = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pdqSeeds.add(randomHex(random, 64));
    }
    IndicatorIndex index = builder().build();
    int nextId = 0;
    for (int round = 0; round < 12; round++) {
      IndicatorChanges.Builder changes = IndicatorChanges.builder();
      // Round 3 adds more than a table keeps beside its main structure (65,536 per type), forcing a fold.
      int adds = round == 3 ? 210_000 : 2_000 + random.nextInt(2_000);
      for (int k = 0; k < adds; k++) {
        String id = "i" + (random.nextInt(5) == 0 && nextId > 0 ? random.nextInt(nextId) : nextId++);
        Indicator indicator = switch (random.nextInt(3)) {
          case 0 -> pdq(id, near(pdqSeeds.get(random.nextInt(pdqSeeds.size())), random));
          case 1 -> Indicator.of(id, "feed-a", "md5", randomHex(random, 32), Severity.HIGH, "csam");
          default -> Indicator.of(id, "feed-a", "sha256", randomHex(random, 64), Severity.LOW);
        };
        changes.upsert(indicator);
        model.put(id, indicator);
      }
      if (!model.isEmpty()) {
        List<String> ids = new ArrayList<>(model.keySet());
        int deletes = round == 6 ? ids.size() / 2 : random.nextInt(1_500);
        for (int k = 0; k < deletes; k++) {
          String id = ids.get(random.nextInt(ids.size()));
          changes.delete("feed-a", id);
          model.remove(id);
        }
      }
      index = index.withChanges(changes.build());
      assertThat(index.size()).isEqualTo(model.size());
    }
    IndicatorIndex fresh = builder().addAll(model.values()).build();
    assertThat(index.size()).isEqualTo(fresh.size());
    for (String s : pdqSeeds) {
      assertThat(nearIds(index, s)).isEqualTo(nearIds(fresh, s));
    }
    for (Indicator indicator : model.values()) {
      if (!indicator.signalType().equals("pdq")) {
        assertThat(index.exact(indicator.signalType(), indicator.value())).contains(indicator);
      }
    }
    // Deleted digests are gone: sample the whole history of ids against the model.
    for (int i = 0; i < nextId; i += 7) {
      String id = "i" + i;
      assertThat(index.find("feed-a", id)).isEqualTo(java.util.Optional.ofNullable(model.get(id)));
    }
  }

  /**
   * Deletes that leave a table mostly holes: the snapshot made without renumbering answers exactly
   * as a fresh build, and so does its {@link IndicatorIndex#compacted()} form, which is smaller;
   * {@link IndicatorIndex#withChanges(IndicatorChanges)} compacts at once.
   */
  @Test
  void aSnapshotLeftFullOfHolesAnswersTheSameBeforeAndAfterItsCompaction() {
    Random random = new Random(9);
    List<Indicator> all = new ArrayList<>();
    List<String> pdqs = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String hex = randomHex(random, 64);
      pdqs.add(hex);
      all.add(pdq("p" + i, hex));
      all.add(Indicator.of("m" + i, "feed-a", "md5", randomHex(random, 32), Severity.HIGH));
    }
    IndicatorIndex v1 = builder().addAll(all).build();
    IndicatorChanges.Builder deletes = IndicatorChanges.builder();
    List<Indicator> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if ((i / 2) % 3 == 0) {
        kept.add(all.get(i));
      } else {
        deletes.delete("feed-a", all.get(i).id());
      }
    }
    IndicatorChanges changes = deletes.build();

    IndicatorIndex holes = v1.withChanges(changes, false);
    assertThat(holes.needsCompaction()).isTrue();
    IndicatorIndex compact = holes.compacted();
    assertThat(compact.needsCompaction()).isFalse();
    assertThat(compact.compacted()).isSameAs(compact);
    assertThat(v1.withChanges(changes).needsCompaction()).isFalse();
    assertThat(compact.bytesUsed("pdq")).isLessThan(holes.bytesUsed("pdq"));

    IndicatorIndex fresh = builder().addAll(kept).build();
    for (IndicatorIndex index : List.of(holes, compact)) {
      assertThat(index.size()).isEqualTo(fresh.size());
      for (int i = 0; i < pdqs.size(); i += 5) {
        assertThat(nearIds(index, pdqs.get(i))).isEqualTo(nearIds(fresh, pdqs.get(i)));
      }
      for (Indicator indicator : all) {
        assertThat(index.find("feed-a", indicator.id())).isEqualTo(fresh.find("feed-a", indicator.id()));
      }
    }
  }

  /**
   * Batches joined with {@link IndicatorChanges#then} apply as the batches one after another, with
   * feeds replaced whole now and then in between: every key of both feeds ends the same.
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5})
  void batchesJoinedWithThenApplyAsTheBatchesOneAfterAnother(int seed) {
    Random random = new Random(seed);
    IndicatorIndex start = builder()
        .add(Indicator.of("k0", "feed-a", "md5", randomHex(random, 32), Severity.HIGH))
        .add(Indicator.of("k1", "feed-b", "md5", randomHex(random, 32), Severity.HIGH))
        .build();
    IndicatorIndex stepByStep = start;
    IndicatorChanges joined = IndicatorChanges.builder().build();
    for (int round = 0; round < 8; round++) {
      IndicatorChanges.Builder batch = IndicatorChanges.builder();
      for (int k = 0; k < 30; k++) {
        String feed = random.nextBoolean() ? "feed-a" : "feed-b";
        String id = "k" + random.nextInt(12);
        if (random.nextInt(4) == 0) {
          batch.delete(feed, id);
        } else {
          batch.upsert(Indicator.of(id, feed, "md5", randomHex(random, 32), Severity.LOW));
        }
      }
      if (random.nextInt(3) == 0) {
        batch.replaceFeed(random.nextBoolean() ? "feed-a" : "feed-b");
      }
      IndicatorChanges changes = batch.build();
      stepByStep = stepByStep.withChanges(changes);
      joined = joined.then(changes);
    }
    IndicatorIndex atOnce = start.withChanges(joined);

    assertThat(atOnce.size()).isEqualTo(stepByStep.size());
    for (String feed : List.of("feed-a", "feed-b")) {
      for (int i = 0; i < 12; i++) {
        assertThat(atOnce.find(feed, "k" + i)).as(feed + "/k" + i).isEqualTo(stepByStep.find(feed, "k" + i));
      }
    }
  }

  private static Set<String> nearIds(IndicatorIndex index, String hex) {
    return index.near(pdqHash(hex), 31).stream()
        .map(h -> h.indicator().id() + "@" + h.distance())
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** {@code hex} with 0 to 40 random bits flipped. */
  private static String near(String hex, Random random) {
    long[] words = ImageHash.parseHex(hex, 256);
    int flips = random.nextInt(41);
    for (int i = 0; i < flips; i++) {
      int bit = random.nextInt(256);
      words[bit / 64] ^= 1L << (bit % 64);
    }
    return ImageHash.toHex(words, 256);
  }
}
