package io.tripline.health;

import io.tripline.testkit.MutableClock;
import static io.tripline.health.HealthFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.TestOutboxes;
import io.tripline.report.outbox.OutboxEntry;
import io.tripline.report.outbox.OutboxState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's health on a real SQLite outbox. */
class OutboxHealthTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  /** Stands for report content: it must never reach a health report. */
  private static final String MARKER = "victim-marker-7f3a";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @RegisterExtension final TestOutboxes outboxes = new TestOutboxes();

  private Outbox open(Outbox.Builder b) {
    return outboxes.open(b);
  }

  private Outbox.Builder fast() {
    return TestOutboxes.fast(dir.resolve("outbox.db"));
  }

  private static OutboxEntry report(String key, Instant createdAt) {
    return OutboxEntry.ofText(
        key, "clearinghouse", "{\"note\":\"" + MARKER + "\",\"md5\":\"9e107d9d372bb6826bd81d3542a419d6\"}", createdAt);
  }

  @Test
  void aDeadLetterTurnsHealthDegradedNamingTheCountAndRetriedAndDeliveredItIsUpAgain() throws Exception {
    AtomicBoolean receiverAccepts = new AtomicBoolean(false);
    Outbox outbox =
        open(
            fast()
                .sink(
                    e ->
                        receiverAccepts.get()
                            ? new DeliveryResult.Delivered("ok".getBytes(StandardCharsets.UTF_8), null)
                            // A receiver's refusal may quote what it refused.
                            : new DeliveryResult.PermanentFailure("422: bad field near " + MARKER)));
    Health health = Health.builder().outbox(outbox).build();

    outbox.enqueue(report("r-1", Instant.now()));
    await("a dead letter", () -> outbox.counts().get(OutboxState.DEAD) == 1L, Duration.ofSeconds(10));

    HealthReport degraded = health.report();
    assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
    CheckResult check = degraded.checks().get("outbox");
    assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(check.summary()).contains("1 dead letter").contains("clearinghouse");
    assertThat(check.details()).containsEntry("dead", 1L).containsEntry("pending", 0L);
    String json = degraded.toJson();
    assertThat(json).doesNotContain(MARKER).doesNotContain("9e107d9d").doesNotContain("r-1");
    JsonNode parsed = JSON.readTree(json);
    assertThat(parsed.path("status").asText()).isEqualTo("DEGRADED");
    assertThat(parsed.path("checks").path("outbox").path("details").path("dead").asLong()).isEqualTo(1);
    assertThat(parsed.path("checks").path("outbox").path("details").path("destinations").get(0).path("destination").asText())
        .isEqualTo("clearinghouse");

    receiverAccepts.set(true);
    assertThat(outbox.retry("r-1")).isTrue();
    await("delivery", () -> outbox.counts().get(OutboxState.DELIVERED) == 1L, Duration.ofSeconds(10));

    HealthReport up = health.report();
    assertThat(up.status()).isEqualTo(HealthStatus.UP);
    assertThat(up.checks().get("outbox").summary()).isEqualTo("0 pending, 1 delivered, no dead letters");
  }

  @Test
  void aReportPendingLongerThanTheThresholdDegradesAndOneWithinItDoesNot() {
    MutableClock clock = new MutableClock(T0);
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("outbox.db")).clock(clock));
    outbox.enqueue(report("r-1", T0));
    outbox.enqueue(OutboxEntry.ofText("r-2", "ncmec", "{}", T0.plus(Duration.ofMinutes(9))));
    Health health = Health.builder().clock(clock).outbox(outbox, Duration.ofMinutes(10)).build();

    clock.advance(Duration.ofMinutes(10));
    HealthReport onTime = health.report();
    assertThat(onTime.status()).isEqualTo(HealthStatus.UP);
    assertThat(onTime.checks().get("outbox").details())
        .containsEntry("pending", 2L)
        .containsEntry("oldestPendingAgeSeconds", 600L);

    clock.advance(Duration.ofSeconds(1));
    HealthReport late = health.report();
    assertThat(late.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(late.checks().get("outbox").summary())
        .isEqualTo("reports pending longer than 10 min (clearinghouse)");
  }

  @Test
  void theDefaultThresholdIsFifteenMinutes() {
    MutableClock clock = new MutableClock(T0);
    Outbox outbox = open(Outbox.builder().sqlite(dir.resolve("outbox.db")));
    outbox.enqueue(report("r-1", T0));
    Health health = Health.builder().outbox(outbox).clock(clock).build();

    clock.advance(Duration.ofMinutes(15));
    assertThat(health.report().status()).isEqualTo(HealthStatus.UP);
    clock.advance(Duration.ofSeconds(1));
    assertThat(health.report().status()).isEqualTo(HealthStatus.DEGRADED);
  }

  @Test
  void anUnreachableStoreIsDownWithoutTheDriversMessage() {
    AtomicBoolean down = new AtomicBoolean();
    Outbox outbox =
        open(Outbox.builder().dataSource(HealthFixtures.switchableStore(dir.resolve("outbox.db"), down)));
    Health health = Health.builder().outbox(outbox).build();
    assertThat(health.report().status()).isEqualTo(HealthStatus.UP);

    down.set(true);
    HealthReport report = health.report();

    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.checks().get("outbox").summary()).contains("outbox store cannot be read");
    assertThat(report.toJson()).doesNotContain("secret-host");
  }
}
