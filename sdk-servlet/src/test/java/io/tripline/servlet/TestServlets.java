package io.tripline.servlet;

import io.tripline.Verdict;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The servlets behind the filter in the container contract tests: they echo what they saw. */
final class TestServlets {
  static final long CONTAINER_MAX_FILE = 1024 * 1024;
  static final long CONTAINER_MAX_REQUEST = 2 * 1024 * 1024;

  private TestServlets() {}

  static MultipartConfigElement multipartConfig(String location) {
    return new MultipartConfigElement(location, CONTAINER_MAX_FILE, CONTAINER_MAX_REQUEST, 64 * 1024);
  }

  static String verdictName(HttpServletRequest request) {
    Object verdict = request.getAttribute(TriplineFilter.VERDICT_ATTRIBUTE);
    return verdict instanceof Verdict v ? v.getClass().getSimpleName() : "none";
  }

  /** Echoes the verdict, the parts it can still read after the filter, and the title field. */
  static final class Upload extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
      List<String> parts = new ArrayList<>();
      for (Part part : request.getParts()) {
        try (InputStream in = part.getInputStream()) {
          parts.add(part.getName() + ":" + in.readAllBytes().length);
        }
      }
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print("verdict=" + verdictName(request) + " parts=" + parts
          + " title=" + request.getParameter("title")
          + " review=" + request.getAttribute(TriplineFilter.REVIEW_ITEM_ATTRIBUTE));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print("get verdict=" + verdictName(request));
    }
  }

  /** Reads the raw body and echoes its length. */
  static final class Raw extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      byte[] body = request.getInputStream().readAllBytes();
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print("verdict=" + verdictName(request) + " bytes=" + body.length
          + " declared=" + request.getContentLengthLong()
          + " type=" + new String(request.getContentType().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  /** Answers from an async context, as streaming upload servlets do. */
  static final class Async extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
      String verdict = verdictName(request);
      AsyncContext async = request.startAsync();
      async.start(() -> {
        try {
          response.setContentType("text/plain;charset=UTF-8");
          response.getWriter().print("async verdict=" + verdict);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    }
  }
}
