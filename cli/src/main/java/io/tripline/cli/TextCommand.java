package io.tripline.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.Indicator;
import io.tripline.Span;
import io.tripline.feed.NdjsonFeed;
import io.tripline.index.IndicatorIndex;
import io.tripline.text.Entity;
import io.tripline.text.EntityHasher;
import io.tripline.text.MinHashSignature;
import io.tripline.text.TextAnalyzer;
import io.tripline.text.TextNormalizer;
import io.tripline.text.TextViews;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tripline text [--region XX] [--feed FILE] < text}: runs the SDK's text pipeline on one
 * text and prints what it saw, so an analyst can see why a text matched, or did not: the
 * normalised views, the contact entities with their hashes, the feed's terms and entities found,
 * and the near-duplicate signature.
 */
@Command(
    name = "text",
    description = {
      "Analyses UTF-8 text from standard input as Tripline does. Prints one JSON object:",
      "normalisation (the spec version), views (canonical, confusables, squeezed, digits),",
      "entities (type, value, span, text, sha256), terms and entityMatches (indicators of --feed",
      "found in the text) and template (the MinHash signature, null for short texts). Spans are",
      "UTF-16 char indices [start, end) into the input. Exit 0 when analysed, 1 when the input is",
      "not UTF-8 or too long, or the feed file is malformed."
    })
final class TextCommand implements Callable<Integer> {

  /** As {@code Tripline.Builder.maxTextChars}'s default, so what the CLI reads the SDK would too. */
  static final int DEFAULT_MAX_CHARS = 1_000_000;

  // ASCII only: the output stays intact whatever the terminal's charset (a C locale would print
  // look-alike letters as '?'), and an escaped look-alike shows plainly that it is not the Latin letter.
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @Spec
  private CommandSpec spec;

  @Option(names = "--region", paramLabel = "XX", defaultValue = "US",
      description = "Region of phone numbers written without a country code, ISO 3166 alpha-2 (default: ${DEFAULT-VALUE}).")
  private String region;

  @Option(names = "--feed", paramLabel = "FILE",
      description = "NDJSON feed file whose term and entity indicators are looked for in the text.")
  private @Nullable Path feed;

  @Option(names = "--max-chars", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_CHARS,
      description = "Longest text read, in UTF-16 chars (default: ${DEFAULT-VALUE}, the SDK's).")
  private int maxChars;

  @Override
  public Integer call() throws IOException {
    if (maxChars <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-chars must be positive");
    }
    TextAnalyzer analyzer;
    try {
      analyzer = TextAnalyzer.forRegion(region);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--region: " + e.getMessage());
    }
    IndicatorIndex index = IndicatorIndex.empty();
    if (feed != null) {
      if (!Files.isRegularFile(feed)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + feed);
      }
      // A malformed line throws InvalidConfigurationException naming the file and line: exit 1.
      index = IndicatorIndex.builder().addAll(NdjsonFeed.read(feed)).build();
    }

    String text = read(System.in, maxChars);
    TextAnalyzer.Analysis analysis = analyzer.analyze(text);
    EntityHasher hasher = EntityHasher.sha256();

    ObjectNode result = JSON.createObjectNode();
    result.put("normalisation", TextNormalizer.VERSION);
    TextViews views = analysis.views();
    ObjectNode viewsNode = result.putObject("views");
    viewsNode.put("canonical", views.canonical().view());
    viewsNode.put("confusables", views.confusables().view());
    viewsNode.put("squeezed", views.squeezed().view());
    viewsNode.put("digits", views.digits().view());

    List<Entity> entities = analysis.entities();
    ArrayNode entitiesNode = result.putArray("entities");
    for (Entity entity : entities) {
      ObjectNode node = entitiesNode.addObject();
      node.put("type", entity.type());
      node.put("value", entity.value());
      putSpan(node, entity.span(), text);
      // Shaped as a feed's "signal", so it can be pasted into one.
      node.putObject("sha256").put("type", hasher.signalType(entity)).put("value", hasher.hash(entity));
    }

    ArrayNode termsNode = result.putArray("terms");
    for (IndicatorIndex.TermHit hit : index.findTerms(views)) {
      putSpan(putIndicator(termsNode.addObject(), hit.indicator()), hit.span(), text);
    }

    ArrayNode matchesNode = result.putArray("entityMatches");
    for (int i = 0; i < entities.size(); i++) {
      Entity entity = entities.get(i);
      addMatches(matchesNode, index.exact(entity.type(), entity.value()), i, entity, text);
      addMatches(matchesNode, index.exact(hasher.signalType(entity), hasher.hash(entity)), i, entity, text);
    }

    result.put("template", analysis.signature().map(MinHashSignature::toHex).orElse(null));

    PrintWriter out = spec.commandLine().getOut();
    out.println(JSON.writeValueAsString(result));
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  private static void addMatches(ArrayNode matches, List<Indicator> found, int entityIndex, Entity entity, String text) {
    for (Indicator indicator : found) {
      ObjectNode node = putIndicator(matches.addObject(), indicator);
      node.put("signalType", indicator.signalType());
      node.put("entity", entityIndex);
      putSpan(node, entity.span(), text);
    }
  }

  private static ObjectNode putIndicator(ObjectNode node, Indicator indicator) {
    node.put("indicator", indicator.id());
    node.put("feed", indicator.feed());
    ArrayNode labels = node.putArray("labels");
    indicator.labels().forEach(labels::add);
    return node;
  }

  private static void putSpan(ObjectNode node, Span span, String text) {
    node.putObject("span").put("start", span.start()).put("end", span.end());
    node.put("text", span.of(text));
  }

  /**
   * Reads all of {@code in} as strict UTF-8, at most {@code maxChars} UTF-16 chars.
   *
   * @throws IllegalArgumentException if the input is longer, or is not UTF-8 (naming the byte offset)
   */
  static String read(InputStream in, int maxChars) throws IOException {
    // A UTF-16 char takes at most 3 UTF-8 bytes, so more bytes than this are certainly too many chars;
    // reading no further bounds the memory a huge input can take.
    long maxBytes = 3L * maxChars;
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw tooLong(maxChars);
    }
    String text = StrictUtf8.decode(bytes, "standard input");
    if (text.length() > maxChars) {
      throw tooLong(maxChars);
    }
    return text;
  }

  private static IllegalArgumentException tooLong(int maxChars) {
    return new IllegalArgumentException("standard input has more than " + maxChars + " characters (--max-chars)");
  }
}
