package io.tripline.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Jurisdiction sections: bound alone (as the pack parser binds the section, to see each check's
 * own message) or through the pack parser, and the shipped packs' ones.
 */
final class JurisdictionFixtures {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The {@code jurisdiction} section the default pack gets for adult trafficking: handed to the
   * default pack's owner verbatim (indented under {@code jurisdiction:}).
   */
  static final String DEFAULT_PACK_JURISDICTION = """
      code: ANY
      name: Any jurisdiction
      routes:
        - id: any-adult-trafficking-tip-line
          destination: HUMAN_TRAFFICKING_TIP_LINE
          appliesWhen: { providerCountries: [ANY] }
          categories: [ADULT_TRAFFICKING]
          obligation: voluntary
          preservation:
            period: null
            basis: INTERNAL_POLICY
            text: "no statutory period: per the platform's records policy"
          noTippingOff: true
      """;

  private JurisdictionFixtures() {}

  /**
   * Binds a {@code jurisdiction} section alone. A check failing in a constructor comes out as its
   * {@link IllegalArgumentException}, the message the pack parser puts after file, line and
   * column.
   */
  static JurisdictionEntry bind(String yaml) {
    try {
      return YAML.readValue(yaml, JurisdictionEntry.class);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Jurisdiction jurisdiction(String yaml) {
    return bind(yaml).toJurisdiction();
  }

  /** A pack of routes only, with {@code section} as its {@code jurisdiction}, through the pack parser. */
  static RulePack pack(String section) {
    return parse("pack: test\nversion: \"1\"\njurisdiction:\n" + section.indent(2));
  }

  static RulePack parse(String yaml) {
    return RulePack.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  /** The default pack's YAML as shipped. */
  static String defaultPackYaml() {
    try (InputStream in = JurisdictionFixtures.class.getClassLoader()
        .getResourceAsStream(RulePack.CLASSPATH_FOLDER + "default.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The default pack's route for adult trafficking: the shipped default pack's, once it has it;
   * until then the section above, added to the shipped default pack and parsed with it.
   */
  static Jurisdiction anyJurisdiction() {
    RulePack shipped = RulePack.fromClasspath("default");
    if (shipped.jurisdiction().isPresent()) {
      return shipped.jurisdiction().get();
    }
    return parse(defaultPackYaml().stripTrailing() + "\njurisdiction:\n" + DEFAULT_PACK_JURISDICTION.indent(2))
        .jurisdiction().orElseThrow();
  }

  /** The jurisdiction of a shipped pack ({@code us}, {@code eu}, {@code uk}, {@code ca}, {@code au}). */
  static Jurisdiction shipped(String pack) {
    return RulePack.fromClasspath(pack).jurisdiction().orElseThrow();
  }

  /** The jurisdictions of shipped packs, in order; {@code any} is the default pack's. */
  static List<Jurisdiction> jurisdictions(String... packs) {
    List<Jurisdiction> jurisdictions = new ArrayList<>();
    for (String pack : packs) {
      jurisdictions.add(pack.equals("any") ? anyJurisdiction() : shipped(pack));
    }
    return jurisdictions;
  }
}
