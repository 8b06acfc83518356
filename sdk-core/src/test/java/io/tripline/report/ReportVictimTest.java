package io.tripline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Victims never reach anything that could reach a feed. */
class ReportVictimTest {

  private static final Subject.Victim VICTIM = new Subject.Victim("victim-77", "vicky_secret",
      List.of(new Subject.IpEvent("198.51.100.77", Subject.IpEventType.LOGIN, ReportFixtures.OCCURRED)));

  private static Report withVictim() {
    return ReportFixtures.example().addSubject(VICTIM).build();
  }

  @Test
  void theFeedFacingFormHasNoPathToASubject() {
    // Walk every type reachable from FeedShare's record components (and their type arguments).
    Set<Class<?>> seen = new HashSet<>();
    Deque<Type> todo = new ArrayDeque<>(List.of(FeedShare.class));
    while (!todo.isEmpty()) {
      Type type = todo.pop();
      if (type instanceof ParameterizedType p) {
        todo.push(p.getRawType());
        List.of(p.getActualTypeArguments()).forEach(todo::push);
        continue;
      }
      if (!(type instanceof Class<?> c) || !seen.add(c)) {
        continue;
      }
      assertThat(Subject.class.isAssignableFrom(c)).as("%s reachable from FeedShare", c).isFalse();
      if (c.isRecord()) {
        for (RecordComponent component : c.getRecordComponents()) {
          todo.push(component.getGenericType());
        }
      }
    }
    assertThat(seen).contains(Report.Digests.class).doesNotContain(Subject.Victim.class, Report.class);
  }

  @Test
  void theFeedShareJsonCarriesDigestsOnly() {
    Report report = withVictim();
    String share = new String(ReportJson.writeFeedShare(report.feedShare().orElseThrow()), StandardCharsets.UTF_8);
    assertThat(share).isEqualTo("{\"category\":\"CHILD_SEX_TRAFFICKING\",\"digests\":[{\"sha256\":\""
        + ReportFixtures.SHA256 + "\",\"md5\":\"" + ReportFixtures.MD5 + "\",\"pdq\":\"" + ReportFixtures.PDQ
        + "\",\"pdqQuality\":87}]}");
    assertThat(share).doesNotContain("victim-77", "vicky_secret", "198.51.100.77", "u_998", "anna_k", "203.0.113.9");
  }

  @Test
  void onlyAHumanReviewedReportWithEvidenceHasAFeedShare() {
    Report automatic = Report.builder().category(io.tripline.rules.ReportCategory.CSAM)
        .occurredAt(ReportFixtures.OCCURRED).knowledgeAt(ReportFixtures.KNOWN).platform("p")
        .method(Report.Detection.Method.HASH_MATCH).addMatch(new Report.IndicatorMatch("f", "i", "md5", 0))
        .addEvidence(ReportFixtures.evidence("ev_1", ReportFixtures.SHA256)).addSubject(VICTIM)
        .providerCountries("US").build();
    assertThat(automatic.feedShare()).isEmpty();
    assertThat(withVictim().feedShare()).isPresent();
  }

  @Test
  void theVictimGoesToTheClearinghouseBodyOnly() {
    Report report = withVictim();
    String body = new String(ReportJson.write(report), StandardCharsets.UTF_8);
    assertThat(body).contains("{\"role\":\"VICTIM\",\"platformUserId\":\"victim-77\"");
    assertThat(report.victims()).containsExactly(VICTIM);
    assertThat(ReportJson.read(body.getBytes(StandardCharsets.UTF_8)).victims()).containsExactly(VICTIM);
  }

  @Test
  void aLoggedReportShowsNoVictimData() {
    assertThat(withVictim().toString()).contains("Victim[redacted]").doesNotContain("victim-77", "vicky_secret",
        "198.51.100.77");
  }

  @Test
  void aVictimIsNeverPartOfTheId() {
    assertThat(withVictim().id()).isEqualTo(ReportFixtures.example().build().id());
    assertThat(ReportFixtures.example().addSubject(new Subject.Victim("victim-78", null, List.of())).build().id())
        .isEqualTo(withVictim().id());
  }
}
