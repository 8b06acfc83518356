package io.tripline.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /images/{id}.jpg}: the thumbnail of a published ad. Ads pending review have no
 * public image: they answer 404 exactly like an ad that does not exist.
 */
final class ThumbnailServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("/([1-9][0-9]{0,17})\\.jpg");

  private final transient AdStore store;

  ThumbnailServlet(AdStore store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    Matcher m = path == null ? null : NAME.matcher(path);
    Optional<Ad> ad = m != null && m.matches() ? store.find(Long.parseLong(m.group(1))) : Optional.empty();
    if (ad.isEmpty() || !ad.get().hasImage() || ad.get().status() != Ad.Status.PUBLISHED) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] jpeg;
    try {
      jpeg = Files.readAllBytes(store.thumbnailFile(ad.get().id()));
    } catch (NoSuchFileException e) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setContentType("image/jpeg");
    response.setContentLength(jpeg.length);
    response.setHeader("X-Content-Type-Options", "nosniff");
    // Private: an ad may yet be taken down, so shared caches must not keep it.
    response.setHeader("Cache-Control", "private, max-age=300");
    response.getOutputStream().write(jpeg);
  }
}
