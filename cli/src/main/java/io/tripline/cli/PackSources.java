package io.tripline.cli;

import io.tripline.InvalidConfigurationException;
import io.tripline.rules.Policy;
import io.tripline.rules.RulePack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The rule packs named on the command line of {@code rules check} and {@code rules explain}, and
 * how they are loaded and combined. An argument is, unambiguously:
 *
 * <ul>
 *   <li>{@code classpath:NAME}: the pack Tripline ships as {@code NAME} ({@code default},
 *       {@code us}, ...), never a file;
 *   <li>an existing file: that pack; an existing directory: its {@code *.yaml} and {@code *.yml}
 *       files (not its subdirectories), sorted by file name;
 *   <li>a bare pack name that is not an existing path, such as {@code default}: the shipped pack.
 * </ul>
 *
 * A bare name that is both an existing path and a shipped pack is refused: write {@code ./NAME}
 * for the file or {@code classpath:NAME} for the shipped pack.
 */
final class PackSources {
  private PackSources() {}

  static final String CLASSPATH = "classpath:";

  /** Largest pack file read: a pack is a few kilobytes of YAML; megabytes mean a wrong file. */
  static final long MAX_PACK_BYTES = 1024 * 1024;

  /** As the format's pack names: lower-case letters, digits and dashes. */
  private static final String PACK_NAME = "[a-z0-9][a-z0-9-]*";

  /** One pack to load. */
  sealed interface Source permits FromFile, Shipped {
    /** How the command line can name it again. */
    String shown();
  }

  record FromFile(Path path) implements Source {
    @Override
    public String shown() {
      return path.toString();
    }
  }

  record Shipped(String name) implements Source {
    @Override
    public String shown() {
      return CLASSPATH + name;
    }
  }

  /**
   * The packs the arguments name, in order.
   *
   * @throws ParameterException (a usage error) if an argument names no file and no shipped pack,
   *     is ambiguous, or is a directory without packs
   */
  static List<Source> resolve(CommandLine cmd, List<String> args) {
    List<Source> sources = new ArrayList<>();
    for (String arg : args) {
      sources.addAll(resolve(cmd, arg));
    }
    return sources;
  }

  private static List<Source> resolve(CommandLine cmd, String arg) {
    if (arg.startsWith(CLASSPATH)) {
      String name = arg.substring(CLASSPATH.length());
      if (!name.matches(PACK_NAME) || !isShipped(name)) {
        throw new ParameterException(cmd, "no shipped rule pack '" + name + "' (" + arg + ")");
      }
      return List.of(new Shipped(name));
    }
    Path path;
    try {
      path = Path.of(arg);
    } catch (InvalidPathException e) {
      throw new ParameterException(cmd, "not a path: " + arg);
    }
    boolean bareName = arg.matches(PACK_NAME);
    if (!Files.exists(path)) {
      if (bareName && isShipped(arg)) {
        return List.of(new Shipped(arg));
      }
      throw new ParameterException(cmd, "no such file" + (bareName ? " or shipped rule pack" : "") + ": " + arg);
    }
    if (bareName && isShipped(arg)) {
      throw new ParameterException(cmd, "'" + arg + "' is both a path and a shipped rule pack: write ./" + arg
          + " for the path or " + CLASSPATH + arg + " for the shipped pack");
    }
    if (!Files.isDirectory(path)) {
      return List.of(new FromFile(path));
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*.{yaml,yml}")) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      throw new ParameterException(cmd, "cannot list directory " + arg + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ParameterException(cmd, "no *.yaml or *.yml file in directory " + arg);
    }
    // By name as a string, so the order is the same on every file system and platform.
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return files.stream().<Source>map(FromFile::new).toList();
  }

  private static boolean isShipped(String name) {
    return RulePack.class.getClassLoader().getResource(RulePack.CLASSPATH_FOLDER + name + ".yaml") != null;
  }

  /**
   * Loads a pack: a file at most {@link #MAX_PACK_BYTES}, strict UTF-8.
   *
   * @throws InvalidConfigurationException if it cannot be read or is invalid; the message names
   *     the file and, where the parser knows it, the line and column
   */
  static RulePack load(Source source) {
    if (source instanceof Shipped shipped) {
      return RulePack.fromClasspath(shipped.name());
    }
    Path path = ((FromFile) source).path();
    String what = "rule pack " + path;
    byte[] yaml;
    try {
      yaml = StrictUtf8.readBounded(path, MAX_PACK_BYTES, what);
      StrictUtf8.decode(yaml, what);
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read " + what + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(e.getMessage(), e);
    }
    // Named as RulePack.load(path) names it, so messages read the same as the SDK's.
    return RulePack.parse(new ByteArrayInputStream(yaml), path.toString());
  }

  /**
   * The packs combined in order, as the SDK would use them together ({@link Policy#of}): no pack
   * name twice, route ids unique among the packs and no cycle of {@code coveredBy}.
   *
   * @throws IllegalArgumentException or {@link InvalidConfigurationException} if they do not combine
   */
  static Policy combine(List<RulePack> packs) {
    return Policy.of(packs);
  }
}
