package io.tripline.feed;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories of local feed files and asks for a run of a feed soon after its file is
 * created, written, moved into place or deleted, so an edited list is taken up in a fraction of a
 * second instead of at the feed's next interval. Events for one feed within {@link #SETTLE_MILLIS}
 * are one run. The watch only hastens runs: the feed's interval still runs it, and a file system
 * that sends no events (some network mounts) is read on the interval alone.
 *
 * <p>Thread-safe. One daemon thread reads the events; {@link #close()} ends it.
 */
final class FileWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

  /** How long after an event the run starts, so the burst of events of one write is one run. */
  static final long SETTLE_MILLIS = 100;

  private final WatchService service;
  /** Feed ids by directory and file name. */
  private final Map<Path, Map<Path, String>> feeds;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> run;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Thread thread;

  private FileWatcher(WatchService service, Map<Path, Map<Path, String>> feeds, ScheduledExecutorService scheduler,
      Consumer<String> run) {
    this.service = service;
    this.feeds = feeds;
    this.scheduler = scheduler;
    this.run = run;
    this.thread = new Thread(this::loop, "tripline-feed-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching {@code files} (feed id by file); a change of one calls {@code run} with its
   * feed id on {@code scheduler}.
   *
   * @throws IOException if a directory cannot be watched
   */
  static FileWatcher start(Map<Path, String> files, ScheduledExecutorService scheduler, Consumer<String> run)
      throws IOException {
    Map<Path, Map<Path, String>> byDirectory = new HashMap<>();
    for (Map.Entry<Path, String> e : files.entrySet()) {
      Path file = e.getKey().toAbsolutePath().normalize();
      byDirectory.computeIfAbsent(file.getParent(), d -> new HashMap<>()).put(file.getFileName(), e.getValue());
    }
    WatchService service = FileSystems.getDefault().newWatchService();
    try {
      for (Path directory : byDirectory.keySet()) {
        directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    FileWatcher watcher = new FileWatcher(service, Map.copyOf(byDirectory), scheduler, run);
    watcher.thread.start();
    return watcher;
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = service.take();
        Map<Path, String> inDirectory = feeds.get((Path) key.watchable());
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            // Events were lost: any file of the directory may have changed.
            if (inDirectory != null) {
              inDirectory.values().forEach(this::schedule);
            }
          } else if (inDirectory != null && event.context() instanceof Path name) {
            String feedId = inDirectory.get(name);
            if (feedId != null) {
              schedule(feedId);
            }
          }
        }
        if (!key.reset()) {
          LOG.warn("Feed directory {} can no longer be watched; its feeds are read on their interval",
              key.watchable());
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closed.
    }
  }

  private void schedule(String feedId) {
    if (!pending.add(feedId)) {
      return;
    }
    try {
      scheduler.schedule(() -> {
        pending.remove(feedId);
        run.accept(feedId);
      }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // The scheduler was shut down: the sync is closing.
      pending.remove(feedId);
    }
  }

  /** The directories watched. */
  List<Path> directories() {
    return List.copyOf(feeds.keySet());
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("Closing the feed file watch failed", e);
    }
    thread.interrupt();
  }
}
