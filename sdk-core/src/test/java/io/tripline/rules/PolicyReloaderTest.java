package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.Indicator;
import io.tripline.InvalidConfigurationException;
import io.tripline.Severity;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PolicyReloader}: a changed pack validated, then swapped in whole; an invalid one refused. */
class PolicyReloaderTest {

  @TempDir Path dir;

  private final Tripline tripline = Tripline.builder()
      .indicators(List.of(Indicator.of("t1", "terms", "term", "amber teapot", Severity.MEDIUM, "trafficking")))
      .build();

  private Path pack() {
    return dir.resolve("platform.yaml");
  }

  /** Replaces the pack file atomically, as a writer should. */
  private void write(String yaml) throws IOException {
    Path temp = Files.writeString(dir.resolve("platform.yaml.tmp"), yaml);
    Files.move(temp, pack(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A pack that answers a term match of label trafficking with {@code action}. */
  private static String version(String version, String action) {
    String extra = action.equals("block") ? "\n    status: 451" : "";
    return "pack: platform\nversion: \"" + version + "\"\nrules:\n"
        + "  - id: " + action + "-trafficking-terms\n"
        + "    when: { labels: [trafficking], signalTypes: [term] }\n"
        + "    action: " + action + extra + "\n";
  }

  private Verdict inspect() {
    return tripline.inspect(Submission.builder().text("ad", "Ask for the amber teapot").build());
  }

  private PolicyReloader reloader() {
    return PolicyReloader.builder(tripline).pack(pack()).interval(Duration.ofHours(1)).build();
  }

  @Test
  void aChangedPackIsSwappedInAndEveryVerdictNamesTheVersionThatDecided() throws IOException {
    write(version("1", "flag"));
    try (PolicyReloader reloader = reloader()) {
      reloader.start();
      assertThat(inspect()).isInstanceOf(Verdict.Flag.class);
      assertThat(inspect().rule().toString()).isEqualTo("platform@1#flag-trafficking-terms");
      assertThat(reloader.checkNow()).as("nothing changed").isFalse();

      write(version("2", "block"));
      assertThat(reloader.checkNow()).isTrue();

      Verdict verdict = inspect();
      assertThat(verdict).isInstanceOfSatisfying(Verdict.Block.class, b -> assertThat(b.status()).isEqualTo(451));
      assertThat(verdict.rule().toString()).isEqualTo("platform@2#block-trafficking-terms");
      assertThat(reloader.status().packs()).containsExactly("platform@2");
      assertThat(reloader.status().lastError()).isNull();
    }
  }

  @Test
  void anInvalidVersionIsRefusedWithItsLocationAndTheRunningPackStays() throws IOException {
    write(version("1", "flag"));
    try (PolicyReloader reloader = reloader()) {
      reloader.start();

      write(version("2", "flag") + "    colour: red\n");
      assertThat(reloader.checkNow()).isFalse();

      assertThat(inspect().rule().toString()).isEqualTo("platform@1#flag-trafficking-terms");
      PolicyReloader.Status status = reloader.status();
      assertThat(status.packs()).containsExactly("platform@1");
      assertThat(status.lastError()).contains(pack().toString()).contains("line 7, column 5").contains("colour");
      assertThat(status.refusedSince()).isNotNull();

      // Fixed: taken up, and the refusal is cleared.
      write(version("3", "block"));
      assertThat(reloader.checkNow()).isTrue();
      assertThat(inspect().rule().toString()).isEqualTo("platform@3#block-trafficking-terms");
      assertThat(reloader.status().lastError()).isNull();
    }
  }

  @Test
  void packsThatDoNotCombineAreRefusedWhole() throws IOException {
    write(version("1", "flag"));
    Path second = Files.writeString(dir.resolve("second.yaml"), version("1", "block").replace("platform", "second"));
    try (PolicyReloader reloader = PolicyReloader.builder(tripline).pack(pack()).pack(second)
        .interval(Duration.ofHours(1)).build()) {
      reloader.start();
      assertThat(inspect()).isInstanceOf(Verdict.Block.class);

      // The first file now claims the second's name: two packs of one name do not combine.
      write(version("2", "flag").replace("pack: platform", "pack: second"));
      assertThat(reloader.checkNow()).isFalse();
      assertThat(reloader.status().lastError()).contains("do not combine").contains("second");
      assertThat(reloader.status().packs()).containsExactly("platform@1", "second@1");
      assertThat(inspect().rule().toString()).isEqualTo("second@1#block-trafficking-terms");
    }
  }

  @Test
  void anInvalidPackAtStartIsAnErrorAndTheEngineKeepsItsPacks() throws IOException {
    write("pack: platform\nversion: \"1\"\nrules:\n  - id: x\n    action: explode\n");
    PolicyReloader reloader = reloader();
    assertThatThrownBy(reloader::start).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("line 5");
    assertThat(tripline.policy().packs()).extracting(RulePack::name).containsExactly("default");
    reloader.close();
  }

  @Test
  void classpathPacksCombineWithFilePacksInTheOrderGiven() throws IOException {
    write(version("1", "flag"));
    try (PolicyReloader reloader = PolicyReloader.builder(tripline).classpathPack("default").pack(pack())
        .classpathPack("us").build()) {
      reloader.start();
      assertThat(reloader.status().packs()).hasSize(3).first().asString().startsWith("default@");
      assertThat(tripline.policy().jurisdictions()).extracting(Jurisdiction::code).contains("US");
    }
  }

  @Test
  void aFileChangedOnDiskIsTakenUpByTheScheduledCheck() throws Exception {
    write(version("1", "flag"));
    try (PolicyReloader reloader = PolicyReloader.builder(tripline).pack(pack())
        .interval(Duration.ofMillis(20)).build()) {
      reloader.start();
      write(version("2", "block"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!(inspect() instanceof Verdict.Block) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(inspect().rule().toString()).isEqualTo("platform@2#block-trafficking-terms");
    }
  }

  /** Inspections racing reloads: every verdict comes from one whole version, never a mix. */
  @Test
  void inspectionsDuringReloadsAlwaysSeeOneWholeVersion() throws Exception {
    write(version("0", "flag"));
    try (PolicyReloader reloader = reloader()) {
      reloader.start();
      AtomicBoolean stop = new AtomicBoolean();
      List<String> wrong = new ArrayList<>();
      ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          Verdict v = inspect();
          String ref = v.rule().toString();
          seen.put(ref, true);
          int version = Integer.parseInt(v.rule().packVersion());
          boolean block = version % 2 == 1;
          if (block != (v instanceof Verdict.Block) || !ref.endsWith(block ? "#block-trafficking-terms"
              : "#flag-trafficking-terms")) {
            synchronized (wrong) {
              wrong.add(ref + " as " + v.getClass().getSimpleName());
            }
          }
        }
      });
      reader.start();
      for (int i = 1; i <= 40; i++) {
        write(version(Integer.toString(i), i % 2 == 1 ? "block" : "flag"));
        reloader.checkNow();
        Thread.sleep(2);
      }
      stop.set(true);
      reader.join();
      assertThat(wrong).isEmpty();
      assertThat(seen.size()).isGreaterThan(2);
    }
  }

  @Test
  void builderMisuseFailsFast() {
    assertThatThrownBy(() -> PolicyReloader.builder(tripline).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyReloader.builder(tripline).interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reloader().checkNow()).isInstanceOf(IllegalStateException.class);
  }
}
