package io.tripline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.Tripline;
import io.tripline.image.FileDigests;
import io.tripline.image.ImageDecoder;
import io.tripline.image.PdqHasher;
import io.tripline.spi.Dihedral;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tripline hash FILE...}: one JSON object per file and line, with the digests of the bytes
 * and every perceptual hash Tripline computes, so a team can hash a batch the way the SDK does.
 */
@Command(
    name = "hash",
    description = {
      "Hashes files as Tripline does: MD5 and SHA-256 of the bytes, PDQ with its quality, and every",
      "other image hash on the class path. Prints one JSON object per file and line; a file that",
      "cannot be hashed gets an \"error\" field. Exit 0 when every file hashed, 1 otherwise."
    })
final class HashCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to hash.")
  private List<Path> files;

  @Option(names = "--dihedral", description = "Also print the hashes of the 8 rotations and flips, where a hasher derives them.")
  private boolean dihedral;

  @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "67108864",
      description = "Largest file read, in bytes (default: ${DEFAULT-VALUE}).")
  private long maxBytes;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + ImageDecoder.DEFAULT_MAX_PIXELS,
      description = "Largest image decoded, in pixels (default: ${DEFAULT-VALUE}).")
  private long maxPixels;

  @Override
  public Integer call() throws IOException {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-bytes and --max-pixels must be positive");
    }
    List<ImageHasher> hashers = Tripline.builder().build().imageHashers();
    ImageDecoder decoder = new ImageDecoder(maxPixels);
    PrintWriter out = spec.commandLine().getOut();
    boolean allHashed = true;
    for (Path file : files) {
      ObjectNode line = hash(file, hashers, decoder);
      allHashed &= !line.has("error");
      out.println(JSON.writeValueAsString(line));
    }
    out.flush();
    return allHashed ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private ObjectNode hash(Path file, List<ImageHasher> hashers, ImageDecoder decoder) {
    ObjectNode line = JSON.createObjectNode();
    line.put("file", file.toString());
    byte[] bytes;
    try {
      bytes = read(file);
    } catch (NoSuchFileException e) {
      return line.put("error", "no such file");
    } catch (IOException e) {
      return line.put("error", "cannot read: " + e.getMessage());
    }
    FileDigests digests = FileDigests.of(bytes);
    line.put("md5", digests.md5());
    line.put("sha256", digests.sha256());
    ImageDecoder.Result result = decoder.decode(bytes);
    if (result instanceof ImageDecoder.Undecodable undecodable) {
      return line.put("error", undecodable.reason());
    }
    ImageDecoder.Decoded decoded = (ImageDecoder.Decoded) result;
    line.put("format", decoded.format());
    line.put("width", decoded.image().getWidth());
    line.put("height", decoded.image().getHeight());
    ObjectNode variantsNode = JSON.createObjectNode();
    for (ImageHasher hasher : hashers) {
      Map<Dihedral, ImageHash> variants;
      try {
        variants = dihedral ? hasher.hashWithVariants(decoded.image())
            : Map.of(Dihedral.ORIGINAL, hasher.hash(decoded.image()));
      } catch (RuntimeException e) {
        line.put("error", hasher.signalType() + " failed: " + e.getMessage());
        continue;
      }
      ImageHash original = variants.get(Dihedral.ORIGINAL);
      line.put(hasher.signalType(), original.toHex());
      if (PdqHasher.SIGNAL_TYPE.equals(hasher.signalType())) {
        line.put("quality", original.quality());
      }
      if (dihedral && variants.size() > 1) {
        ObjectNode byVariant = variantsNode.putObject(hasher.signalType());
        variants.forEach((variant, hash) -> byVariant.put(camelCase(variant), hash.toHex()));
      }
    }
    if (!variantsNode.isEmpty()) {
      line.set("dihedral", variantsNode);
    }
    return line;
  }

  private byte[] read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
      if (bytes.length == maxBytes && in.read() != -1) {
        throw new IOException("larger than --max-bytes " + maxBytes);
      }
      return bytes;
    }
  }

  /** ROTATE_90 -> rotate90, FLIP_PLUS_1 -> flipPlus1. */
  static String camelCase(Dihedral variant) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : variant.name().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
