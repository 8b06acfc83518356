package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdMapTest {

  /** Keys of rows 0..n: row r is (feed, "id-" + r); a few hash to one value to force long runs. */
  private static final class TestKeys implements IdMap.Keys {
    final List<String> feeds = new ArrayList<>();
    final List<String> ids = new ArrayList<>();

    int add(String feed, String id) {
      feeds.add(feed);
      ids.add(id);
      return ids.size() - 1;
    }

    @Override
    public int hash(int row) {
      return IdMap.hash(feeds.get(row), ids.get(row).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean matches(int row, String feed, byte[] idUtf8) {
      return feeds.get(row).equals(feed) && ids.get(row).equals(new String(idUtf8, StandardCharsets.UTF_8));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void randomInsertsAndRemovesAgreeWithAHashMap() {
    Random random = new Random(5);
    TestKeys keys = new TestKeys();
    Map<String, Integer> model = new HashMap<>();
    IdMap map = IdMap.EMPTY;
    for (int round = 0; round < 200; round++) {
      List<Integer> removed = new ArrayList<>();
      List<String> live = new ArrayList<>(model.keySet());
      int removes = live.isEmpty() ? 0 : random.nextInt(Math.min(live.size(), 40) + 1);
      for (int k = 0; k < removes; k++) {
        Integer row = model.remove(live.get(random.nextInt(live.size())));
        if (row != null) {
          removed.add(row);
        }
      }
      List<Integer> added = new ArrayList<>();
      int adds = random.nextInt(60);
      for (int k = 0; k < adds; k++) {
        String id = "id-" + random.nextInt(100_000);
        String feed = random.nextBoolean() ? "a" : "b";
        if (model.containsKey(feed + "/" + id)) {
          continue;
        }
        int row = keys.add(feed, id);
        added.add(row);
        model.put(feed + "/" + id, row);
      }
      map = map.withChanges(removed.stream().mapToInt(i -> i).toArray(), removed.size(),
          added.stream().mapToInt(i -> i).toArray(), added.size(), keys);
      assertThat(map.size()).isEqualTo(model.size());
      for (Map.Entry<String, Integer> e : model.entrySet()) {
        String[] parts = e.getKey().split("/", 2);
        assertThat(map.find(parts[0], utf8(parts[1]), keys)).isEqualTo(e.getValue());
      }
    }
    // Every row ever removed is gone.
    for (int row = 0; row < keys.ids.size(); row++) {
      String key = keys.feeds.get(row) + "/" + keys.ids.get(row);
      int expected = model.getOrDefault(key, -1) == row ? row : model.getOrDefault(key, -1);
      assertThat(map.find(keys.feeds.get(row), utf8(keys.ids.get(row)), keys)).isEqualTo(expected);
    }
  }

  @Test
  void removingFromTheMiddleOfAWrappedProbeRunKeepsTheRestFindable() {
    // Small table, many keys: probe runs wrap around the end of the slot array.
    TestKeys keys = new TestKeys();
    int n = 64;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = keys.add("f", "k" + i);
    }
    IdMap map = IdMap.of(rows, n, keys);
    for (int i = 0; i < n; i += 2) {
      map = map.withChanges(new int[] {i}, 1, new int[0], 0, keys);
      for (int j = 0; j < n; j++) {
        int expected = j <= i && j % 2 == 0 ? -1 : j;
        assertThat(map.find("f", utf8("k" + j), keys)).as("after removing %d, k%d", i, j).isEqualTo(expected);
      }
    }
    assertThat(map.size()).isEqualTo(n / 2);
  }
}
