package io.tripline.text;

import java.util.List;
import java.util.Objects;

/**
 * Finds the contact details in a text that ads use to take a conversation elsewhere: email
 * addresses, URLs and domains, messaging and payment handles, and crypto wallets, including the
 * usual obfuscations. Phone numbers are left to the phone extractor, which should not read
 * digits inside the spans returned here (a wallet's or a {@code wa.me} link's).
 *
 * <p>What is read, and the value reported (see {@link Entity}):
 *
 * <ul>
 *   <li>{@link Entity#TYPE_EMAIL}: {@code name@example.com}, full-width {@code ＠}, {@code name
 *       (at) example (dot) com}, {@code name [at] example [dot] com}, and {@code name at example
 *       dot com} when the domain is obfuscated too or a known mail provider ({@code jen at
 *       gmail.com}) and the name is not a word of prose ("meet me at"). The domain's top-level
 *       label must be a known TLD. Value {@code local@domain}, lower case, domain IDNA-ASCII.
 *   <li>{@link Entity#TYPE_URL}: {@code http(s)://} (and defanged {@code hxxp(s)://}) with any
 *       alphabetic TLD or an IPv4 address; {@code www.example.com}; {@code example.com/path}.
 *       Value canonical: lower-case scheme and host, {@code https} when none was written,
 *       default port dropped, fragment dropped, {@code /} for an empty path, trailing sentence
 *       punctuation and unbalanced closing brackets not included. Each URL also yields its host
 *       as a {@link Entity#TYPE_DOMAIN}, spanning the host.
 *   <li>{@link Entity#TYPE_DOMAIN}: bare {@code example.com}, {@code example[.]com}, {@code
 *       example (dot) com}, {@code example dot com}. Without a scheme or {@code www.} the last
 *       label must be a known TLD: the common generic ones, the country codes except those that
 *       are common file extensions ({@code .py .sh .md .rs .pl .pm .ps .mk .so .ai}), and {@code
 *       test}, {@code example}, {@code invalid}, {@code onion}; country codes that are English
 *       words ({@code it}, {@code me}, {@code to}, {@code no}, ...) also need a path, {@code
 *       www.} or a bracketed dot. Value the host, lower case, IDNA-ASCII, without a leading
 *       {@code www.} (subdomains are kept).
 *   <li>{@link Entity#TYPE_HANDLE}: profile URLs ({@code t.me/}, {@code wa.me/}, {@code
 *       cash.app/$}, {@code paypal.me/}, {@code venmo.com/u/}, {@code snapchat.com/add/}, {@code
 *       instagram.com/}, {@code kik.me/}, {@code onlyfans.com/}), labels with a colon or at-sign
 *       ({@code telegram: @name}, {@code tg: name}, {@code venmo @name}, {@code sc: name},
 *       {@code snap: name}, {@code ig: name}, {@code insta @name}, {@code kik: name}, {@code
 *       cashapp: $name}, {@code onlyfans: name}), and bare {@code $cashtags} ({@code $200} is a
 *       price). Value {@code
 *       service:name}, lower case, e.g. {@code telegram:name}, {@code whatsapp:+15555550123}.
 *   <li>{@link Entity#TYPE_WALLET}: addresses whose checksum holds: Base58Check (btc
 *       1/3, btc-testnet m/n/2, ltc L/M, doge D/9/A, dash X/7, zec t1/t3, trx T), segwit Bech32
 *       and Bech32m (btc bc1, btc-testnet tb1, ltc ltc1), and Ethereum {@code 0x} addresses
 *       (EIP-55 checked when mixed case; any EVM chain). Value {@code chain:address}: Base58 as
 *       written, Bech32 lower case, {@code eth:0x} and lower-case hex.
 * </ul>
 *
 * <p>Spans are UTF-16 indices into the text as given. Invisible chars (zero-width, soft hyphen)
 * inside an entity are skipped and full-width forms read as ASCII. Time is linear in the length
 * of the text whatever it holds: every scanner is hand-written, with no regular expressions. A
 * text yields at most {@value #MAX_ENTITIES} entities; a text with more is spam, and is judged
 * by its first ones. Stateless and thread-safe.
 */
public final class ContactExtractor {

  /** The most entities one text yields. */
  public static final int MAX_ENTITIES = 10_000;

  private ContactExtractor() {}

  /**
   * The contact entities in {@code original}, in text order (by start, then longest first).
   * Immutable.
   *
   * @throws NullPointerException if {@code original} is null
   */
  public static List<Entity> extract(String original) {
    Objects.requireNonNull(original, "original");
    return ContactScanner.scan(original, MAX_ENTITIES);
  }

  /**
   * Only the wallets in {@code original}, in text order: the same wallets {@link #extract}
   * reports, for a phone extractor to mask before reading digits. Immutable.
   *
   * @throws NullPointerException if {@code original} is null
   */
  public static List<Entity> wallets(String original) {
    Objects.requireNonNull(original, "original");
    return ContactScanner.wallets(original, MAX_ENTITIES);
  }
}
