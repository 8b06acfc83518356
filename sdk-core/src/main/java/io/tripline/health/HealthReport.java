package io.tripline.health;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Health#report()} found: the overall status, the worst of the checks, and each
 * check's result by name, in the order the checks were added.
 *
 * @param status the worst status of {@code checks}; {@link HealthStatus#UP} if there are none
 * @param checkedAt when the checks ran
 * @param checks each check's result, by name; copied, the order kept
 */
public record HealthReport(HealthStatus status, Instant checkedAt, Map<String, CheckResult> checks) {

  /**
   * Copies.
   *
   * @throws NullPointerException if an argument, a name or a result is null
   */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Map<String, CheckResult> copy = new LinkedHashMap<>();
    checks.forEach(
        (name, result) ->
            copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(result, name)));
    checks = Collections.unmodifiableMap(copy);
  }

  /**
   * The report as a JSON object: {@code status}, {@code checkedAt} (ISO-8601), and
   * {@code checks}, each with its {@code status}, {@code summary} and {@code details}.
   */
  public String toJson() {
    return HealthJson.write(this);
  }
}
