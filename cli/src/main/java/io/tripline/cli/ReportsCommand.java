package io.tripline.cli;

import io.tripline.report.outbox.Outbox;
import io.tripline.report.outbox.OutboxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tripline reports --store FILE.db list|show|retry}: the report outbox's SQLite store, for
 * the people on call for report delivery: what is pending, what was delivered with which receipt,
 * which dead letters wait for a human, and reviving one once its cause is fixed.
 *
 * <p>The store is opened as an enqueue-only {@link Outbox} (no sink), so this command never
 * delivers anything and never takes the dispatch lock: it may run beside the application that
 * dispatches from the same file. A revived dead letter is delivered by that application.
 */
@Command(
    name = "reports",
    description = {
      "Shows the report outbox (its SQLite store) and revives dead letters.",
      "Reads and writes the store only: it never delivers; the application dispatching from the "
          + "store delivers what is pending, a revived dead letter too. Payloads are summarised, "
          + "never printed."
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {
      ReportsListCommand.class,
      ReportsShowCommand.class,
      ReportsRetryCommand.class,
    })
final class ReportsCommand implements Callable<Integer> {

  /** The first 16 bytes of every SQLite 3 database file. */
  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  @Spec
  private CommandSpec spec;

  @Option(names = "--store", required = true, paramLabel = "FILE.db",
      description = "The outbox's SQLite database file (Outbox.builder().sqlite(FILE)); never created.")
  private Path store;

  /** No subcommand given: a usage error, as for {@code tripline} alone. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required command (list, show or retry)");
  }

  /**
   * Opens the store without a sink: reads and writes, never dispatches. A missing file is a usage
   * error ({@code sub}'s usage follows), and so is anything but an outbox's SQLite database, which
   * is refused before the outbox would create its tables in it.
   */
  Outbox open(CommandLine sub) {
    if (!Files.exists(store)) {
      throw new ParameterException(sub, "no such file: " + store + " (--store names an existing outbox database)");
    }
    if (!Files.isRegularFile(store)) {
      throw new ParameterException(sub, "not a file: " + store);
    }
    requireOutboxDatabase(sub);
    quietScheduler();
    try {
      return Outbox.builder().sqlite(store).build();
    } catch (OutboxException e) {
      throw new IllegalStateException("cannot open " + store + ": " + e.getMessage(), e);
    }
  }

  /**
   * db-scheduler's client logs how it recognised the database at INFO, twice per run, on standard
   * error: noise for an analyst. Its warnings still show; a level set by the user is kept. Works
   * because its loggers are made (and read their level) when its classes load, in {@link #open}.
   */
  private static void quietScheduler() {
    String property = "org.slf4j.simpleLogger.log.com.github.kagkarlsson";
    if (System.getProperty(property) == null) {
      System.setProperty(property, "warn");
    }
  }

  /** Checks, read-only, that the file is a SQLite database holding the outbox's tables. */
  private void requireOutboxDatabase(CommandLine sub) {
    byte[] header;
    try (InputStream in = Files.newInputStream(store)) {
      header = in.readNBytes(SQLITE_HEADER.length);
    } catch (NoSuchFileException e) {
      throw new ParameterException(sub, "no such file: " + store);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + store + ": " + e.getMessage(), e);
    }
    if (!Arrays.equals(header, SQLITE_HEADER)) {
      throw new ParameterException(sub, "not an outbox store: " + store + " is not a SQLite database");
    }
    Properties readOnly = new Properties();
    readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: this check writes nothing
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.toAbsolutePath(), readOnly);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select count(*) from sqlite_master where type = 'table' and name in"
                + " ('tripline_outbox', 'tripline_outbox_attempt', 'tripline_schema_version')")) {
      if (!rs.next() || rs.getInt(1) != 3) {
        throw new ParameterException(sub, "not an outbox store: " + store + " has no outbox tables");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + store + ": " + e.getMessage(), e);
    }
  }

  /** An instant as ISO-8601 UTC, or {@code -}. */
  static String time(@Nullable Instant instant) {
    return instant == null ? "-" : instant.toString();
  }

  /**
   * Text from the store or a receiver on one line: control characters (line breaks included)
   * become spaces, and at most {@code max} characters are kept, {@code ...} marking a cut.
   */
  static String oneLine(String text, int max) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), max + 3));
    for (int i = 0; i < text.length() && b.length() < max; i++) {
      char ch = text.charAt(i);
      b.append(Character.isISOControl(ch) ? ' ' : ch);
    }
    String line = b.toString().strip();
    return text.length() > max ? line + "..." : line;
  }
}
