package io.tripline.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "1970-01-01T00:00:00Z",            // the smallest whole second kept in an int
      "2026-11-28T10:00:00Z",
      "2106-02-07T06:28:13Z",            // the largest (2^32 - 3 seconds)
      "2106-02-07T06:28:14Z",            // one past it: kept exactly aside
      "1969-12-31T23:59:59Z",            // before 1970
      "2026-11-28T10:00:00.000000001Z",  // a fraction of a second
      "+1000000-01-01T00:00:00Z",
  })
  void everyTimeComesBackExactly(String text) {
    Instant t = Instant.parse(text);
    Rows.Appender appender = new Rows.Appender();
    appender.add("a", 0, t, null);
    appender.add("b", 1, null, t);
    appender.add("c", 2, null, null);
    Rows rows = appender.toRows();
    assertThat(rows.addedAt(0)).isEqualTo(t);
    assertThat(rows.expiresAt(0)).isNull();
    assertThat(rows.addedAt(1)).isNull();
    assertThat(rows.expiresAt(1)).isEqualTo(t);
    assertThat(rows.addedAt(2)).isNull();
    assertThat(rows.expiresAt(2)).isNull();
  }

  @Test
  void rowsAcrossPageBoundariesKeepTheirDataAndAppendingSharesFullPages() {
    int n = Rows.PAGE * 2 + 10;
    Rows.Appender appender = new Rows.Appender();
    for (int i = 0; i < n; i++) {
      appender.add("id-" + i, i % 7, i % 3 == 0 ? Instant.ofEpochSecond(i) : null, null);
    }
    Rows base = appender.toRows();
    Rows.Appender more = new Rows.Appender();
    more.add("ø-extra", 3, null, Instant.ofEpochSecond(5, 500));
    Rows next = base.append(more.toRows());

    assertThat(next.size()).isEqualTo(n + 1);
    for (int i : new int[] {0, 1, Rows.PAGE - 1, Rows.PAGE, Rows.PAGE + 1, 2 * Rows.PAGE, n - 1}) {
      assertThat(next.id(i)).isEqualTo("id-" + i);
      assertThat(next.profile(i)).isEqualTo(i % 7);
      assertThat(next.addedAt(i)).isEqualTo(i % 3 == 0 ? Instant.ofEpochSecond(i) : null);
      assertThat(next.idEquals(i, ("id-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
    }
    assertThat(next.id(n)).isEqualTo("ø-extra");
    assertThat(next.expiresAt(n)).isEqualTo(Instant.ofEpochSecond(5, 500));
    assertThat(base.size()).isEqualTo(n);
    // Two full pages shared, only the partial last page (10 rows + 1) copied.
    long sharedAndNew = next.bytesUsed() - base.bytesUsed();
    assertThat(sharedAndNew).isLessThan(2_000);
  }

  @Test
  void idHashesAgreeWithTheHashOfTheSameBytes() {
    Rows.Appender appender = new Rows.Appender();
    appender.add("ind-81f3", 0, null, null);
    Rows rows = appender.toRows();
    byte[] id = "ind-81f3".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(rows.idHash(0)).isEqualTo(Rows.hashId(id));
    assertThat(rows.idEquals(0, Arrays.copyOf(id, id.length - 1))).isFalse();
  }
}
