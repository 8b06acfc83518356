package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.index.IndicatorIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text pipeline against the synthetic evaluation corpus ({@code text/corpus.jsonl}, made by
 * {@code make_corpus.py} beside it): every case names the entities and feed terms it must yield,
 * ordinary text must yield nothing. Precision and recall are measured over all cases and must stay
 * at or above the figures reported in {@code docs/text-normalisation.md}; every miss and every
 * false find is printed, so a regression names its case.
 */
class TextCorpusTest {

  private record Case(String id, String text, Set<String> entities, Set<String> terms, String note) {}

  private static List<Case> cases;
  private static IndicatorIndex terms;
  private static final TextAnalyzer ANALYZER = TextAnalyzer.forRegion("US");

  @BeforeAll
  static void load() throws IOException {
    ObjectMapper json = new ObjectMapper();
    cases = new ArrayList<>();
    try (BufferedReader in = reader("text/corpus.jsonl")) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode node = json.readTree(line);
        Set<String> entities = new HashSet<>();
        node.get("entities").forEach(e -> entities.add(e.get("type").asText() + " " + e.get("value").asText()));
        Set<String> expectedTerms = new HashSet<>();
        node.get("terms").forEach(t -> expectedTerms.add(t.asText()));
        cases.add(new Case(node.get("id").asText(), node.get("text").asText(), entities, expectedTerms,
            node.get("note").asText()));
      }
    }
    IndicatorIndex.Builder builder = IndicatorIndex.builder();
    try (BufferedReader in = reader("text/corpus-terms.txt")) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          builder.add(Indicator.of(line, "corpus", IndicatorIndex.TERM, line, Severity.MEDIUM, "trafficking"));
        }
      }
    }
    terms = builder.build();
  }

  private static BufferedReader reader(String resource) {
    InputStream in = Objects.requireNonNull(TextCorpusTest.class.getClassLoader().getResourceAsStream(resource),
        resource);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** Counts of one kind of finding over the corpus. */
  private static final class Score {
    int truePositives;
    int falsePositives;
    int falseNegatives;
    final List<String> errors = new ArrayList<>();

    void add(Case c, Set<String> expected, Set<String> found) {
      for (String f : found) {
        if (expected.contains(f)) {
          truePositives++;
        } else {
          falsePositives++;
          errors.add(c.id() + " (" + c.note() + ") found " + f);
        }
      }
      for (String e : expected) {
        if (!found.contains(e)) {
          falseNegatives++;
          errors.add(c.id() + " (" + c.note() + ") missed " + e);
        }
      }
    }

    double precision() {
      return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
    }

    double recall() {
      return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
    }

    String summary(String what) {
      return String.format("%s: precision %.3f, recall %.3f (%d found right, %d wrong, %d missed)", what,
          precision(), recall(), truePositives, falsePositives, falseNegatives);
    }
  }

  @Test
  void theCorpusHasTwoHundredCasesWithOrdinaryTextAmongThem() {
    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(cases.stream().filter(c -> c.entities().isEmpty() && c.terms().isEmpty()).count())
        .isGreaterThanOrEqualTo(40);
  }

  @Test
  void entitiesAndTermsMeetTheReportedPrecisionAndRecall() {
    Score entities = new Score();
    Score termScore = new Score();
    for (Case c : cases) {
      TextAnalyzer.Analysis analysis = ANALYZER.analyze(c.text());
      Set<String> found = new HashSet<>();
      analysis.entities().forEach(e -> found.add(e.type() + " " + e.value()));
      entities.add(c, c.entities(), found);
      Set<String> foundTerms = new HashSet<>();
      terms.findTerms(analysis.views()).forEach(h -> foundTerms.add(h.indicator().value()));
      termScore.add(c, c.terms(), foundTerms);
    }
    System.out.println(entities.summary("entities"));
    System.out.println(termScore.summary("terms"));
    entities.errors.forEach(e -> System.out.println("  entity " + e));
    termScore.errors.forEach(e -> System.out.println("  term " + e));

    assertThat(entities.precision()).as(entities.summary("entities")).isGreaterThanOrEqualTo(MIN_ENTITY_PRECISION);
    assertThat(entities.recall()).as(entities.summary("entities")).isGreaterThanOrEqualTo(MIN_ENTITY_RECALL);
    assertThat(termScore.precision()).as(termScore.summary("terms")).isGreaterThanOrEqualTo(MIN_TERM_PRECISION);
    assertThat(termScore.recall()).as(termScore.summary("terms")).isGreaterThanOrEqualTo(MIN_TERM_RECALL);
  }

  // The figures measured when the corpus was made; a change that lowers one fails here.
  private static final double MIN_ENTITY_PRECISION = 1.0;
  private static final double MIN_ENTITY_RECALL = 1.0;
  private static final double MIN_TERM_PRECISION = 1.0;
  private static final double MIN_TERM_RECALL = 1.0;
}
