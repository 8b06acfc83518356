package io.tripline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.Indicator;
import io.tripline.Severity;
import io.tripline.Tripline;
import io.tripline.index.IndicatorIndex;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tripline match --against HASHES [--radius R] [--type T] [QUERIES]}: checks a batch of
 * hashes against a hash list, the way a trust-and-safety team checks an export against a shared
 * list. One JSON line per match.
 */
@Command(
    name = "match",
    description = {
      "Matches hashes against a hash list. Both are text files with one hex hash per line,",
      "optionally followed by ',label'; blank lines and lines starting with # are skipped.",
      "Queries come from QUERIES or standard input. Prints one JSON object per match:",
      "query, match, distance, label. Exit 0 when the files were read, 1 when one is malformed."
    })
final class MatchCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXACT = "exact";

  @Spec
  private CommandSpec spec;

  @Option(names = "--against", required = true, paramLabel = "HASHES", description = "The hash list to match against.")
  private Path against;

  @Option(names = "--type", paramLabel = "TYPE", defaultValue = "pdq",
      description = "Signal type of both lists: pdq (default), phash64, dhash72, whash64, md5, sha256.")
  private String type;

  @Option(names = "--radius", paramLabel = "R",
      description = "Largest Hamming distance that matches (default: the type's own, 31 for pdq).")
  private @Nullable Integer radius;

  @Parameters(paramLabel = "QUERIES", arity = "0..1", description = "File of hashes to check; standard input if absent.")
  private @Nullable Path queries;

  /** A hash list entry: where it was, the normalised hex, and its label if any. */
  record Entry(int line, String hex, @Nullable String label) {}

  @Override
  public Integer call() throws IOException {
    String signalType = type.toLowerCase(Locale.ROOT);
    Map<String, ImageHasher> hashers = Tripline.builder().build().imageHashers().stream()
        .collect(Collectors.toMap(ImageHasher::signalType, Function.identity()));
    ImageHasher hasher = hashers.get(signalType);
    int bits;
    if (hasher != null) {
      bits = hasher.bits();
    } else if (signalType.equals("md5") || signalType.equals("sha256")) {
      bits = signalType.equals("md5") ? 128 : 256;
    } else {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown --type '" + type + "' (expected one of "
          + hashers.keySet().stream().sorted().toList() + ", md5, sha256)");
    }
    int r = radius != null ? radius : hasher != null ? hasher.defaultRadius() : 0;
    if (r < 0 || r > bits) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--radius must be 0.." + bits);
    }

    List<Entry> list = read(against.toString(), open(against), bits);
    List<Entry> batch = queries == null
        ? read("standard input", new BufferedReader(new InputStreamReader(System.in, decoder())), bits)
        : read(queries.toString(), open(queries), bits);

    IndicatorIndex.Builder builder = IndicatorIndex.builder();
    boolean hamming = hasher != null;
    if (hamming) {
      builder.hammingType(signalType, bits);
    }
    for (Entry entry : list) {
      builder.add(new Indicator("line-" + entry.line(), against.getFileName().toString(), signalType, entry.hex(),
          entry.label() == null ? List.of() : List.of(entry.label()), Severity.MEDIUM, null, null));
    }
    IndicatorIndex index = builder.build();

    PrintWriter out = spec.commandLine().getOut();
    for (Entry query : batch) {
      List<IndicatorIndex.NearHit> hits = new ArrayList<>();
      if (hamming) {
        hits.addAll(index.near(new ImageHash(signalType, ImageHash.parseHex(query.hex(), bits), bits, 100), r));
      } else {
        index.exact(signalType, query.hex()).forEach(i -> hits.add(new IndicatorIndex.NearHit(i, 0)));
      }
      hits.sort(Comparator.comparingInt(IndicatorIndex.NearHit::distance)
          .thenComparing(h -> h.indicator().id().length()).thenComparing(h -> h.indicator().id()));
      for (IndicatorIndex.NearHit hit : hits) {
        ObjectNode line = JSON.createObjectNode();
        line.put("query", query.hex());
        line.put("match", hit.indicator().value());
        line.put("distance", hit.distance());
        List<String> labels = hit.indicator().labels();
        if (labels.isEmpty()) {
          line.putNull("label");
        } else {
          line.put("label", labels.get(0));
        }
        out.println(JSON.writeValueAsString(line));
      }
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  private BufferedReader open(Path file) throws IOException {
    try {
      return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder()));
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
    }
  }

  private static java.nio.charset.CharsetDecoder decoder() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /**
   * Reads a hash list, refusing it whole at its first malformed line.
   *
   * @throws IllegalArgumentException naming the source and line
   */
  static List<Entry> read(String source, BufferedReader reader, int bits) throws IOException {
    List<Entry> entries = new ArrayList<>();
    int lineNo = 0;
    try (reader) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        int comma = trimmed.indexOf(',');
        String hex = (comma < 0 ? trimmed : trimmed.substring(0, comma)).strip().toLowerCase(Locale.ROOT);
        String label = comma < 0 ? null : trimmed.substring(comma + 1).strip();
        try {
          ImageHash.parseHex(hex, bits);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(source + ", line " + lineNo + ": not a " + bits + "-bit hex hash ("
              + e.getMessage() + ")");
        }
        entries.add(new Entry(lineNo, hex, label == null || label.isEmpty() ? null : label));
      }
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(source + ", line " + (lineNo + 1) + ": not valid UTF-8");
    }
    return entries;
  }
}
