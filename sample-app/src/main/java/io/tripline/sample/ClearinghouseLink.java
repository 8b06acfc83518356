package io.tripline.sample;

import java.security.PublicKey;
import java.util.Map;
import java.util.Objects;

/**
 * How a demo platform talks to a clearinghouse: where it is, the platform's identity and
 * credential there, the clearinghouse's pinned signing keys, and the shared feed to follow. With a
 * link, the platform files reports and opinions through a durable outbox, follows the shared feed,
 * and names itself {@code platformId} in what it sends.
 *
 * @param baseUrl the clearinghouse, e.g. {@code http://127.0.0.1:8090/}
 * @param platformId this platform's id at the clearinghouse
 * @param credential the bearer credential (scopes feeds:read, reports:write, opinions:write)
 * @param publicKeys the clearinghouse's signing keys by key id, pinned
 * @param feedId the shared feed of confirmed indicators
 */
record ClearinghouseLink(String baseUrl, String platformId, String credential, Map<String, PublicKey> publicKeys,
    String feedId) {

  ClearinghouseLink {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(platformId, "platformId");
    Objects.requireNonNull(credential, "credential");
    publicKeys = Map.copyOf(publicKeys);
    Objects.requireNonNull(feedId, "feedId");
  }

  @Override
  public String toString() {
    // Never the credential.
    return "ClearinghouseLink[" + baseUrl + ", platform " + platformId + ", feed " + feedId + "]";
  }
}
