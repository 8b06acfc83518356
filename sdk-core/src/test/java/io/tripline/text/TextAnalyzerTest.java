package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

  private static final TextAnalyzer US = TextAnalyzer.forRegion("US");

  private static List<String> entities(String text) {
    return US.analyze(text).entities().stream().map(e -> e.type() + " " + e.value() + " |" + e.span().of(text) + "|")
        .toList();
  }

  @Test
  void aWalletsDigitsAreNeverReadAsAPhoneNumber() {
    // The address holds a run of ten digits; only the wallet is reported.
    String text = "send 1BoatSLRHtKNngkdXEeobR76b53LETtpyT 2125550147 ok";
    assertThat(entities(text)).containsExactly(
        "wallet btc:1BoatSLRHtKNngkdXEeobR76b53LETtpyT |1BoatSLRHtKNngkdXEeobR76b53LETtpyT|",
        "phone +12125550147 |2125550147|");
    assertThat(entities("wa.me/12125550147")).noneMatch(e -> e.startsWith("phone"));
  }

  @Test
  void entitiesComeInTextOrderWithTheirOriginalSpans() {
    String text = "Mia: two1two five5five 01four7, jen (at) example (dot) com, t.me/miarose_vip";
    assertThat(entities(text)).containsExactly(
        "phone +12125550147 |two1two five5five 01four7|",
        "email jen@example.com |jen (at) example (dot) com|",
        "url https://t.me/miarose_vip |t.me/miarose_vip|",
        "handle telegram:miarose_vip |t.me/miarose_vip|",
        "domain t.me |t.me|");
  }

  @Test
  void aLongAdHasATemplateSignatureAndAShortLineHasNone() {
    assertThat(US.analyze("Sweet and fun, new in town for a few days only, call to book a time today")
        .signature()).isPresent();
    assertThat(US.analyze("call me").signature()).isEmpty();
  }

  @Test
  void hostileTextEndsWithABoundedResult() {
    // 10 MB of text with unpaired surrogates, repeats that look like the start of everything.
    StringBuilder sb = new StringBuilder(10_000_000);
    String[] pieces = {"\uD800", "a@", "5 ", "five", "$", "t.me/", "[.]", "\uDC00", "0x", "bc1"};
    for (int i = 0; sb.length() < 10_000_000; i++) {
      sb.append(pieces[i % pieces.length]);
    }
    sb.append(" call 212-555-0147");
    TextAnalyzer.Analysis analysis = US.analyze(sb.toString());
    assertThat(analysis.views().canonical().view()).doesNotContain("\uD800", "\uDC00");
    assertThat(analysis.entities().size()).isLessThanOrEqualTo(ContactExtractor.MAX_ENTITIES + 256);
  }

  @Test
  void anUnknownRegionIsRefused() {
    assertThatThrownBy(() -> TextAnalyzer.forRegion("XX")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XX");
  }
}
