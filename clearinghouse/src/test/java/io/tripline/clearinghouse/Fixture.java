package io.tripline.clearinghouse;

import io.tripline.report.ClearinghouseReportClient;
import io.tripline.report.Report;
import io.tripline.report.Subject;
import io.tripline.rules.ReportCategory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A clearinghouse on a free loopback port over a data directory, and plain HTTP calls to it. */
final class Fixture implements AutoCloseable {

  static final Instant OCCURRED = Instant.parse("2026-11-28T09:58:00Z");
  static final Instant KNOWN = Instant.parse("2026-11-28T10:00:00Z");
  static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final String MD5 = "9e107d9d372bb6826bd81d3542a419d6";

  final Path dir;
  final ClearinghouseServer server;
  final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Fixture(Path dir, Clock clock) {
    this.dir = dir;
    this.server = ClearinghouseServer.builder().dataDir(dir).host("127.0.0.1").port(0).clock(clock).build().start();
    this.base = "http://127.0.0.1:" + server.port();
  }

  static Fixture start(Path dir) {
    return new Fixture(dir, Clock.systemUTC());
  }

  static Fixture start(Path dir, Clock clock) {
    return new Fixture(dir, clock);
  }

  /** A new credential of {@code platform} (added if missing) with {@code scopes}; its secret. */
  String credential(String platform, Scope... scopes) {
    server.accounts().addPlatform(platform);
    EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
    set.addAll(List.of(scopes));
    return server.accounts().createCredential(platform, set).secret();
  }

  ClearinghouseReportClient client(String secret) {
    return ClearinghouseReportClient.builder().baseUrl(base + "/").credential(secret)
        .publicKeys(Map.of(server.signingKey().keyId(), server.signingKey().publicKey())).build();
  }

  /** A CSAM report of a US provider: routed to NCMEC, preserved a year. */
  static Report report(String userId) {
    return Report.builder()
        .category(ReportCategory.CSAM)
        .occurredAt(OCCURRED)
        .knowledgeAt(KNOWN)
        .urgent(false)
        .platform("example-classifieds")
        .method(Report.Detection.Method.HASH_MATCH)
        .humanReviewed(true)
        .addMatch(new Report.IndicatorMatch("confirmed-hashes", "ind-81f3", "md5", 0))
        .addSubject(Subject.Involved.reportedUser(userId, null,
            List.of(new Subject.IpEvent("203.0.113.9", Subject.IpEventType.UPLOAD, OCCURRED))))
        .addEvidence(new Report.Evidence("ev_1", new Report.Digests(SHA256, MD5, null, null), true,
            Report.EvidenceMode.HASH_ONLY))
        .providerCountries("US")
        .subjectCountries("US")
        .notifySubject(false)
        .build();
  }

  HttpResponse<String> post(String path, @Nullable String secret, @Nullable String key, String contentType,
      byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      b.header("Authorization", "Bearer " + secret);
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> post(String path, @Nullable String secret, @Nullable String key, String body)
      throws IOException, InterruptedException {
    return post(path, secret, key, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(String method, String path, @Nullable String secret)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (secret != null) {
      b.header("Authorization", "Bearer " + secret);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
