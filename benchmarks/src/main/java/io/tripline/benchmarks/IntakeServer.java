package io.tripline.benchmarks;

import io.tripline.clearinghouse.ClearinghouseServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The clearinghouse that {@link IntakeLoad} runs in a JVM of its own, so that a restart is a real
 * process dying: {@code IntakeServer <data dir> <port> <group-commit: true|false>}. Prints
 * {@value #READY} and the port once it listens; SIGTERM closes it, SIGKILL just ends it.
 */
public final class IntakeServer {
  static final String READY = "intake-server listening on port ";

  private IntakeServer() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: IntakeServer <data dir> <port> <group commit: true|false>");
      System.exit(2);
    }
    ClearinghouseServer server = ClearinghouseServer.builder().dataDir(Path.of(args[0])).host("127.0.0.1")
        .port(Integer.parseInt(args[1])).groupCommit(Boolean.parseBoolean(args[2])).build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "intake-server-shutdown"));
    System.out.println(READY + server.port());
    System.out.flush();
    stopped.await();
  }
}
