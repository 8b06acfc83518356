package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.spi.ImageHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PDQ's bit layout, hex form and distance against upstream's Java hash tool output on
 * {@code hash-format/short256.dat}: popcounts, per-16-bit-word popcounts, the pairwise distance
 * matrix, the 16x16 bit matrix and the 16 words.
 */
class PdqHashFormatTest {

  private static List<String> hexes;
  private static List<ImageHash> hashes;
  private static List<String> tool;

  @BeforeAll
  static void load() {
    hexes = lines("hash-format/short256.dat");
    hashes = new ArrayList<>();
    for (String hex : hexes) {
      hashes.add(PdqHasher.parse(hex));
    }
    tool = lines("hash-format/java-regtest-expected-256bit-tool-section.txt");
    assertThat(hexes).hasSize(6);
  }

  private static List<String> lines(String path) {
    List<String> lines = new ArrayList<>(List.of(new String(PdqVectors.bytes(path), StandardCharsets.UTF_8).split("\r?\n")));
    lines.removeIf(String::isBlank);
    return lines;
  }

  /** The non-blank lines after the first "hashtool256 NAME" line, up to the next RUNNING. */
  private static List<String> section(String name) {
    int start = tool.indexOf("hashtool256 " + name);
    assertThat(start).as("section " + name).isNotNegative();
    List<String> section = new ArrayList<>();
    for (int i = start + 1; i < tool.size() && !tool.get(i).startsWith("RUNNING"); i++) {
      section.add(tool.get(i).trim());
    }
    return section;
  }

  /** PDQ's 16-bit word k (row k of the DCT; word 15 prints first). */
  private static int word(ImageHash hash, int k) {
    return (int) (hash.words()[3 - k / 4] >>> (16 * (k % 4))) & 0xFFFF;
  }

  /** Bit b = 16k + l of the hash: row k, column l of the thresholded DCT. */
  private static int bit(ImageHash hash, int b) {
    return (int) (hash.words()[3 - b / 64] >>> (b % 64)) & 1;
  }

  @Test
  void popcountsAreTheNorms() {
    ImageHash zero = PdqHasher.parse("0".repeat(64));
    List<String> norms = section("norms");
    assertThat(norms).hasSize(6);
    for (int i = 0; i < 6; i++) {
      String[] fields = norms.get(i).split("\\s+");
      assertThat(fields[0]).isEqualTo(hexes.get(i));
      assertThat(PdqHasher.distance(hashes.get(i), zero)).isEqualTo(Integer.parseInt(fields[1]));
    }
  }

  @Test
  void perWordPopcountsAreTheSlotNormsWord0First() {
    List<String> slotNorms = section("slotnorms");
    assertThat(slotNorms).hasSize(6);
    for (int i = 0; i < 6; i++) {
      String[] fields = slotNorms.get(i).split("\\s+");
      int[] expected = Arrays.stream(fields, 1, 17).mapToInt(Integer::parseInt).toArray();
      int[] actual = new int[16];
      for (int slot = 0; slot < 16; slot++) {
        // Unlike the hex form, the tool lists word 0 (the last four hex digits) first.
        actual[slot] = Integer.bitCount(word(hashes.get(i), slot));
      }
      assertThat(actual).as(hexes.get(i)).containsExactly(expected);
    }
  }

  @Test
  void distancesAreTheMatrix() {
    List<String> matrix = section("matrix");
    assertThat(matrix).hasSize(6);
    for (int i = 0; i < 6; i++) {
      String[] fields = matrix.get(i).split("\\s+");
      for (int j = 0; j < 6; j++) {
        assertThat(PdqHasher.distance(hashes.get(i), hashes.get(j))).as("d(%d, %d)", i, j)
            .isEqualTo(Integer.parseInt(fields[j]));
      }
    }
  }

  @Test
  void bitsAreTheMatrixRowKColumnL() {
    // The tool prints row k = 15 first and, in a row, column l = 15 first.
    List<String> bits = section("bits");
    assertThat(bits).hasSize(6 * 16);
    for (int i = 0; i < 6; i++) {
      for (int printedRow = 0; printedRow < 16; printedRow++) {
        String[] fields = bits.get(16 * i + printedRow).split("\\s+");
        int k = 15 - printedRow;
        for (int printedColumn = 0; printedColumn < 16; printedColumn++) {
          int l = 15 - printedColumn;
          assertThat(bit(hashes.get(i), 16 * k + l)).as("hash %d bit [%d][%d]", i, k, l)
              .isEqualTo(Integer.parseInt(fields[printedColumn]));
        }
      }
    }
  }

  @Test
  void wordsPrintWord15First() {
    List<String> words = section("words");
    assertThat(words).hasSize(6);
    for (int i = 0; i < 6; i++) {
      String[] fields = words.get(i).split("\\s+");
      for (int slot = 0; slot < 16; slot++) {
        assertThat(String.format("%04x", word(hashes.get(i), 15 - slot))).isEqualTo(fields[slot]);
      }
      assertThat(String.join("", fields)).isEqualTo(hashes.get(i).toHex());
    }
  }

  @Test
  void hexRoundTripsAndUpperCaseParsesTheSame() {
    for (String hex : hexes) {
      ImageHash hash = PdqHasher.parse(hex);
      assertThat(hash.toHex()).isEqualTo(hex);
      assertThat(hash.signalType()).isEqualTo(PdqHasher.SIGNAL_TYPE);
      assertThat(hash.bits()).isEqualTo(256);
      assertThat(PdqHasher.parse(hex.toUpperCase())).isEqualTo(hash);
    }
    assertThat(PdqHasher.parse(hexes.get(0)).quality()).isEqualTo(100);
    assertThat(PdqHasher.parse(hexes.get(0), 42).quality()).isEqualTo(42);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 63, 65, 128})
  void otherLengthsAreRejectedSayingSo(int length) {
    String hex = "a".repeat(length);
    assertThatThrownBy(() -> PdqHasher.parse(hex)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PDQ hash").hasMessageContaining("64 hex digits").hasMessageContaining("" + length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"g", " ", "-", "x", "\u0660", "\uff41", "\u00e9"})
  void otherCharactersAreRejectedWithTheirPosition(String bad) {
    String hex = "0".repeat(40) + bad + "0".repeat(23);
    assertThatThrownBy(() -> PdqHasher.parse(hex)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PDQ hash").hasMessageContaining("at 40");
  }

  @Test
  void parseRejectsNullAndBadQuality() {
    assertThatThrownBy(() -> PdqHasher.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PdqHasher.parse(hexes.get(0), 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void distanceIsSymmetricAndSpansZeroTo256() {
    ImageHash zero = PdqHasher.parse("0".repeat(64));
    ImageHash ones = PdqHasher.parse("f".repeat(64));
    assertThat(PdqHasher.distance(zero, ones)).isEqualTo(256);
    assertThat(PdqHasher.distance(ones, ones)).isZero();
    assertThat(PdqHasher.distance(hashes.get(0), hashes.get(2)))
        .isEqualTo(PdqHasher.distance(hashes.get(2), hashes.get(0)));
  }

  @Test
  void distanceRefusesHashesThatAreNotPdq() {
    ImageHash phash = new ImageHash("phash64", new long[1], 64, 100);
    ImageHash other256 = new ImageHash("other", new long[4], 256, 100);
    assertThatThrownBy(() -> PdqHasher.distance(hashes.get(0), phash))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PDQ hash");
    assertThatThrownBy(() -> PdqHasher.distance(other256, hashes.get(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PDQ hash");
    assertThatThrownBy(() -> PdqHasher.distance(null, hashes.get(0))).isInstanceOf(NullPointerException.class);
  }
}
