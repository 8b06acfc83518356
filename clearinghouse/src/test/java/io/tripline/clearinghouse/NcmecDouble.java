package io.tripline.clearinghouse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okio.ByteString;

/**
 * A stand-in for the NCMEC reporting API on loopback, enough for hash-only reports: {@code submit}
 * opens a report (keeping its XML), {@code finish} files it, {@code retract} cancels an unfinished
 * one; HTTP Basic checked; every call answers a {@code Request-ID}. While {@link #down} it answers
 * 503 to everything. {@link #onSubmit} runs before a submit is answered.
 */
final class NcmecDouble extends Dispatcher {

  static final String USER = "esp-clearinghouse";
  static final String PASSWORD = "Ncmec-t3st-secret-42";

  static final class Filed {
    final long id;
    final String xml;
    boolean finished;
    boolean retracted;

    Filed(long id, String xml) {
      this.id = id;
      this.xml = xml;
    }
  }

  private static final Pattern ID = Pattern.compile("(?:^|&)id=(\\d+)");

  private final String authorization = Credentials.basic(USER, PASSWORD, StandardCharsets.UTF_8);
  private final AtomicLong nextId = new AtomicLong(70_000_001L);
  private final AtomicLong requestIds = new AtomicLong(1);
  private final Map<Long, Filed> reports = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  volatile boolean down;
  volatile Runnable onSubmit = () -> {};

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Filed> reports() {
    return List.copyOf(reports.values());
  }

  synchronized List<Filed> finished() {
    return reports.values().stream().filter(r -> r.finished).toList();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String requestId = "req-" + requestIds.getAndIncrement();
    List<String> path = request.getUrl().pathSegments();
    String endpoint = path.get(path.size() - 1);
    synchronized (this) {
      calls.add(endpoint);
    }
    if (down) {
      return new MockResponse.Builder().code(503).addHeader("Request-ID", requestId).build();
    }
    if (!authorization.equals(request.getHeaders().get("Authorization"))) {
      return answer(401, requestId, "<reportResponse><responseCode>2000</responseCode>"
          + "<responseDescription>Unauthorized</responseDescription></reportResponse>");
    }
    ByteString body = request.getBody() == null ? ByteString.EMPTY : request.getBody();
    return switch (endpoint) {
      case "submit" -> {
        onSubmit.run();
        long id = nextId.getAndIncrement();
        synchronized (this) {
          reports.put(id, new Filed(id, body.utf8()));
        }
        yield answer(200, requestId, "<reportResponse><responseCode>0</responseCode><responseDescription>Success"
            + "</responseDescription><reportId>" + id + "</reportId></reportResponse>");
      }
      case "finish" -> done(requestId, body.utf8(), true);
      case "retract" -> done(requestId, body.utf8(), false);
      default -> answer(200, requestId, "<reportResponse><responseCode>4999</responseCode><responseDescription>"
          + "unexpected " + endpoint + "</responseDescription></reportResponse>");
    };
  }

  private synchronized MockResponse done(String requestId, String form, boolean finish) {
    Matcher m = ID.matcher(form);
    Filed r = m.find() ? reports.get(Long.parseLong(m.group(1))) : null;
    int code;
    if (r == null) {
      code = 5001;
    } else if (r.retracted) {
      code = 5101;
    } else if (r.finished) {
      code = 5102;
    } else {
      code = 0;
      if (finish) {
        r.finished = true;
      } else {
        r.retracted = true;
      }
    }
    String root = finish ? "reportDoneResponse" : "reportResponse";
    return answer(200, requestId, "<" + root + "><responseCode>" + code + "</responseCode><responseDescription>"
        + (code == 0 ? "Success" : "code " + code) + "</responseDescription>"
        + (r != null ? "<reportId>" + r.id + "</reportId>" : "") + "</" + root + ">");
  }

  private static MockResponse answer(int status, String requestId, String xml) {
    return new MockResponse.Builder().code(status).addHeader("Request-ID", requestId)
        .addHeader("Content-Type", "text/xml").body(xml).build();
  }
}
