package io.tripline.servlet.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void textIsEscaped() {
    String html = new Html().element("p", "<script>alert('x')</script> & \"more\"").toString();

    assertThat(html).isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</p>");
  }

  @Test
  void attributeValuesCannotBreakOutOfTheirQuotes() {
    String html = new Html().empty("input", "name", "title", "value", "\" autofocus onfocus=\"alert(1)").toString()
        + new Html().element("td", "x", "title", "' onmouseover='alert(1)").toString()
        + new Html().element("td", "x", "title", "`x` ><img src=x>").toString();

    assertThat(html)
        .isEqualTo("<input name=\"title\" value=\"&quot; autofocus onfocus=&quot;alert(1)\">"
            + "<td title=\"&#39; onmouseover=&#39;alert(1)\">x</td>"
            + "<td title=\"&#96;x&#96; &gt;&lt;img src=x&gt;\">x</td>");
  }

  @Test
  void scriptUrlsAreNeutralised() {
    assertThat(new Html().element("a", "x", "href", "javascript:alert(1)").toString()).isEqualTo("<a href=\"#\">x</a>");
    assertThat(new Html().element("a", "x", "href", " JavaScript:alert(1)").toString()).contains("href=\"#\"");
    assertThat(new Html().element("a", "x", "href", "java\tscript:alert(1)").toString()).contains("href=\"#\"");
    assertThat(new Html().empty("img", "src", "data:image/svg+xml,<svg onload=alert(1)>", "alt", "").toString())
        .isEqualTo("<img src=\"#\" alt=\"\">");
    assertThat(new Html().element("a", "x", "href", "items/12?tab=audit#top").toString())
        .contains("href=\"items/12?tab=audit#top\"");
    assertThat(new Html().element("a", "x", "href", "/review/items/1:2").toString()).contains("href=\"/review/items/1:2\"");
    assertThat(new Html().element("a", "x", "href", "https://example.org/?a=1&b=2").toString())
        .contains("href=\"https://example.org/?a=1&amp;b=2\"");
  }

  @Test
  void nullAttributeIsLeftOutAndEmptyIsBoolean() {
    assertThat(new Html().element("a", "x", "href", "q", "aria-current", null).toString()).isEqualTo("<a href=\"q\">x</a>");
    assertThat(new Html().empty("input", "required", "").toString()).isEqualTo("<input required=\"\">");
  }

  @Test
  void inlineCodeAndStylesCannotBeWritten() {
    assertThatThrownBy(() -> new Html().open("script")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().open("style")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().open("p", "onclick", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().open("p", "style", "color:red")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesMustBePlainNames() {
    assertThatThrownBy(() -> new Html().open("p><script")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().open("p", "title=\"x\" onload", "y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().open("p", "title")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pairs");
  }

  @Test
  void elementsCloseInOrder() {
    assertThatThrownBy(() -> new Html().open("div").open("p").close("div")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("<p>");
    assertThatThrownBy(() -> new Html().open("div").toString()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Html().open("input")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Html().empty("div")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fragmentsNestAsBuilt() {
    Html cell = new Html().element("td", "<b>");

    assertThat(new Html().open("tr").append(cell).close("tr").toString()).isEqualTo("<tr><td>&lt;b&gt;</td></tr>");
  }

  @Test
  void excerptWithMarkedSpansEscapesBothTextAndMatch() {
    String ad = "Call <b>555-0142</b> now";
    Html excerpt = new Html().open("p", "class", "excerpt")
        .text(ad.substring(0, 8)).element("mark", ad.substring(8, 16)).text(ad.substring(16))
        .close("p");

    assertThat(excerpt.toString()).isEqualTo("<p class=\"excerpt\">Call &lt;b&gt;<mark>555-0142</mark>&lt;/b&gt; now</p>");
  }

  @Test
  void csrfFieldIsAHiddenInput() {
    assertThat(new Html().csrfField("a\"b").toString()).isEqualTo("<input type=\"hidden\" name=\"_csrf\" value=\"a&quot;b\">");
  }

  @Test
  void pageEscapesTitleNameAndNavigation() {
    String page = ReviewLayout.page("/review", "Item <1>", Reviewer.of("u1", "Ann \"<script>\"", true),
        List.of(new ReviewLayout.Link("Queue <all>", "/review/?q=<x>", true)), new Html().element("p", "body")).toString();

    assertThat(page).startsWith("<!DOCTYPE html><html lang=\"en\">")
        .contains("<title>Item &lt;1&gt; \u00b7 Tripline review</title>")
        .contains("<h1>Item &lt;1&gt;</h1>")
        .contains("<strong>Ann &quot;&lt;script&gt;&quot;</strong>")
        .contains("<a href=\"/review/?q=&lt;x&gt;\" aria-current=\"page\">Queue &lt;all&gt;</a>")
        .contains("<main id=\"main\">")
        .doesNotContain("<script")
        .doesNotContain("style=");
  }
}
