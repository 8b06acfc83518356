package io.tripline.clearinghouse.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code PENDING} route not yet handed to its adapter, with the report as the platform sent it.
 *
 * @param key the route
 * @param receivedAt when the clearinghouse stored the report
 * @param body the report's JSON body as received (validated at intake); copied in and out
 */
public record PendingRoute(RouteKey key, Instant receivedAt, byte[] body) {
  public PendingRoute {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(receivedAt, "receivedAt");
    body = Objects.requireNonNull(body, "body").clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingRoute p && key.equals(p.key) && receivedAt.equals(p.receivedAt)
        && java.util.Arrays.equals(body, p.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, receivedAt, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "PendingRoute[" + key + ", received " + receivedAt + ", " + body.length + " bytes]";
  }
}
