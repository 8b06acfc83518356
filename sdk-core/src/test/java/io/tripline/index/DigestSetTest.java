package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestSetTest {

  private static long[] randomDigests(Random random, int count, int words) {
    long[] packed = new long[count * words];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = random.nextLong();
    }
    return packed;
  }

  private static int[] positions(int count, int offset) {
    int[] positions = new int[count];
    for (int i = 0; i < count; i++) {
      positions[i] = offset + i;
    }
    return positions;
  }

  private static long[] digest(long[] packed, int index, int words) {
    return java.util.Arrays.copyOfRange(packed, index * words, (index + 1) * words);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void everyStoredDigestIsFoundAtItsPositionAndNothingElseIs(int words) {
    Random random = new Random(words);
    int count = 20_000;
    long[] packed = randomDigests(random, count, words);
    DigestSet set = DigestSet.of(words, packed, positions(count, 100));

    assertThat(set.size()).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      assertThat(set.lookup(digest(packed, i, words))).containsExactly(100 + i);
    }
    for (int i = 0; i < 1_000; i++) {
      assertThat(set.lookup(digest(randomDigests(random, 1, words), 0, words))).isEmpty();
    }
  }

  @Test
  void theSameDigestInTwoFeedsYieldsBothPositions() {
    long[] packed = {5, 6, 1, 2, 5, 6};
    DigestSet set = DigestSet.of(2, packed, new int[] {7, 8, 9});

    assertThat(set.lookup(new long[] {5, 6})).containsExactlyInAnyOrder(7, 9);
    assertThat(set.lookup(new long[] {1, 2})).containsExactly(8);
  }

  @Test
  void digestsSharingTheirFirstWordAreToldApartByTheRest() {
    long[] packed = {42, 1, 42, 2, 42, 3, -1, 0};
    DigestSet set = DigestSet.of(2, packed, new int[] {0, 1, 2, 3});

    assertThat(set.lookup(new long[] {42, 2})).containsExactly(1);
    assertThat(set.lookup(new long[] {42, 4})).isEmpty();
    // Unsigned order: a first word with the top bit set sorts last and is still found.
    assertThat(set.lookup(new long[] {-1, 0})).containsExactly(3);
  }

  @Test
  void sortedAndReverseSortedInputStayCorrect() {
    int count = 5_000;
    long[] ascending = new long[count * 2];
    long[] descending = new long[count * 2];
    for (int i = 0; i < count; i++) {
      ascending[2 * i] = i;
      descending[2 * i] = count - i;
    }
    DigestSet up = DigestSet.of(2, ascending, positions(count, 0));
    DigestSet down = DigestSet.of(2, descending, positions(count, 0));

    assertThat(up.lookup(new long[] {1234, 0})).containsExactly(1234);
    assertThat(down.lookup(new long[] {1234, 0})).containsExactly(count - 1234);
  }

  @Test
  void manyDuplicatesAreAllReturned() {
    Map<Integer, long[]> byPosition = new HashMap<>();
    int count = 300;
    long[] packed = new long[count * 2];
    for (int i = 0; i < count; i++) {
      packed[2 * i] = i % 3;
      packed[2 * i + 1] = 9;
      byPosition.put(i, new long[] {i % 3, 9});
    }
    DigestSet set = DigestSet.of(2, packed, positions(count, 0));

    int[] found = set.lookup(new long[] {1, 9});
    assertThat(found).hasSize(100);
    for (int p : found) {
      assertThat(byPosition.get(p)[0]).isEqualTo(1);
    }
  }

  @Test
  void emptySetsAndWrongWidthsFindNothing() {
    DigestSet empty = DigestSet.of(4, new long[0], new int[0]);
    assertThat(empty.lookup(new long[] {1, 2, 3, 4})).isEmpty();
    DigestSet set = DigestSet.of(2, new long[] {1, 2}, new int[] {0});
    assertThat(set.lookup(new long[] {1, 2, 0, 0})).isEmpty();
    assertThatThrownBy(() -> DigestSet.of(2, new long[3], new int[2])).isInstanceOf(IllegalArgumentException.class);
    assertThat(set.bytesUsed()).isPositive();
  }
}
