package io.tripline.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.InvalidConfigurationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error of the rule pack validator, by the bad YAML that causes it and the whole message:
 * the file, the line and column of the key or entry at fault, and what was expected. The table
 * also feeds {@link RulePackSchemaTest}, which checks the schema refuses the same packs.
 */
class RulePackErrorsTest {

  /** Lines 1 to 3; the first rule starts on line 4. */
  static final String HEADER = "pack: custom\nversion: \"3\"\nrules:\n";

  private static final String RULE_KEYS = "[id, description, when, action, status, priority, report]";
  private static final String WHEN_KEYS = "[signalTypes, signals, labels, severity, maxDistance, minQuality,"
      + " minMatches, minDistinct, score, contentTypes, uploaderCountries, accountAge, unhashableImage]";
  private static final String PACK_KEYS = "[pack, version, description, rules, jurisdiction]";

  /**
   * One bad pack.
   *
   * @param name what is wrong
   * @param yaml the pack
   * @param message the whole message, after {@code "rule pack test.yaml"}
   * @param schemaToo whether the JSON Schema can say it too (it cannot see keys given twice,
   *     rule ids used twice, bounds out of order or which codes ISO assigns)
   */
  record Bad(String name, String yaml, String message, boolean schemaToo) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Bad bad(String name, String yaml, String message) {
    return new Bad(name, yaml, message, true);
  }

  private static Bad parserOnly(String name, String yaml, String message) {
    return new Bad(name, yaml, message, false);
  }

  /** A pack of one rule {@code a} with this {@code when}, on line 5. */
  private static String when(String when) {
    return HEADER + "  - id: a\n    when: " + when + "\n    action: block\n";
  }

  static List<Bad> table() {
    return List.of(
        // --- the document ---
        parserOnly("empty document", "", " is empty"),
        parserOnly("only a comment", "# nothing here\n", " is empty"),
        bad("not a mapping", "- a\n- b\n",
            ", line 1, column 1: a rule pack must be a mapping with keys " + PACK_KEYS + ", found a list"),
        parserOnly("malformed YAML: a tab", HEADER + "  - id: a\n\taction: flag\n",
            ", line 5, column 1: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for"
                + " indentation) (while scanning for the next token)"),
        parserOnly("malformed YAML: an unclosed list", HEADER + "  - id: a\n    action: [block\n",
            ", line 6, column 1: expected ',' or ']', but got <stream end> (while parsing a flow sequence started at"
                + " line 5, column 13)"),

        // --- keys: unknown, given twice, at any depth ---
        bad("unknown key at the top", "pack: p\nversion: '1'\nauthor: me\nrules: []\n",
            ", line 3, column 1: unknown key 'author' (expected one of " + PACK_KEYS + ")"),
        bad("unknown key in a rule, with a suggestion", HEADER + "  - id: a\n    action: block\n    stauts: 451\n",
            ", line 6, column 5: unknown key 'stauts' (did you mean 'status'?) (expected one of " + RULE_KEYS + ")"),
        bad("unknown key before the required ones", HEADER + "  - id: a\n    bogus: [1, 2]\n    action: block\n",
            ", line 5, column 5: unknown key 'bogus' (expected one of " + RULE_KEYS + ")"),
        bad("unknown key in when", HEADER + "  - id: a\n    when:\n      label: [csam]\n    action: block\n",
            ", line 6, column 7: unknown key 'label' (did you mean 'labels'?) (expected one of " + WHEN_KEYS + ")"),
        bad("unknown key in a signal's bounds", when("{ signals: { pdq: { maxDist: 3 } } }"),
            ", line 5, column 31: unknown key 'maxDist' (expected one of [maxDistance, minQuality])"),
        bad("unknown key in score", when("{ score: { min: 2, weight: { term: 1 } } }"),
            ", line 5, column 30: unknown key 'weight' (did you mean 'weights'?) (expected one of [min, weights])"),
        bad("unknown key in accountAge", when("{ accountAge: { days: 3 } }"),
            ", line 5, column 27: unknown key 'days' (expected one of [minDays, maxDays])"),
        bad("unknown key in report",
            HEADER + "  - id: a\n    action: block\n    report: { category: CSAM, mode: automatic, to: NCMEC }\n",
            ", line 6, column 48: unknown key 'to' (expected one of [category, mode])"),
        bad("unknown key in a route of the jurisdiction", """
            pack: j
            version: "1"
            jurisdiction:
              code: US
              name: United States
              routes:
                - id: us-x
                  destinaton: NCMEC_CYBERTIPLINE
            """,
            ", line 8, column 7: unknown key 'destinaton' (did you mean 'destination'?) (expected one of [id,"
                + " destination, appliesWhen, categories, obligation, deadline, preservation, legalBasis, coveredBy,"
                + " noTippingOff])"),
        parserOnly("key given twice in a rule", HEADER + "  - id: a\n    action: block\n    action: allow\n",
            ", line 6, column 5: key 'action' is given twice (first at line 5, column 5)"),
        parserOnly("key given twice at the top", "pack: p\npack: q\nversion: '1'\nrules: []\n",
            ", line 2, column 1: key 'pack' is given twice (first at line 1, column 1)"),
        parserOnly("key given twice in a flow mapping", when("{labels: [a], labels: [b]}"),
            ", line 5, column 25: key 'labels' is given twice (first at line 5, column 12)"),
        parserOnly("signal type given twice", when("{ signals: { pdq: {}, pdq: { maxDistance: 3 } } }"),
            ", line 5, column 33: key 'pdq' is given twice (first at line 5, column 24)"),
        parserOnly("weight given twice", when("{ score: { min: 2, weights: { term: 1, term: 2 } } }"),
            ", line 5, column 50: key 'term' is given twice (first at line 5, column 41)"),
        parserOnly("key given twice in the jurisdiction", """
            pack: j
            version: "1"
            jurisdiction:
              code: US
              code: CA
            """,
            ", line 5, column 3: key 'code' is given twice (first at line 4, column 3)"),

        // --- what each value must be ---
        bad("rules not a list", "pack: p\nversion: '1'\nrules: none\n",
            ", line 3, column 8: 'rules' must be a list of mappings, found 'none'"),
        bad("a rule that is a string", HEADER + "  - just-a-string\n",
            ", line 4, column 5: entry 1 of 'rules' must be a mapping with keys " + RULE_KEYS
                + ", found 'just-a-string'"),
        bad("an empty rule entry", HEADER + "  - id: ok\n    action: flag\n  -\n",
            ", line 6, column 4: entry 2 of 'rules' is empty (expected a mapping with keys " + RULE_KEYS + ")"),
        bad("a version that is a number", "pack: p\nversion: 1.10\nrules: []\n",
            ", line 2, column 10: 'version' must be a string, found the number 1.10 (quote it: \"1.10\")"),
        bad("an action that is a mapping", HEADER + "  - id: a\n    action: { type: block }\n",
            ", line 5, column 13: 'action' must be a string, found a mapping"),
        bad("a version YAML reads as a boolean", "pack: p\nversion: yes\nrules: []\n",
            ", line 2, column 10: 'version' must be a string, found 'yes', which YAML reads as true (quote it: \"yes\")"),
        bad("a version that is true", "pack: p\nversion: true\nrules: []\n",
            ", line 2, column 10: 'version' must be a string, found true (quote it: \"true\")"),
        parserOnly("a number too large", when("{ maxDistance: 99999999999 }"),
            ", line 5, column 26: 'maxDistance' must be a whole number, found the number 99999999999, which is too"
                + " large (at most 2147483647)"),
        bad("a status that is not a number", HEADER + "  - id: a\n    action: block\n    status: forbidden\n",
            ", line 6, column 13: 'status' must be a whole number, found 'forbidden'"),
        bad("an action that is a list", HEADER + "  - id: a\n    action: [block]\n",
            ", line 5, column 13: 'action' must be a string, found a list"),
        bad("when that is a list", when("[labels]"),
            ", line 5, column 11: 'when' must be a mapping with keys " + WHEN_KEYS + ", found a list"),
        bad("labels that are not a list", when("{ labels: csam }"),
            ", line 5, column 21: 'labels' must be a list of strings, found 'csam'"),
        bad("a label that is a number", when("{ labels: [csam, 7] }"),
            ", line 5, column 28: entry 2 of 'labels' must be a string, found the number 7 (quote it: \"7\")"),
        bad("a signal's bounds that are a number", when("{ signals: { pdq: 31 } }"),
            ", line 5, column 29: 'pdq' in 'signals' must be a mapping with keys [maxDistance, minQuality], found"
                + " the number 31"),
        bad("a signal without bounds", when("{ signals: { pdq: } }"),
            ", line 5, column 28: 'pdq' in 'signals' is empty (expected a mapping with keys [maxDistance,"
                + " minQuality])"),
        bad("a weight that is not a number", when("{ score: { min: 2, weights: { term: heavy } } }"),
            ", line 5, column 47: 'term' in 'weights' must be a whole number, found 'heavy'"),
        bad("unhashableImage that is not a boolean", when("{ unhashableImage: 1 }"),
            ", line 5, column 30: 'unhashableImage' must be true or false, found the number 1"),
        bad("noTippingOff that is a string in a route", """
            pack: j
            version: "1"
            jurisdiction:
              code: US
              name: United States
              routes:
                - id: us-x
                  noTippingOff: "yes"
            """,
            ", line 8, column 21: 'noTippingOff' must be true or false, found 'yes'"),

        // --- the pack ---
        bad("no pack name", "version: '1'\nrules: []\n", ", line 1, column 1: missing required key 'pack'"),
        bad("a pack name in capitals", "pack: Default\nversion: '1'\nrules: []\n",
            ", line 1, column 1: pack name 'Default' must be lower-case letters, digits and dashes"),
        bad("no version", "pack: p\nrules: []\n", ", line 1, column 1: missing required key 'version'"),
        bad("a blank version", "pack: p\nversion: ' '\nrules: []\n",
            ", line 2, column 1: 'version' must not be blank"),
        bad("neither rules nor jurisdiction", "pack: p\nversion: '1'\n",
            ", line 1, column 1: missing required key 'rules' (only a pack with a 'jurisdiction' may leave it out)"),

        // --- a rule ---
        bad("a rule without id", HEADER + "  - id: ok\n    action: flag\n  - description: no id\n    action: block\n",
            ", line 6, column 5: missing required key 'id'"),
        bad("a rule without action", HEADER + "  - id: ok\n    action: flag\n  - id: no-action\n\n\n  - id: c\n"
                + "    action: flag\n",
            ", line 6, column 5: missing required key 'action'"),
        bad("an unknown action", HEADER + "  - id: a\n    action: nuke\n",
            ", line 5, column 5: 'action' must be one of [allow, flag, block], was 'nuke'"),
        bad("an action in capitals", HEADER + "  - id: a\n    action: BLOCK\n",
            ", line 5, column 5: 'action' must be one of [allow, flag, block], was 'BLOCK'"),
        bad("a malformed rule id", HEADER + "  - id: Not_Valid\n    action: flag\n",
            ", line 4, column 5: rule id 'Not_Valid' must be lower-case letters, digits and dashes"),
        bad("the reserved rule id", HEADER + "  - id: default-allow\n    action: allow\n",
            ", line 4, column 5: rule id 'default-allow' is reserved for the verdict when no rule fires"),
        parserOnly("a rule id used twice", HEADER + "  - id: a\n    action: block\n  - id: b\n    action: flag\n"
                + "  - id: a\n    action: flag\n",
            ", line 8, column 5: rule id 'a' is used twice (first at line 4)"),
        bad("status on a flag", HEADER + "  - id: a\n    action: flag\n    status: 422\n",
            ", line 6, column 5: rule 'a': 'status' applies only to action block"),
        bad("a status that is not a refusal", HEADER + "  - id: a\n    action: block\n    status: 500\n",
            ", line 6, column 5: rule 'a': status 500 is not one of 403, 415, 422, 451"),
        bad("415 without unhashableImage", HEADER + "  - id: a\n    when: { labels: [x] }\n    action: block\n"
                + "    status: 415\n",
            ", line 7, column 5: rule 'a': status 415 is only for a rule with 'unhashableImage: true'"),
        bad("priority on a block", HEADER + "  - id: a\n    action: block\n    priority: high\n",
            ", line 6, column 5: rule 'a': 'priority' applies only to action flag"),
        bad("an unknown priority", HEADER + "  - id: a\n    action: flag\n    priority: asap\n",
            ", line 6, column 5: 'priority' must be one of [low, normal, high, urgent], was 'asap'"),
        bad("a report on an allow rule", HEADER + "  - id: a\n    action: allow\n"
                + "    report: { category: CSAM, mode: automatic }\n",
            ", line 6, column 5: rule 'a': 'report' applies only to actions flag and block (a report needs a"
                + " person or a refusal behind it)"),
        bad("a report without category", HEADER + "  - id: a\n    action: flag\n    report: { mode: automatic }\n",
            ", line 6, column 5: missing required key 'category'"),
        bad("a report without mode", HEADER + "  - id: a\n    action: flag\n    report: { category: CSAM }\n",
            ", line 6, column 5: missing required key 'mode'"),
        bad("an unknown category", HEADER + "  - id: a\n    action: flag\n"
                + "    report: { category: csam, mode: automatic }\n",
            ", line 6, column 15: 'category' must be one of [CSAM, CHILD_SEX_TRAFFICKING, ONLINE_ENTICEMENT,"
                + " CHILD_SEX_TOURISM, UNSOLICITED_OBSCENE_TO_CHILD, MISLEADING_DOMAIN, ADULT_TRAFFICKING, NCII,"
                + " THREAT_TO_LIFE], was 'csam'"),
        bad("an unknown mode", HEADER + "  - id: a\n    action: flag\n"
                + "    report: { category: CSAM, mode: later }\n",
            ", line 6, column 31: 'mode' must be one of [automatic, after-review], was 'later'"),

        // --- conditions ---
        bad("signalTypes and signals together", when("{ signalTypes: [md5], signals: { pdq: {} } }"),
            ", line 5, column 33: 'signals' and 'signalTypes' cannot be used together (list the types under"
                + " 'signals' only)"),
        bad("no signal type under signals", when("{ signals: {} }"),
            ", line 5, column 13: 'signals' must name at least one signal type (leave it out for any)"),
        bad("an empty label list", when("{ labels: [] }"),
            ", line 5, column 13: 'labels' must list at least one value (leave it out for any)"),
        bad("an empty signal type list", when("{ signalTypes: [] }"),
            ", line 5, column 13: 'signalTypes' must list at least one value (leave it out for any)"),
        bad("an empty severity list", when("{ severity: [] }"),
            ", line 5, column 13: 'severity' must list at least one value (leave it out for any)"),
        bad("an empty content type list", when("{ contentTypes: [] }"),
            ", line 5, column 13: 'contentTypes' must list at least one value (leave it out for any)"),
        bad("an empty country list", when("{ uploaderCountries: [] }"),
            ", line 5, column 13: 'uploaderCountries' must list at least one value (leave it out for any)"),
        bad("an unknown severity", when("{ severity: [extreme] }"),
            ", line 5, column 13: 'severity' must be one of [low, medium, high], was 'extreme'"),
        bad("a negative maxDistance", when("{ maxDistance: -1 }"),
            ", line 5, column 13: 'maxDistance' must be at least 0, was -1"),
        bad("a minQuality over 100", when("{ minQuality: 101 }"),
            ", line 5, column 13: 'minQuality' must be 0..100, was 101"),
        bad("minMatches of 0", when("{ minMatches: 0 }"),
            ", line 5, column 13: 'minMatches' must be at least 1, was 0"),
        bad("minDistinct of 0", when("{ minDistinct: 0 }"),
            ", line 5, column 13: 'minDistinct' must be at least 1, was 0"),
        bad("a signal's negative maxDistance", when("{ signals: { pdq: { maxDistance: -2 } } }"),
            ", line 5, column 31: 'maxDistance' must be at least 0, was -2"),
        bad("a signal's minQuality under 0", when("{ signals: { pdq: { minQuality: -1 } } }"),
            ", line 5, column 31: 'minQuality' must be 0..100, was -1"),
        bad("a score without min", when("{ score: { weights: { term: 1 } } }"),
            ", line 5, column 13: missing required key 'min'"),
        bad("a score min of 0", when("{ score: { min: 0 } }"),
            ", line 5, column 22: 'min' must be at least 1, was 0"),
        bad("a negative weight", when("{ score: { min: 2, weights: { term: -1 } } }"),
            ", line 5, column 30: the weight of 'term' must be 0 or more, was -1"),
        bad("a content type in capitals", when("{ contentTypes: [Image/*] }"),
            ", line 5, column 13: content type 'Image/*' must be 'text', 'type/subtype' or 'type/*' in lower case"),
        bad("a content type without subtype", when("{ contentTypes: [image] }"),
            ", line 5, column 13: content type 'image' must be 'text', 'type/subtype' or 'type/*' in lower case"),
        parserOnly("the United Kingdom as UK", when("{ uploaderCountries: [US, UK] }"),
            ", line 5, column 13: 'uploaderCountries': 'UK' is not an ISO 3166-1 alpha-2 country code (the United"
                + " Kingdom is GB)"),
        bad("a country in lower case", when("{ uploaderCountries: [us] }"),
            ", line 5, column 13: 'uploaderCountries': 'us' is not an ISO 3166-1 alpha-2 country code (codes are"
                + " upper case: US)"),
        bad("a country listed twice", when("{ uploaderCountries: [US, US] }"),
            ", line 5, column 13: 'uploaderCountries' lists 'US' twice"),
        bad("a label listed twice", when("{ labels: [csam, ncii, csam] }"),
            ", line 5, column 13: 'labels' lists 'csam' twice"),
        bad("accountAge without bounds", when("{ accountAge: {} }"),
            ", line 5, column 13: 'accountAge' needs 'minDays', 'maxDays' or both"),
        bad("a negative maxDays", when("{ accountAge: { maxDays: -1 } }"),
            ", line 5, column 27: 'maxDays' must be at least 0, was -1"),
        parserOnly("minDays over maxDays", when("{ accountAge: { minDays: 30, maxDays: 7 } }"),
            ", line 5, column 40: 'maxDays' (7) must not be less than 'minDays' (30)"),
        bad("unhashableImage false", when("{ unhashableImage: false }"),
            ", line 5, column 13: 'unhashableImage' can only be true (leave it out otherwise)"),

        // --- the jurisdiction: its checks are the routing model's, located at the mapping they are about ---
        bad("a route without destination", """
            pack: j
            version: "1"
            jurisdiction:
              code: US
              name: United States
              routes:
                - id: us-x
                  appliesWhen: { providerCountries: [US] }
                  categories: [CSAM]
                  obligation: voluntary
                  noTippingOff: true
            """,
            ", line 7, column 7: route 'us-x': missing required key 'destination'"));
  }

  static Stream<Arguments> cases() {
    return table().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithItsLocationAndWhatWasExpected(Bad bad) {
    assertThatThrownBy(() -> RulePack.parse(new ByteArrayInputStream(bad.yaml().getBytes(StandardCharsets.UTF_8)),
        "test.yaml"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("rule pack test.yaml" + bad.message());
  }
}
