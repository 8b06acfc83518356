package io.tripline.servlet;

import io.tripline.Submission;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an upload request into a {@link Submission}, with bounded memory, and tells a malformed
 * request (the client's fault: 400), an oversize one (413) and one that cannot be inspected
 * (the server's configuration: 503) apart, the same way on every container.
 */
final class UploadReader {

  /** What kind of body a request carries, as far as the filter is concerned. */
  enum Kind {
    MULTIPART,
    FORM,
    RAW_IMAGE,
    OTHER
  }

  private final long maxRequestBytes;
  private final long maxFileBytes;

  UploadReader(long maxRequestBytes, long maxFileBytes) {
    this.maxRequestBytes = maxRequestBytes;
    this.maxFileBytes = maxFileBytes;
  }

  static Kind kindOf(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return Kind.OTHER;
    }
    String mediaType = type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
    if (mediaType.equals("multipart/form-data")) {
      return Kind.MULTIPART;
    }
    if (mediaType.equals("application/x-www-form-urlencoded")) {
      return Kind.FORM;
    }
    if (mediaType.startsWith("image/")) {
      return Kind.RAW_IMAGE;
    }
    return Kind.OTHER;
  }

  /** Fails fast on a declared length over the limit, before anything is read. */
  void checkDeclaredLength(HttpServletRequest request) throws UploadRefused {
    long declared = request.getContentLengthLong();
    if (declared > maxRequestBytes) {
      throw UploadRefused.tooLarge("declared length " + declared + " exceeds " + maxRequestBytes);
    }
  }

  void readMultipart(HttpServletRequest request, Submission.Builder submission) throws UploadRefused {
    Collection<Part> parts;
    try {
      parts = request.getParts();
    } catch (IOException | ServletException | RuntimeException e) {
      throw classify(e);
    }
    if (parts.isEmpty()) {
      // Tomcat answers an empty list when the servlet has no multipart config; a body that
      // really has no parts is as uninspectable. Never pass it on unchecked.
      throw UploadRefused.uninspectable("multipart request yielded no parts (is a multipart config set on the servlet?)");
    }
    for (Part part : parts) {
      if (part.getSubmittedFileName() != null) {
        if (part.getSize() > maxFileBytes) {
          throw UploadRefused.tooLarge("file part '" + part.getName() + "' exceeds " + maxFileBytes);
        }
        try (InputStream in = part.getInputStream()) {
          submission.file(part.getName(), part.getSubmittedFileName(), part.getContentType(), in);
        } catch (IOException e) {
          throw UploadRefused.malformed("cannot read file part '" + part.getName() + "'", e);
        }
      } else {
        submission.text(part.getName(), readText(part));
      }
    }
  }

  void readForm(HttpServletRequest request, Submission.Builder submission) throws UploadRefused {
    Map<String, String[]> parameters;
    try {
      parameters = request.getParameterMap();
    } catch (RuntimeException e) {
      throw classify(e);
    }
    parameters.forEach((name, values) -> {
      for (String value : values) {
        submission.text(name, value);
      }
    });
  }

  /** Reads a raw image body, which must then be replayed to the servlet. */
  byte[] readRawBody(HttpServletRequest request, Submission.Builder submission) throws UploadRefused {
    long limit = Math.min(maxFileBytes, maxRequestBytes);
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
      if (body.length == limit && in.read() != -1) {
        throw UploadRefused.tooLarge("raw body exceeds " + limit);
      }
    } catch (IOException e) {
      throw UploadRefused.malformed("cannot read the request body", e);
    }
    submission.file("body", null, request.getContentType(), body);
    return body;
  }

  private String readText(Part part) throws UploadRefused {
    if (part.getSize() > maxFileBytes) {
      throw UploadRefused.tooLarge("text part '" + part.getName() + "' exceeds " + maxFileBytes);
    }
    byte[] bytes;
    try (InputStream in = part.getInputStream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes));
    } catch (IOException e) {
      throw UploadRefused.malformed("cannot read text part '" + part.getName() + "'", e);
    }
    Charset charset = charsetOf(part.getContentType());
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw UploadRefused.malformed("text part '" + part.getName() + "' is not valid " + charset.name(), e);
    }
  }

  private static Charset charsetOf(@Nullable String contentType) {
    if (contentType != null) {
      for (String param : contentType.split(";")) {
        String p = param.strip();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").strip());
          } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * Containers report multipart trouble differently: Tomcat with an IllegalStateException around
   * a FileUpload size exception, Jetty with a ServletException or an HTTP exception carrying 400
   * or 413. Sort them into too large, not configured, and malformed.
   */
  private static UploadRefused classify(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (name.contains("SizeLimit") || name.contains("SizeException") || message.contains("413")
          || message.contains("exceeds") || message.contains("too large") || message.contains("max file size")
          || message.contains("max request size") || message.contains("limit")) {
        return UploadRefused.tooLarge("container refused the body as too large: " + name);
      }
      if (message.replace("-", "").contains("multipart config")) {
        return UploadRefused.uninspectable("servlet has no multipart config");
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (e instanceof IllegalStateException && e.getCause() == null) {
      // A state error with no underlying parse failure is the servlet's set-up, not the body
      // (Tomcat 11 and Jetty 12 both throw this way when the servlet has no multipart config,
      // with messages that vary by version and locale).
      return UploadRefused.uninspectable("container cannot parse multipart here: " + e.getMessage());
    }
    return UploadRefused.malformed("malformed multipart body: " + e.getClass().getSimpleName(), e);
  }
}
