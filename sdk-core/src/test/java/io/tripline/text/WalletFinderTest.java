package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WalletFinderTest {

  /** Each wallet as "value|text as written". */
  private static List<String> wallets(String text) {
    return ContactExtractor.wallets(text).stream()
        .map(e -> e.value() + "|" + e.span().of(text))
        .toList();
  }

  private static String only(String address) {
    List<Entity> found = ContactExtractor.wallets("send to " + address + ".");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).type()).isEqualTo(Entity.TYPE_WALLET);
    assertThat(found.get(0).span().of("send to " + address + ".")).isEqualTo(address);
    return found.get(0).value();
  }

  private static String withVersion(int version, int length) {
    byte[] payload = new byte[length];
    payload[0] = (byte) version;
    for (int i = 1; i < length; i++) {
      payload[i] = (byte) (i * 37 + version);
    }
    return Base58.encodeChecked(payload);
  }

  @ParameterizedTest
  @CsvSource({
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, btc",
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy, btc",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, trx",
  })
  void realBase58CheckAddresses(String address, String chain) {
    assertThat(only(address)).isEqualTo(chain + ":" + address);
  }

  @ParameterizedTest
  @CsvSource({
    "0, btc", "5, btc", "111, btc-testnet", "196, btc-testnet", "48, ltc", "50, ltc",
    "30, doge", "22, doge", "76, dash", "16, dash", "65, trx",
  })
  void base58CheckVersionBytesNameTheChain(int version, String chain) {
    String address = withVersion(version, 21);
    assertThat(only(address)).isEqualTo(chain + ":" + address);
  }

  @Test
  void leadingCharsMatchTheChainsKnownPrefixes() {
    assertThat(withVersion(0x30, 21)).startsWith("L");
    assertThat(withVersion(0x32, 21)).startsWith("M");
    assertThat(withVersion(0x1e, 21)).startsWith("D");
    assertThat(withVersion(0x41, 21)).startsWith("T");
    assertThat(withVersion(0x4c, 21)).startsWith("X");
  }

  @Test
  void zcashTransparentAddressesHaveTwoVersionBytes() {
    byte[] payload = new byte[22];
    payload[0] = 0x1c;
    payload[1] = (byte) 0xb8;
    String address = Base58.encodeChecked(payload);
    assertThat(address).startsWith("t1");
    assertThat(only(address)).isEqualTo("zec:" + address);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", // last char changed
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN", // one char short
    "1a1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", // case changed
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T",
  })
  void aBrokenChecksumIsNoWallet(String address) {
    assertThat(wallets("send to " + address)).isEmpty();
  }

  @Test
  void aValidChecksumUnderAnUnknownVersionIsNoWallet() {
    assertThat(wallets(withVersion(0x99, 21))).isEmpty();
    assertThat(wallets(withVersion(0x00, 25))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0,"
        + " btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7,"
        + " btc-testnet:tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
  })
  void bech32SegwitAddressesAreLowerCased(String address, String value) {
    assertThat(only(address)).isEqualTo(value);
  }

  @Test
  void litecoinBech32UsesItsOwnHrp() {
    // Same program as BIP-173's first vector, under hrp "ltc": only ltc accepts it.
    String btc = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    assertThat(Bech32.decodeSegwit("ltc", btc)).isNull();
    assertThat(wallets("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", // checksum
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", // bech32 for v1
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", // bech32m for v0
    "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", // hrp
  })
  void invalidBech32IsNoWallet(String address) {
    assertThat(wallets(address)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // EIP-55's examples: all caps, all lower, and mixed case with the right checksum.
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
  })
  void ethereumAddressesOfEip55(String address) {
    assertThat(only(address)).isEqualTo("eth:0x" + address.substring(2).toLowerCase());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // last letter's case flipped
    "0xfb6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9adb",
  })
  void aMixedCaseEthereumAddressMustPassEip55(String address) {
    assertThat(wallets(address)).isEmpty();
  }

  @Test
  void ethereumNeedsExactlyFortyHexDigits() {
    assertThat(wallets("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")).isEmpty();
    assertThat(wallets("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed0")).isEmpty();
    assertThat(wallets("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")).isEmpty();
    // A transaction hash is 64 digits: no address inside it.
    assertThat(wallets("0x" + "ab".repeat(32))).isEmpty();
  }

  @Test
  void anAddressInsideALongerTokenIsNotReported() {
    assertThat(wallets("x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).isEmpty();
    assertThat(wallets("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa_x")).isEmpty();
    assertThat(wallets("id-1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).isEmpty();
  }

  @Test
  void walletsAreFoundAmongOtherTextWithExactSpans() {
    String text = "BTC: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa / ETH (0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed)\n"
        + "usdt trc20=TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    assertThat(wallets(text)).containsExactly(
        "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
  }

  @Test
  void fullWidthAndZeroWidthObfuscationIsSeenThrough() {
    String fullWidth = "１Ａ１ｚＰ１ｅＰ５ＱＧｅｆｉ２ＤＭＰＴｆＴＬ５ＳＬｍｖ７ＤｉｖｆＮａ";
    assertThat(wallets("to " + fullWidth))
        .containsExactly("btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|" + fullWidth);
    String zeroWidth = "1A1zP1eP5QGe\u200Bfi2DMPTfTL5SLmv7DivfNa";
    assertThat(wallets(zeroWidth + " thanks"))
        .containsExactly("btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|" + zeroWidth);
  }

  @Test
  void walletsFromExtractAreTheSameAsFromWallets() {
    String text = "pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa or email me@example.com";
    assertThat(ContactExtractor.extract(text).stream()
            .filter(e -> e.type().equals(Entity.TYPE_WALLET)).toList())
        .isEqualTo(ContactExtractor.wallets(text));
  }

  @Test
  void eip55HoldsForTheKeccakOfTheLowerCaseHex() {
    String address = "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    assertThat(WalletFinder.eip55Holds(address.toCharArray(), 0, address.toLowerCase())).isTrue();
    assertThat(HexFormat.of().formatHex(Keccak.keccak256(
        address.toLowerCase().getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
        .hasSize(64);
  }

  @Test
  void hostileRunsOfAddressCharsEndQuickly() {
    assertThat(ContactExtractor.wallets("1".repeat(10_000_000))).isEmpty();
    assertThat(ContactExtractor.wallets("1A1zP1eP5QGefi2DMPTfTL5SLmv7Div ".repeat(30_000)))
        .isEmpty();
    String many = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ".repeat(20_000);
    assertThat(ContactExtractor.wallets(many)).hasSize(ContactExtractor.MAX_ENTITIES);
  }
}
