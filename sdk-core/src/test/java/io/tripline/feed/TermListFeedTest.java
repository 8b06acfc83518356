package io.tripline.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.index.IndicatorIndex;
import io.tripline.text.TextViews;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermListFeedTest {

  @TempDir Path dir;

  private TermListFeed feed(String content) throws IOException {
    return TermListFeed.builder(Files.writeString(dir.resolve("terms.txt"), content), "scams")
        .labels("scam").severity(Severity.LOW).build();
  }

  @Test
  void readsOneTermPerLineSkippingCommentsAndBlankLines() throws IOException {
    List<Indicator> terms = feed("\uFEFF# scam phrases\r\n\r\n  new in town  \r\ncash app me, first\r\n").read();
    assertThat(terms).containsExactly(
        Indicator.of("term:new in town", "scams", "term", "new in town", Severity.LOW, "scam"),
        Indicator.of("term:cash app me, first", "scams", "term", "cash app me, first", Severity.LOW, "scam"));
  }

  @Test
  void theIdIsTheCanonicalTermSoSpellingsOfOneTermAreOneIndicator() throws IOException {
    List<Indicator> terms = feed("Cash App\nCASH APP\nｃａｓｈ ａｐｐ\n").read();
    assertThat(terms).extracting(Indicator::id, Indicator::value)
        .containsExactly(tuple("term:" + TextViews.of("cash app").canonical().view(), "Cash App"));
  }

  @Test
  void theTermsAreFoundByTheIndex() throws IOException {
    FeedPage page = feed("new in town\n").pull(null);
    IndicatorIndex index = IndicatorIndex.empty().withChanges(page.changes());
    assertThat(index.findTerms(TextViews.of("Hi, NEW in town, text me"))).hasSize(1);
  }

  @Test
  void aLineWithNothingLeftOnceNormalisedIsRefusedNamingIt() throws IOException {
    assertThatThrownBy(() -> feed("ok\n\u200B\u200B\n").read())
        .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("terms.txt, line 2: nothing left of the term once normalised");
  }

  @Test
  void aControlCharacterIsRefused() throws IOException {
    assertThatThrownBy(() -> feed("ok\nbad\u0000term\n").read()).hasMessageContaining("line 2: control character");
  }

  @Test
  void invalidUtf8IsRefusedNamingTheLine() throws IOException {
    Path file = Files.write(dir.resolve("terms.txt"), "ok\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> TermListFeed.builder(file, "t").build().pull(null))
        .hasMessageContaining("line 2: not valid UTF-8");
  }

  @Test
  void anOverlongLineIsRefused() throws IOException {
    assertThatThrownBy(() -> feed("ok\n" + "x".repeat(TermListFeed.MAX_LINE_CHARS + 1)).read())
        .hasMessageContaining("line 2: line longer than");
  }

  @Test
  void anEmptyFileIsAnEmptyFeed() throws IOException {
    FeedPage page = feed("# none yet\n").pull(null);
    assertThat(page.changes().size()).isZero();
    assertThat(page.replacesAll()).isTrue();
  }

  @Test
  void anUnchangedFileIsAnEmptyPageAndAChangedOneReplacesAll() throws IOException {
    TermListFeed feed = feed("a b\nc d\n");
    FeedPage first = feed.pull(null);
    assertThat(feed.pull(first.cursor()).changes().size()).isZero();
    Files.writeString(feed.path(), "a b\n");
    FeedPage second = feed.pull(first.cursor());
    assertThat(second.replacesAll()).isTrue();
    assertThat(IndicatorIndex.empty().withChanges(second.changes()).find("scams", "term:c d")).isEmpty();
    assertThat(second.changes().size()).isOne();
  }
}
