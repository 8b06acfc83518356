package io.tripline.text;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds crypto wallet addresses whose checksum holds; a string that looks like an address but
 * fails its checksum is not one. Each candidate is a whole run of ASCII letters and digits.
 *
 * <table>
 *   <caption>Chains (value prefix: forms)</caption>
 *   <tr><td>btc</td><td>Base58Check version 0x00 (1...) and 0x05 (3...); Bech32 v0 and
 *       Bech32m v1+ segwit with hrp bc (BIP-173, BIP-350)</td></tr>
 *   <tr><td>btc-testnet</td><td>Base58Check 0x6f (m/n...) and 0xc4 (2...); segwit hrp tb</td></tr>
 *   <tr><td>ltc</td><td>Base58Check 0x30 (L...) and 0x32 (M...); segwit hrp ltc</td></tr>
 *   <tr><td>doge</td><td>Base58Check 0x1e (D...) and 0x16 (9/A...)</td></tr>
 *   <tr><td>dash</td><td>Base58Check 0x4c (X...) and 0x10 (7...)</td></tr>
 *   <tr><td>zec</td><td>Zcash transparent, Base58Check 0x1cb8 (t1...) and 0x1cbd (t3...)</td></tr>
 *   <tr><td>trx</td><td>Tron, Base58Check 0x41 (T...)</td></tr>
 *   <tr><td>eth</td><td>0x and 40 hex digits; mixed case must pass EIP-55, one case is taken as
 *       unchecksummed. Every EVM chain (BSC, Polygon, ...) writes addresses this way.</td></tr>
 * </table>
 *
 * <p>Values: Base58 addresses as written (case is the address); Bech32 lower case; Ethereum
 * {@code 0x} and lower-case hex. Bitcoin Cash legacy addresses are Bitcoin's and read as btc;
 * cashaddr, Monero and Solana are not read (Solana has no checksum, Monero's needs the full
 * Keccak base58 variant).
 */
final class WalletFinder {

  private WalletFinder() {}

  /** Calls {@code sink} for each wallet in {@code t}, in text order. */
  static void find(ContactText t, ContactScanner.Sink sink) {
    char[] v = t.chars;
    int i = 0;
    while (i < t.length) {
      if (!ContactHost.isAsciiAlnum(v[i])) {
        i++;
        continue;
      }
      int end = i;
      while (end < t.length && ContactHost.isAsciiAlnum(v[end])) {
        end++;
      }
      // A run glued to '_' or '-' is part of an identifier, not an address.
      boolean glued = isGlue(t.at(i - 1)) || isGlue(t.at(end));
      int length = end - i;
      if (!glued && length >= 14 && length <= 90) {
        String value = read(v, i, end);
        if (value != null && !sink.add(Entity.TYPE_WALLET, value, i, end)) {
          return;
        }
      }
      i = end;
    }
  }

  private static boolean isGlue(char c) {
    return c == '_' || c == '-';
  }

  /** The {@code chain:address} value of {@code v[from, to)}, or null if it is no wallet. */
  static @Nullable String read(char[] v, int from, int to) {
    int length = to - from;
    if (length == 42 && v[from] == '0' && (v[from + 1] == 'x' || v[from + 1] == 'X')) {
      return ethereum(v, from + 2, to);
    }
    String bech = bech32(v, from, to);
    if (bech != null) {
      return bech;
    }
    // Leading chars of the version bytes below: skip decoding anything else.
    if (length >= 25 && length <= 36 && "13mn2LMD9AX7Tt".indexOf(v[from]) >= 0) {
      return base58(v, from, to);
    }
    return null;
  }

  private static @Nullable String bech32(char[] v, int from, int to) {
    String s = new String(v, from, to - from);
    String lower = s.toLowerCase(Locale.ROOT);
    String hrp;
    String chain;
    if (lower.startsWith("bc1")) {
      hrp = "bc";
      chain = "btc";
    } else if (lower.startsWith("tb1")) {
      hrp = "tb";
      chain = "btc-testnet";
    } else if (lower.startsWith("ltc1")) {
      hrp = "ltc";
      chain = "ltc";
    } else {
      return null;
    }
    return Bech32.decodeSegwit(hrp, s) == null ? null : chain + ":" + lower;
  }

  private static @Nullable String base58(char[] v, int from, int to) {
    byte[] payload = Base58.decodeChecked(v, from, to);
    if (payload == null) {
      return null;
    }
    String chain = null;
    if (payload.length == 21) {
      chain = switch (payload[0] & 0xFF) {
        case 0x00, 0x05 -> "btc";
        case 0x6f, 0xc4 -> "btc-testnet";
        case 0x30, 0x32 -> "ltc";
        case 0x1e, 0x16 -> "doge";
        case 0x4c, 0x10 -> "dash";
        case 0x41 -> "trx";
        default -> null;
      };
    } else if (payload.length == 22 && (payload[0] & 0xFF) == 0x1c
        && ((payload[1] & 0xFF) == 0xb8 || (payload[1] & 0xFF) == 0xbd)) {
      chain = "zec";
    }
    return chain == null ? null : chain + ":" + new String(v, from, to - from);
  }

  /** {@code v[from, to)} is the 40 chars after {@code 0x}. */
  private static @Nullable String ethereum(char[] v, int from, int to) {
    boolean lower = false;
    boolean upper = false;
    char[] hex = new char[40];
    for (int i = from; i < to; i++) {
      char c = v[i];
      if (c >= 'a' && c <= 'f') {
        lower = true;
      } else if (c >= 'A' && c <= 'F') {
        upper = true;
        c = (char) (c + ('a' - 'A'));
      } else if (c < '0' || c > '9') {
        return null;
      }
      hex[i - from] = c;
    }
    String address = new String(hex);
    if (lower && upper && !eip55Holds(v, from, address)) {
      return null;
    }
    return "eth:0x" + address;
  }

  /**
   * EIP-55: the letter at position i is upper case exactly when nibble i of the Keccak-256 of
   * the lower-case hex (as ASCII) is 8 or more.
   */
  static boolean eip55Holds(char[] v, int from, String lowerHex) {
    byte[] hash = Keccak.keccak256(lowerHex.getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 40; i++) {
      char c = v[from + i];
      if (c >= '0' && c <= '9') {
        continue;
      }
      int nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0xF;
      boolean upper = c >= 'A' && c <= 'F';
      if (upper != (nibble >= 8)) {
        return false;
      }
    }
    return true;
  }
}
