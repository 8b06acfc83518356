package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.tripline.Span;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactExtractorTest {

  /** Each entity as "type value |text as written|". */
  static List<String> found(String text) {
    return ContactExtractor.extract(text).stream()
        .map(e -> e.type() + " " + e.value() + " |" + e.span().of(text) + "|")
        .toList();
  }

  static List<String> values(String text, String type) {
    return ContactExtractor.extract(text).stream()
        .filter(e -> e.type().equals(type))
        .map(Entity::value)
        .toList();
  }

  @Test
  void nullTextIsRejected() {
    assertThatNullPointerException().isThrownBy(() -> ContactExtractor.extract(null));
    assertThatNullPointerException().isThrownBy(() -> ContactExtractor.wallets(null));
  }

  @Test
  void emptyAndPlainTextYieldNothing() {
    assertThat(found("")).isEmpty();
    assertThat(found("Hello, lovely to meet you. Call me later!")).isEmpty();
  }

  @Test
  void theResultIsImmutable() {
    List<Entity> found = ContactExtractor.extract("a@example.com");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> found.add(found.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Nested
  class Emails {

    @Test
    void aPlainAddressIsLowerCasedWithItsExactSpan() {
      assertThat(found("Mail Jen.Doe+ads@Example.COM today."))
          .containsExactly("email jen.doe+ads@example.com |Jen.Doe+ads@Example.COM|");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "write jen (at) example (dot) com now|jen (at) example (dot) com",
      "write jen [at] example [dot] com now|jen [at] example [dot] com",
      "write jen{at}example{dot}com now|jen{at}example{dot}com",
      "write jen(at)example.com now|jen(at)example.com",
      "write jen [@] example [.] com now|jen [@] example [.] com",
      "write JEN ( AT ) EXAMPLE ( DOT ) COM now|JEN ( AT ) EXAMPLE ( DOT ) COM",
      "write jen at example dot com now|jen at example dot com",
      "write jen@example dot com now|jen@example dot com",
      "write jen＠example．com now|jen＠example．com",
      "write jen﹫example.com now|jen﹫example.com",
      "write ｊｅｎ＠ｅｘａｍｐｌｅ．ｃｏｍ now|ｊｅｎ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    })
    void obfuscatedFormsReadAsTheAddress(String text, String written) {
      assertThat(found(text)).containsExactly("email jen@example.com |" + written + "|");
    }

    @Test
    void zeroWidthCharsInsideAnAddressAreSkippedButSpanned() {
      String text = "jen\u200B@exa\u200Dmple.com";
      assertThat(found(text)).containsExactly("email jen@example.com |" + text + "|");
      assertThat(ContactExtractor.extract(text).get(0).span()).isEqualTo(new Span(0, text.length()));
    }

    @Test
    void aPlainAtWithARealDotNeedsAKnownMailProvider() {
      assertThat(values("contact jenny at gmail.com", Entity.TYPE_EMAIL))
          .containsExactly("jenny@gmail.com");
      // "find us at example.com" is a website, not an address.
      assertThat(values("find us at example.com", Entity.TYPE_EMAIL)).isEmpty();
      assertThat(values("jenny at shop.com", Entity.TYPE_EMAIL)).isEmpty();
      assertThat(values("find us at example.com", Entity.TYPE_DOMAIN)).containsExactly("example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "meet me at gmail.com", "look at google dot com", "see you at the end. com on",
      "I arrive at 5 dot com", "at the end. com on", "we met at home dot com",
    })
    void prosewithAtIsNoAddress(String text) {
      assertThat(values(text, Entity.TYPE_EMAIL)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "jen@localhost", "jen@example", "jen@example.zzz", "jen@example.com-x", "@example.com",
      "jen@.com", "jen.@example.com", "jen..doe@example.com", "photo@2x.png", "user@host.c",
    })
    void implausibleAddressesAreNotReported(String text) {
      assertThat(values(text, Entity.TYPE_EMAIL)).isEmpty();
    }

    @Test
    void internationalDomainsBecomeAscii() {
      assertThat(values("jen@bücher.de", Entity.TYPE_EMAIL)).containsExactly("jen@xn--bcher-kva.de");
    }

    @Test
    void anEmailsDomainIsNotAlsoADomain() {
      assertThat(found("jen@example.com")).hasSize(1);
    }

    @Test
    void twoAddressesInARow() {
      assertThat(values("a@example.com,b@example.org;c (at) example (dot) net", Entity.TYPE_EMAIL))
          .containsExactly("a@example.com", "b@example.org", "c@example.net");
    }
  }

  @Nested
  class Urls {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "see https://Example.COM/Path?q=1#top now|https://example.com/Path?q=1|https://Example.COM/Path?q=1#top",
      "see HTTP://example.com:80/a now|http://example.com/a|HTTP://example.com:80/a",
      "see https://example.com:443 now|https://example.com/|https://example.com:443",
      "see https://example.com:8443/x now|https://example.com:8443/x|https://example.com:8443/x",
      "(see https://example.com/a_(b)).|https://example.com/a_(b)|https://example.com/a_(b)",
      "see https://example.com/page.|https://example.com/page|https://example.com/page",
      "see https://example.com/page?, ok|https://example.com/page|https://example.com/page",
      "\"https://example.com/x\"|https://example.com/x|https://example.com/x",
      "see www.example.com now|https://www.example.com/|www.example.com",
      "see www.Example.com/Deals! now|https://www.example.com/Deals|www.Example.com/Deals",
      "see example.com/menu, now|https://example.com/menu|example.com/menu",
      "see hxxps://example[.]com/x now|https://example.com/x|hxxps://example[.]com/x",
      "see http://192.168.1.20:8080/admin now|http://192.168.1.20:8080/admin|http://192.168.1.20:8080/admin",
      "see https://abc.onion/ now|https://abc.onion/|https://abc.onion/",
      "see https://example.zzz now|https://example.zzz/|https://example.zzz",
    })
    void urlsAreCanonicalised(String text, String value, String written) {
      List<Entity> urls = ContactExtractor.extract(text).stream()
          .filter(e -> e.type().equals(Entity.TYPE_URL)).toList();
      assertThat(urls).hasSize(1);
      assertThat(urls.get(0).value()).isEqualTo(value);
      assertThat(urls.get(0).span().of(text)).isEqualTo(written);
    }

    @Test
    void aUrlAlsoYieldsItsDomainSpanningTheHost() {
      String text = "go to https://www.Example.com/a now";
      assertThat(found(text)).containsExactly(
          "url https://www.example.com/a |https://www.Example.com/a|",
          "domain example.com |www.Example.com|");
    }

    @Test
    void schemeUrlsMayUseAnyTldButBareOnesNeedAKnownOne() {
      assertThat(values("https://example.zzz/a", Entity.TYPE_DOMAIN)).containsExactly("example.zzz");
      assertThat(values("example.zzz/a", Entity.TYPE_URL)).isEmpty();
    }

    @Test
    void aSchemeWithoutAHostIsNothing() {
      assertThat(found("https:// and http://x and https://-bad-.com")).isEmpty();
    }

    @Test
    void urlsAndEmailsDoNotDoubleCount() {
      String text = "https://example.com/contact?to=jen@example.org&tag=$jenny";
      assertThat(found(text)).containsExactly(
          "url https://example.com/contact?to=jen@example.org&tag=$jenny |" + text + "|",
          "domain example.com |example.com|");
    }
  }

  @Nested
  class Domains {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "visit example.com today|example.com|example.com",
      "visit Example.COM today|example.com|Example.COM",
      "visit example.test.|example.test|example.test",
      "visit shop.example.co.uk, ok|shop.example.co.uk|shop.example.co.uk",
      "visit example[.]com today|example.com|example[.]com",
      "visit example(.)com today|example.com|example(.)com",
      "visit example (dot) com today|example.com|example (dot) com",
      "visit example dot com today|example.com|example dot com",
      "visit example DOT net today|example.net|example DOT net",
      "visit my-site.xyz today|my-site.xyz|my-site.xyz",
      "visit bücher.de today|xn--bcher-kva.de|bücher.de",
      "visit example.com.Then go|example.com|example.com",
    })
    void bareAndObfuscatedDomains(String text, String value, String written) {
      assertThat(found(text)).containsExactly("domain " + value + " |" + written + "|");
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "It costs $200 or 1.2.3 version",
      "at the end. com on",
      "Mr. Smith and Mrs.Jones",
      "photo.jpg and notes.txt and main.py and run.sh and README.md",
      "version 1.2.3 and v2.0.1",
      "e.g. this, i.e. that, a.m. and p.m.",
      "the dot com bubble",
      "a polka dot dress",
      "I said hello.It was fine",
      "done.it was fine",
      "well.no thanks",
      "3.14 and 2.5k",
      "file-name.tar.gz",
      "node.js",
      "U.S.A.",
      "...",
    })
    void ordinaryTextIsNoDomain(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void englishWordTldsNeedAPathOrWwwOrBrackets() {
      assertThat(values("go to example.it", Entity.TYPE_DOMAIN)).isEmpty();
      assertThat(values("go to example.it/x", Entity.TYPE_DOMAIN)).containsExactly("example.it");
      assertThat(values("go to www.example.it", Entity.TYPE_DOMAIN)).containsExactly("example.it");
      assertThat(values("go to example[.]it", Entity.TYPE_DOMAIN)).containsExactly("example.it");
    }

    @Test
    void theTldListHasTheCommonOnesAndTestNames() {
      assertThat(ContactHost.TLDS).contains("com", "net", "org", "io", "uk", "de", "ru", "onion",
          "test", "example", "invalid");
      assertThat(ContactHost.TLDS).doesNotContain("py", "sh", "md", "jpg", "zip", "mov", "js");
    }
  }

  @Nested
  class Handles {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "dm t.me/Jenny_Love now|telegram:jenny_love|t.me/Jenny_Love",
      "dm https://t.me/s/jenny_love now|telegram:jenny_love|https://t.me/s/jenny_love",
      "dm telegram.me/jenny_love now|telegram:jenny_love|telegram.me/jenny_love",
      "dm telegram: @Jenny_Love now|telegram:jenny_love|telegram: @Jenny_Love",
      "dm Telegram @jenny_love now|telegram:jenny_love|Telegram @jenny_love",
      "dm tg: jenny_love now|telegram:jenny_love|tg: jenny_love",
      "dm wa.me/15555550123 now|whatsapp:+15555550123|wa.me/15555550123",
      "pay $JennyLove now|cashapp:jennylove|$JennyLove",
      "pay cash.app/$jenny now|cashapp:jenny|cash.app/$jenny",
      "pay cashapp: $jenny now|cashapp:jenny|cashapp: $jenny",
      "pay cash app - jenny now|cashapp:jenny|cash app - jenny",
      "pay paypal.me/JennyLove now|paypal:jennylove|paypal.me/JennyLove",
      "pay venmo @jenny-love now|venmo:jenny-love|venmo @jenny-love",
      "pay venmo: jenny_love now|venmo:jenny_love|venmo: jenny_love",
      "pay venmo.com/u/jenny_love now|venmo:jenny_love|venmo.com/u/jenny_love",
      "add sc: jen.x now|snapchat:jen.x|sc: jen.x",
      "add snap: jenx now|snapchat:jenx|snap: jenx",
      "add snapchat.com/add/jenx now|snapchat:jenx|snapchat.com/add/jenx",
      "add ig: jen.x now|instagram:jen.x|ig: jen.x",
      "add insta @jen.x now|instagram:jen.x|insta @jen.x",
      "add instagram.com/jen.x/ now|instagram:jen.x|instagram.com/jen.x/",
      "add kik: jenx. now|kik:jenx|kik: jenx",
      "add kik.me/jenx now|kik:jenx|kik.me/jenx",
      "see onlyfans.com/jenx now|onlyfans:jenx|onlyfans.com/jenx",
      "see ＳＮＡＰ： ｊｅｎｘ now|snapchat:jenx|ＳＮＡＰ： ｊｅｎｘ",
    })
    void handlesAreReadFromLinksAndLabels(String text, String value, String written) {
      List<Entity> handles = ContactExtractor.extract(text).stream()
          .filter(e -> e.type().equals(Entity.TYPE_HANDLE)).toList();
      assertThat(handles).hasSize(1);
      assertThat(handles.get(0).value()).isEqualTo(value);
      assertThat(handles.get(0).span().of(text)).isEqualTo(written);
    }

    @Test
    void aProfileLinkIsAlsoAUrlAndADomain() {
      assertThat(found("t.me/jenny_love")).containsExactly(
          "url https://t.me/jenny_love |t.me/jenny_love|",
          "handle telegram:jenny_love |t.me/jenny_love|",
          "domain t.me |t.me|");
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "only $200 tonight", "$5k", "$ 20", "US$50", "$USD", "costs $1.50", "$$$", "a$b",
      "snap photos", "ig is great", "sc: no", "ig: 100", "kik: me", "venmo me", "telegram: @abc",
      "t.me/joinchat", "wa.me/12", "instagram.com/p/", "the tg of it", "insta-famous",
      "$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "pay on cash app - serious only", "venmo - text first",
      "snap - call now",
    })
    void ordinaryTextIsNoHandle(String text) {
      assertThat(values(text, Entity.TYPE_HANDLE)).isEmpty();
    }

    @Test
    void aLabelBeforeAnEmailIsNotAHandle() {
      assertThat(found("kik: jen@example.com")).containsExactly("email jen@example.com |jen@example.com|");
    }
  }

  @Nested
  class Regressions {

    @Test
    void aLabelWordIsNotANameForAnotherLabel() {
      // "ig: ig: ig:" once read as instagram:ig.
      assertThat(found("ig: ig: ig: snap: sc:")).isEmpty();
    }

    @Test
    void aCompoundWordWithADashIsNotALabel() {
      // "insta-famous" once read as instagram:famous.
      assertThat(found("insta-famous and snap-happy")).isEmpty();
      assertThat(values("insta - famous", Entity.TYPE_HANDLE)).containsExactly("instagram:famous");
    }

    @Test
    void proseWithAtAndAPlaceIsNoAddress() {
      // "we met at home dot com" once read as met@home.com.
      // The domain reading of "home dot com" stands: that is what "example dot com" is.
      assertThat(found("we met at home dot com")).containsExactly("domain home.com |home dot com|");
    }
  }

  @Nested
  class Spans {

    @Test
    void spansCountUtf16UnitsOfTheOriginal() {
      String text = "😀😀 jen@example.com 😀 $jenny";
      assertThat(found(text)).containsExactly(
          "email jen@example.com |jen@example.com|", "handle cashapp:jenny |$jenny|");
      assertThat(ContactExtractor.extract(text).get(0).span()).isEqualTo(new Span(5, 20));
    }

    @Test
    void aWalletInAUrlIsReportedAsWellAsTheUrl() {
      String text = "https://example.com/address/1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
      assertThat(found(text)).containsExactly(
          "url " + text + " |" + text + "|",
          "domain example.com |example.com|",
          "wallet btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa |1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|");
    }

    @Test
    void whatsappLinksMayCarryAPlus() {
      assertThat(values("https://wa.me/+447700900123?text=hi", Entity.TYPE_HANDLE))
          .containsExactly("whatsapp:+447700900123");
    }
  }

  @Nested
  class Order {

    @Test
    void entitiesComeInTextOrder() {
      String text = "snap: jenx | jen@example.com | $jenny | example.org | "
          + "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed | https://t.me/jenny_love";
      assertThat(found(text)).containsExactly(
          "handle snapchat:jenx |snap: jenx|",
          "email jen@example.com |jen@example.com|",
          "handle cashapp:jenny |$jenny|",
          "domain example.org |example.org|",
          "wallet eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed |0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed|",
          "url https://t.me/jenny_love |https://t.me/jenny_love|",
          "handle telegram:jenny_love |https://t.me/jenny_love|",
          "domain t.me |t.me|");
    }
  }
}
