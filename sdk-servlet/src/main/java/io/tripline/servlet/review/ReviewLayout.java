package io.tripline.servlet.review;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The review UI's page frame and its stylesheet.
 *
 * <p>Every page is a header (the product name, the navigation, the signed-in reviewer's name),
 * then a {@code <main>} with the page's heading and content. The stylesheet is a file on the
 * class path, served by the review servlet at {@value #STYLESHEET_PATH} below the UI's base path:
 * the Content-Security-Policy allows no inline style and no script, so the pages carry neither.
 *
 * <p>The stylesheet's classes: {@code queue} (the queue table), {@code counts},
 * {@code filters} (the queue's filter form), {@code paging}, {@code badge} with
 * {@code priority-urgent|high|normal|low}, {@code role} or {@code escalated}, {@code overdue},
 * {@code evidence} (evidence tables), {@code excerpt} (a text excerpt; {@code <mark>} for matched
 * spans) in an {@code excerpt-frame}, {@code preview} and {@code preview protected} (the frame of
 * a preview image; protected previews are the server-blurred variant), {@code preview none} (no
 * content kept), {@code actions} and {@code inline} (one-button forms), {@code decision} (the
 * decision form), {@code audit} (the audit trail, an {@code <ol>}) with {@code note},
 * {@code notice} and {@code notice error}, {@code meta}.
 *
 * <p>Thread-safe (stateless).
 */
public final class ReviewLayout {

  /** Where the stylesheet is served, below the review UI's base path. */
  public static final String STYLESHEET_PATH = "/assets/review.css";

  static final String STYLESHEET_RESOURCE = "io/tripline/servlet/review/review.css";
  private static final byte[] STYLESHEET = load();

  private ReviewLayout() {}

  /**
   * A navigation entry.
   *
   * @param label the text shown
   * @param href where it leads (relative, or http(s))
   * @param current whether it is the page being shown ({@code aria-current="page"})
   */
  public record Link(String label, String href, boolean current) {
    /** @throws NullPointerException if {@code label} or {@code href} is null */
    public Link {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(href, "href");
    }
  }

  /**
   * A whole page.
   *
   * @param basePath the review UI's path from the server root, without a trailing slash, e.g.
   *     {@code request.getContextPath() + "/review"}; the stylesheet is linked below it
   * @param title the page's heading and title
   * @param reviewer who is signed in, or null on the pages that refuse access
   * @param nav the navigation entries
   * @param main the page's content, below its heading
   * @throws NullPointerException if an argument but {@code reviewer} is null
   */
  public static Html page(String basePath, String title, @Nullable Reviewer reviewer, List<Link> nav, Html main) {
    return page(basePath, title, reviewer, nav, main, null);
  }

  /**
   * A page as {@link #page(String, String, Reviewer, List, Html)}, with {@code headerActions}
   * (e.g. a sign-out form) at the end of the header, beside the signed-in reviewer.
   */
  public static Html page(String basePath, String title, @Nullable Reviewer reviewer, List<Link> nav, Html main,
      @Nullable Html headerActions) {
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(nav, "nav");
    Objects.requireNonNull(main, "main");
    Html page = new Html().markup("<!DOCTYPE html>")
        .open("html", "lang", "en")
        .open("head")
        .empty("meta", "charset", "utf-8")
        .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
        .element("title", title + " \u00b7 Tripline review")
        .empty("link", "rel", "stylesheet", "href", basePath + STYLESHEET_PATH)
        .close("head")
        .open("body")
        .element("a", "Skip to content", "class", "skip", "href", "#main")
        .open("header", "class", "site")
        .element("span", "Tripline review", "class", "brand");
    if (!nav.isEmpty()) {
      page.open("nav", "aria-label", "Review").open("ul");
      for (Link link : nav) {
        page.open("li").element("a", link.label(), "href", link.href(), "aria-current", link.current() ? "page" : null)
            .close("li");
      }
      page.close("ul").close("nav");
    }
    if (reviewer != null) {
      page.open("span", "class", "who").text("Signed in as ").element("strong", reviewer.displayName());
      if (reviewer.isSenior()) {
        page.text(" ").element("span", "senior", "class", "badge role");
      }
      page.close("span");
    }
    if (headerActions != null) {
      page.append(headerActions);
    }
    return page.close("header")
        .open("main", "id", "main")
        .element("h1", title)
        .append(main)
        .close("main")
        .close("body")
        .close("html");
  }

  /**
   * Answers {@code status} with {@code page} as UTF-8 HTML and the {@link SecurityHeaders}.
   *
   * @throws IOException if the response cannot be written
   */
  public static void send(HttpServletResponse response, int status, Html page) throws IOException {
    byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
    SecurityHeaders.apply(response);
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * Answers 200 with the stylesheet as {@code text/css} and the {@link SecurityHeaders}.
   *
   * @throws IOException if the response cannot be written
   */
  public static void sendStylesheet(HttpServletResponse response) throws IOException {
    SecurityHeaders.apply(response);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/css;charset=UTF-8");
    response.setContentLength(STYLESHEET.length);
    response.getOutputStream().write(STYLESHEET);
  }

  /** The stylesheet's bytes; a copy. */
  public static byte[] stylesheet() {
    return STYLESHEET.clone();
  }

  private static byte[] load() {
    try (InputStream in = ReviewLayout.class.getClassLoader().getResourceAsStream(STYLESHEET_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the review stylesheet is missing from the class path: " + STYLESHEET_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the review stylesheet", e);
    }
  }
}
