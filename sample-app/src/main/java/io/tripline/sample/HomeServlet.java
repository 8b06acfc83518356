package io.tripline.sample;

import io.tripline.servlet.review.Html;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code GET /}: the whole site on one page: the form to post an ad, what the demo inputs do, and
 * the ads, newest first. Server-rendered; every piece of user content goes through
 * {@link #escape(String)}.
 */
final class HomeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter POSTED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private static final String STYLE = """
      body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1d2330;line-height:1.45}
      h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
      .lead{color:#4a5468;margin-top:0}
      form{display:grid;gap:.6rem;background:#f5f7fb;padding:1rem;border-radius:8px}
      label{display:grid;gap:.2rem;font-weight:600}input[type=text],textarea{font:inherit;padding:.4rem}
      button{justify-self:start;font:inherit;padding:.4rem 1.2rem}
      table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #e4e7ef}
      .ad{display:flex;gap:1rem;padding:1rem 0;border-bottom:1px solid #e4e7ef}
      .ad img{width:240px;height:auto;border-radius:6px}
      .ad p{white-space:pre-wrap;margin:.3rem 0}
      .placeholder{width:240px;height:180px;background:#eceff5;color:#6b7385;display:flex;align-items:center;justify-content:center;border-radius:6px;flex:none}
      .badge{display:inline-block;background:#fff3cd;color:#7a5a00;border-radius:4px;padding:0 .4rem;font-size:.85rem}
      .meta{color:#6b7385;font-size:.85rem}code{background:#eef;padding:0 .2rem}
      """;

  private final transient AdStore store;

  HomeServlet(AdStore store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/html");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("X-Content-Type-Options", "nosniff");
    // No script runs on this page, and forms may only post back here.
    response.setHeader("Content-Security-Policy",
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(render(store.newestFirst()));
  }

  /** The page for {@code ads} (newest first). */
  static String render(List<Ad> ads) {
    StringBuilder html = new StringBuilder(8_192);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Tripline demo classifieds</title><style>").append(STYLE).append("</style></head><body>\n")
        .append("<h1>Tripline demo classifieds</h1>\n")
        .append("<p class=\"lead\">A tiny classifieds site with the Tripline servlet filter in front of its upload. ")
        .append("Every ad is checked, in process and before it is stored, against a small synthetic indicator feed ")
        .append("with Tripline's default rule pack.</p>\n");

    html.append("<h2>Post an ad</h2>\n")
        .append("<form method=\"post\" action=\"ads\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\">")
        .append("<label>Title <input type=\"text\" name=\"title\" required maxlength=\"").append(AdsServlet.MAX_TITLE_CHARS).append("\"></label>")
        .append("<label>Text <textarea name=\"text\" rows=\"4\" maxlength=\"").append(AdsServlet.MAX_TEXT_CHARS).append("\"></textarea></label>")
        .append("<label>Image (optional, up to ").append(SampleApp.MAX_FILE_BYTES / (1024 * 1024)).append(" MB) ")
        .append("<input type=\"file\" name=\"image\" accept=\"image/*\"></label>")
        .append("<button type=\"submit\">Post ad</button></form>\n");

    html.append("<h2>Try the demo inputs</h2>\n")
        .append("<p>Download a file and use it in the form: an image as the ad's image, a text file's content as the ad's text. ")
        .append("Everything here is synthetic: the images are generated shapes and gradients, the phrases are made-up ")
        .append("nonsense that the demo feed treats as coded language. No real abuse material is involved.</p>\n")
        .append("<table><tr><th>File</th><th>Outcome</th><th>Why</th></tr>\n");
    for (DemoFile file : DemoFile.values()) {
      html.append("<tr><td><a href=\"demo/").append(escape(file.fileName())).append("\" download>")
          .append(escape(file.fileName())).append("</a></td><td>").append(escape(file.outcome()))
          .append("</td><td>").append(escape(file.explanation())).append("</td></tr>\n");
    }
    html.append("</table>\n")
        .append("<p>A blocked upload gets a generic <code>application/problem+json</code> answer: the uploader learns ")
        .append("nothing about what matched, which feed said so, or which rule decided. (A browser shows that answer ")
        .append("as raw JSON; a real site would render its own error page.)</p>\n");

    html.append("<h2>Ads</h2>\n");
    if (ads.isEmpty()) {
      html.append("<p class=\"meta\">No ads yet.</p>\n");
    }
    for (Ad ad : ads) {
      boolean pending = ad.status() == Ad.Status.PENDING_REVIEW;
      html.append("<article class=\"ad\" id=\"ad-").append(ad.id()).append("\">");
      if (ad.hasImage() && !pending) {
        html.append("<img src=\"images/").append(ad.id()).append(".jpg\" alt=\"\">");
      } else if (ad.hasImage()) {
        html.append("<div class=\"placeholder\">image hidden until reviewed</div>");
      }
      html.append("<div><h3>").append(escape(ad.title()));
      if (pending) {
        html.append(" <span class=\"badge\">pending review</span>");
      }
      html.append("</h3><p>").append(escape(ad.text())).append("</p>")
          .append("<div class=\"meta\">#").append(ad.id()).append(" · posted ")
          .append(POSTED_AT.format(ad.postedAt())).append("</div></div></article>\n");
    }
    html.append("</body></html>\n");
    return html.toString();
  }

  /** {@code text} safe inside HTML element content and quoted attribute values. */
  static String escape(String text) {
    return Html.escape(text);
  }
}
