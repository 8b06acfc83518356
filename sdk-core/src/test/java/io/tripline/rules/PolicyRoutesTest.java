package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.InvalidConfigurationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Policy#of}: packs whose routes do not make one router do not combine. */
class PolicyRoutesTest {

  private static RulePack routesOnly(String pack, String routeId) {
    String yaml = "pack: " + pack + "\nversion: \"1\"\njurisdiction:\n  code: XX\n  name: Test\n  routes:\n"
        + "    - id: " + routeId + "\n"
        + "      destination: TEST_TIP_LINE\n"
        + "      appliesWhen: { providerCountries: [ANY] }\n"
        + "      categories: [ADULT_TRAFFICKING]\n"
        + "      obligation: voluntary\n"
        + "      preservation: { period: null, basis: INTERNAL_POLICY, text: \"records policy\" }\n"
        + "      noTippingOff: true\n";
    return RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), pack + ".yaml");
  }

  @Test
  void aRouteIdInTwoPacksIsRefusedWhenTheyAreCombined() {
    RulePack us = RulePack.fromClasspath("us");
    assertThat(Policy.of(us, routesOnly("extra", "extra-tip-line")).jurisdictions()).hasSize(2);

    assertThatThrownBy(() -> Policy.of(us, routesOnly("clash", "us-ncmec")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("us-ncmec");
  }
}
