package io.tripline.report.evidence;

import static io.tripline.report.evidence.EvidenceFixtures.K1;
import static io.tripline.report.evidence.EvidenceFixtures.K2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.InvalidConfigurationException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceKeysTest {

  @Test
  void keysComeFromConfiguration() {
    EvidenceKeys keys = EvidenceKeys.fromConfiguration(Map.of(
        "tripline.evidence.keys.current", "2027",
        "tripline.evidence.keys.2026", K1,
        "tripline.evidence.keys.2027", K2,
        "tripline.other", "ignored"));

    assertThat(keys.currentId()).isEqualTo("2027");
    assertThat(keys.ids()).containsExactlyInAnyOrder("2026", "2027");
    assertThat(keys.current().getEncoded()).isEqualTo(Base64.getDecoder().decode(K2));
    assertThat(keys.key("2026").getEncoded()).isEqualTo(Base64.getDecoder().decode(K1));
    assertThat(keys.key("2025")).isNull();
  }

  @Test
  void toStringShowsIdsOnly() {
    EvidenceKeys keys = EvidenceKeys.of("k2", Map.of("k1", K1, "k2", K2));

    assertThat(keys.toString()).contains("k1", "k2", "redacted").doesNotContain(K1).doesNotContain(K2);
    assertThat(EvidenceStore.builder().directory(java.nio.file.Path.of("unused")).keys(keys)).isNotNull();
  }

  @Test
  void aKeyThatIsNotBase64IsRefusedWithoutRepeatingIt() {
    String bad = "not*base64*" + K1;
    assertThatThrownBy(() -> EvidenceKeys.of("k1", Map.of("k1", bad)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("'k1'").hasMessageContaining("base64")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("*").doesNotContain(K1));
  }

  @Test
  void aKeyOfTheWrongLengthIsRefused() {
    String aes128 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> EvidenceKeys.of("k1", Map.of("k1", aes128)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("32 bytes").hasMessageContaining("16")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(aes128));
  }

  @Test
  void theCurrentKeyMustBeConfigured() {
    assertThatThrownBy(() -> EvidenceKeys.of("k3", Map.of("k1", K1)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'k3'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(K1));
    assertThatThrownBy(() -> EvidenceKeys.fromConfiguration(Map.of("tripline.evidence.keys.k1", K1)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(EvidenceKeys.CURRENT);
  }

  @Test
  void keyIdsAreChecked() {
    assertThatThrownBy(() -> EvidenceKeys.of("k 1", Map.of("k 1", K1)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("malformed");
  }
}
