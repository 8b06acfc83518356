package io.tripline.sample;

import io.tripline.clearinghouse.ClearinghouseServer;
import io.tripline.clearinghouse.Scope;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network in one process: the reference clearinghouse and two demo platforms, A and B, each
 * with its own data folder, credential and review queue. What a reviewer on A confirms and reports
 * is published by the clearinghouse and blocked on B after B's next sync of the shared feed.
 *
 * <p>Data: {@code clearinghouse/}, {@code platform-a/}, {@code platform-b/} under one folder.
 * Credentials are issued at each start (the clearinghouse keeps only their hashes).
 */
final class DemoNetwork implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoNetwork.class);
  static final String FEED = "confirmed-hashes";
  static final String PLATFORM_A = "platform-a";
  static final String PLATFORM_B = "platform-b";

  private final ClearinghouseServer clearinghouse;
  private final SampleApp a;
  private final SampleApp b;

  private DemoNetwork(ClearinghouseServer clearinghouse, SampleApp a, SampleApp b) {
    this.clearinghouse = clearinghouse;
    this.a = a;
    this.b = b;
  }

  /**
   * Starts the clearinghouse on {@code clearinghousePort} and the platforms on {@code portA} and
   * {@code portB} (0 for any free port), keeping their data under {@code dataDir}.
   */
  static DemoNetwork start(Path dataDir, int clearinghousePort, int portA, int portB, DemoUsers users) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path data = dataDir.toAbsolutePath().normalize();
    ClearinghouseServer ch = ClearinghouseServer.builder().dataDir(data.resolve("clearinghouse"))
        .host("127.0.0.1").port(clearinghousePort).build().start();
    SampleApp a = null;
    try {
      a = SampleApp.start(portA, data.resolve(PLATFORM_A), users, link(ch, PLATFORM_A));
      SampleApp b = SampleApp.start(portB, data.resolve(PLATFORM_B), users, link(ch, PLATFORM_B));
      return new DemoNetwork(ch, a, b);
    } catch (RuntimeException e) {
      if (a != null) {
        a.close();
      }
      ch.close();
      throw e;
    }
  }

  private static ClearinghouseLink link(ClearinghouseServer ch, String platform) {
    ch.accounts().addPlatform(platform);
    String secret = ch.accounts().createCredential(platform,
        EnumSet.of(Scope.FEEDS_READ, Scope.REPORTS_WRITE, Scope.OPINIONS_WRITE)).secret();
    return new ClearinghouseLink("http://127.0.0.1:" + ch.port() + "/", platform, secret,
        Map.of(ch.signingKey().keyId(), ch.signingKey().publicKey()), FEED);
  }

  ClearinghouseServer clearinghouse() {
    return clearinghouse;
  }

  SampleApp platformA() {
    return a;
  }

  SampleApp platformB() {
    return b;
  }

  /**
   * Runs the network until the process ends ({@code java -jar tripline-sample-app.jar --network}):
   * the clearinghouse on port 8090, platform A on {@code port}, B on the next one.
   */
  static void run(Path dataDir, int port) {
    DemoUsers users = DemoUsers.fromEnvironment(System.getenv());
    DemoNetwork network;
    try {
      network = start(dataDir, ClearinghouseServer.DEFAULT_PORT, port, port == 0 ? 0 : port + 1, users);
    } catch (RuntimeException e) {
      log.error("could not start the demo network: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(network::close, "tripline-network-shutdown"));
    log.info("Clearinghouse on port {}; platform A at {}, platform B at {}", network.clearinghouse.port(),
        network.a.uri(), network.b.uri());
    log.info("Review pages: {}review/ and {}review/ - sign in as '{}', password {}", network.a.uri(),
        network.b.uri(), DemoUsers.REVIEWER, users.fromEnvironment() ? "in $" + DemoUsers.REVIEWER_PASSWORD_ENV
            : "'" + users.reviewerPassword() + "'");
    network.a.join();
  }

  @Override
  public void close() {
    try {
      b.close();
    } finally {
      try {
        a.close();
      } finally {
        clearinghouse.close();
      }
    }
  }
}
