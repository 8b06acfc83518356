package io.tripline.text;

/**
 * Keccak-256 as Ethereum uses it: the Keccak[c=512] sponge over Keccak-f[1600] with the original
 * Keccak padding (first pad byte {@code 0x01}), not the {@code 0x06} of FIPS 202 SHA3-256. The
 * permutation follows FIPS 202 section 3; its round constants and rotation offsets are derived
 * from the specification's definitions at class load rather than typed in. Stateless and
 * thread-safe.
 */
final class Keccak {

  private static final int ROUNDS = 24;
  private static final long[] ROUND_CONSTANTS = new long[ROUNDS];
  /** Rotation offset of lane {@code x + 5y} (FIPS 202 algorithm 2, rho). */
  private static final int[] RHO = new int[25];
  /** Where pi moves lane {@code x + 5y}: to {@code y + 5((2x + 3y) mod 5)}. */
  private static final int[] PI = new int[25];

  /** Rate in bytes of Keccak-256 and SHA3-256: (1600 - 2 * 256) / 8. */
  static final int RATE_256 = 136;
  /** First pad byte of original Keccak (as Ethereum uses). */
  static final byte PAD_KECCAK = 0x01;
  /** First pad byte of FIPS 202 SHA-3 (domain bits 01, then the pad's first 1). */
  static final byte PAD_SHA3 = 0x06;

  static {
    // FIPS 202 algorithm 5: rc(t) from an 8-bit LFSR; RC[2^j - 1] = rc(j + 7 * round).
    for (int round = 0; round < ROUNDS; round++) {
      long rc = 0;
      for (int j = 0; j <= 6; j++) {
        if (lfsrBit(j + 7 * round)) {
          rc |= 1L << ((1 << j) - 1);
        }
      }
      ROUND_CONSTANTS[round] = rc;
    }
    // Algorithm 2: walk (x, y) from (1, 0); offset (t + 1)(t + 2) / 2 mod 64.
    int x = 1;
    int y = 0;
    for (int t = 0; t < 24; t++) {
      RHO[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
      int nextY = (2 * x + 3 * y) % 5;
      x = y;
      y = nextY;
    }
    for (int lx = 0; lx < 5; lx++) {
      for (int ly = 0; ly < 5; ly++) {
        PI[lx + 5 * ly] = ly + 5 * ((2 * lx + 3 * ly) % 5);
      }
    }
  }

  private Keccak() {}

  private static boolean lfsrBit(int t) {
    if (t % 255 == 0) {
      return true;
    }
    int r = 0x01; // bit i of r is R[i]; R = 10000000 means R[0] = 1
    for (int i = 1; i <= t % 255; i++) {
      r <<= 1; // R = 0 || R
      int r8 = (r >> 8) & 1;
      r ^= r8; // R[0]
      r ^= r8 << 4;
      r ^= r8 << 5;
      r ^= r8 << 6;
      r &= 0xFF; // Trunc8
    }
    return (r & 1) != 0;
  }

  /** Keccak-256 of {@code input}, 32 bytes. */
  static byte[] keccak256(byte[] input) {
    return sponge(input, RATE_256, PAD_KECCAK, 32);
  }

  /**
   * The sponge with a given rate, first pad byte and output length (at most the rate). Exposed
   * so tests can check the permutation against the JDK's SHA3-256.
   */
  static byte[] sponge(byte[] input, int rate, byte pad, int outLength) {
    long[] state = new long[25];
    int offset = 0;
    while (input.length - offset >= rate) {
      absorb(state, input, offset, rate);
      permute(state);
      offset += rate;
    }
    byte[] last = new byte[rate];
    int tail = input.length - offset;
    System.arraycopy(input, offset, last, 0, tail);
    last[tail] ^= pad;
    last[rate - 1] ^= (byte) 0x80;
    absorb(state, last, 0, rate);
    permute(state);
    byte[] out = new byte[outLength];
    for (int i = 0; i < outLength; i++) {
      out[i] = (byte) (state[i >>> 3] >>> (8 * (i & 7)));
    }
    return out;
  }

  private static void absorb(long[] state, byte[] block, int offset, int rate) {
    for (int i = 0; i < rate; i++) {
      state[i >>> 3] ^= (block[offset + i] & 0xFFL) << (8 * (i & 7));
    }
  }

  /** Keccak-f[1600]: theta, rho, pi, chi, iota, 24 rounds; lane {@code x + 5y}. */
  static void permute(long[] a) {
    long[] c = new long[5];
    long[] b = new long[25];
    for (int round = 0; round < ROUNDS; round++) {
      for (int x = 0; x < 5; x++) {
        c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
      }
      for (int x = 0; x < 5; x++) {
        long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
        for (int y = 0; y < 25; y += 5) {
          a[x + y] ^= d;
        }
      }
      for (int i = 0; i < 25; i++) {
        b[PI[i]] = Long.rotateLeft(a[i], RHO[i]);
      }
      for (int y = 0; y < 25; y += 5) {
        for (int x = 0; x < 5; x++) {
          a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
        }
      }
      a[0] ^= ROUND_CONSTANTS[round];
    }
  }
}
