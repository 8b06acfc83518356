package io.tripline.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void withoutChecksItIsUp() {
    HealthReport report = Health.builder().build().report();
    assertThat(report.status()).isEqualTo(HealthStatus.UP);
    assertThat(report.checks()).isEmpty();
  }

  @Test
  void theOverallStatusIsTheWorstAndEveryCheckIsReportedInTheOrderAdded() {
    Health health = Health.builder()
        .check("zeta", () -> CheckResult.up("fine"))
        .check("alpha", () -> CheckResult.degraded("look at me", Map.of("waiting", 3)))
        .check("mid", () -> CheckResult.up("fine too"))
        .build();

    HealthReport report = health.report();

    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(report.checks()).containsOnlyKeys("zeta", "alpha", "mid");
    assertThat(new ArrayList<>(report.checks().keySet())).containsExactly("zeta", "alpha", "mid");
    assertThat(Health.builder().check("a", () -> CheckResult.down("no")).check("b", () -> CheckResult.degraded("hm"))
        .build().report().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void aThrowingCheckIsDownWithItsClassNotItsMessage() {
    Health health = Health.builder()
        .check("store", () -> {
          throw new IllegalStateException("password=hunter2 for uploader alice@example.com");
        })
        .check("other", () -> CheckResult.up("fine"))
        .build();

    HealthReport report = health.report();

    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.checks().get("store"))
        .isEqualTo(CheckResult.down("java.lang.IllegalStateException"));
    assertThat(report.checks().get("other").status()).isEqualTo(HealthStatus.UP);
    assertThat(report.toJson()).doesNotContain("hunter2").doesNotContain("alice");
  }

  @Test
  void aCheckReturningNullIsDown() {
    HealthReport report = Health.builder().check("lazy", () -> null).build().report();
    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void theJsonHasTheStatusTheTimeAndEachCheck() throws Exception {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("pending", 2L);
    details.put("destinations", List.of(Map.of("destination", "ncmec")));
    Health health = Health.builder().clock(CLOCK)
        .check("outbox", () -> CheckResult.degraded("2 dead letters (ncmec)", details))
        .build();

    JsonNode json = new ObjectMapper().readTree(health.report().toJson());

    assertThat(json.path("status").asText()).isEqualTo("DEGRADED");
    assertThat(json.path("checkedAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
    JsonNode outbox = json.path("checks").path("outbox");
    assertThat(outbox.path("status").asText()).isEqualTo("DEGRADED");
    assertThat(outbox.path("summary").asText()).isEqualTo("2 dead letters (ncmec)");
    assertThat(outbox.path("details").path("pending").asLong()).isEqualTo(2);
    assertThat(outbox.path("details").path("destinations").get(0).path("destination").asText()).isEqualTo("ncmec");
  }

  @Test
  void detailsAreCopiedAndHoldOnlyPlainValues() {
    Map<String, Object> details = new HashMap<>();
    List<String> feeds = new ArrayList<>(List.of("a"));
    details.put("feeds", feeds);
    CheckResult result = CheckResult.up("ok", details);
    feeds.add("b");
    details.put("late", 1);

    assertThat(result.details()).isEqualTo(Map.of("feeds", List.of("a")));
    assertThatThrownBy(() -> CheckResult.up("ok", Map.of("when", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("details.when is a java.time.Instant");
    assertThatThrownBy(() -> CheckResult.up("ok", Map.of("x", List.of(new Object()))))
        .hasMessageContaining("details.x[0]");
  }

  @Test
  void builderMisuseFailsFastSayingWhatWasWrong() {
    Health.Builder b = Health.builder().check("outbox", () -> CheckResult.up("ok"));
    assertThatThrownBy(() -> b.check("outbox", () -> CheckResult.up("again")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a check named \"outbox\" was already added");
    assertThatThrownBy(() -> b.check("Has Space", () -> CheckResult.up("ok")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was \"Has Space\"");
    assertThatThrownBy(() -> b.check("x", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.outbox(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aBuiltHealthIsNotChangedByReusingItsBuilder() {
    Health.Builder b = Health.builder().check("a", () -> CheckResult.up("ok"));
    Health first = b.build();
    b.check("b", () -> CheckResult.down("no"));

    assertThat(first.report().checks()).containsOnlyKeys("a");
    assertThat(b.build().report().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void aCheckWithoutAnAnswerInTimeIsDownAndDoesNotHoldTheReport() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    Health health = Health.builder()
        .timeout(java.time.Duration.ofMillis(200))
        .check("stuck", () -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return CheckResult.up("late");
        })
        .check("quick", () -> CheckResult.up("fine"))
        .build();

    HealthReport report = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(5), health::report);

    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.checks().get("stuck").summary()).isEqualTo("no answer within 200 ms");
    assertThat(report.checks().get("quick").status()).isEqualTo(HealthStatus.UP);
    assertThatThrownBy(() -> Health.builder().timeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
