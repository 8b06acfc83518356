package io.tripline.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@link HealthReport}; the shape is fixed here rather than by reflection on records. */
final class HealthJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HealthJson() {}

  static String write(HealthReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("status", report.status().name());
    root.put("checkedAt", report.checkedAt().toString());
    ObjectNode checks = root.putObject("checks");
    report.checks().forEach(
        (name, result) -> {
          ObjectNode check = checks.putObject(name);
          check.put("status", result.status().name());
          check.put("summary", result.summary());
          check.set("details", MAPPER.valueToTree(result.details()));
        });
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      // A tree of strings, numbers and booleans always serialises.
      throw new IllegalStateException(e);
    }
  }
}
