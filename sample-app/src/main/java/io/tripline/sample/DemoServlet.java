package io.tripline.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** {@code GET /demo/{name}}: downloads one of the {@link DemoFile demo inputs}. */
final class DemoServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    // A fixed list of names, never a path: nothing else on the class path can be reached.
    Optional<DemoFile> file = path == null ? Optional.empty() : DemoFile.byFileName(path.substring(1));
    if (file.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    try (InputStream in = file.get().open()) {
      if (in == null) {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      response.setContentType(file.get().contentType());
      response.setHeader("Content-Disposition", "attachment; filename=\"" + file.get().fileName() + "\"");
      response.setHeader("X-Content-Type-Options", "nosniff");
      in.transferTo(response.getOutputStream());
    }
  }
}
