package io.tripline.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The test vectors of BIP-173 and BIP-350. */
class Bech32Test {

  @ParameterizedTest
  @ValueSource(strings = {
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
  })
  void validBech32(String s) {
    Bech32.Decoded decoded = Bech32.decode(s);
    assertThat(decoded).isNotNull();
    assertThat(decoded.encoding()).isEqualTo(Bech32.BECH32);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "A1LQFN3A",
    "a1lqfn3a",
    "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
    "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
    "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
    "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
    "?1v759aa",
  })
  void validBech32m(String s) {
    Bech32.Decoded decoded = Bech32.decode(s);
    assertThat(decoded).isNotNull();
    assertThat(decoded.encoding()).isEqualTo(Bech32.BECH32M);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // BIP-173
    "\u00201nwldj5", "\u007F1axkwrx", "\u00801eym55h",
    "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
    "pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "de1lg7wt\u00FF", "A1G7SGD8",
    "10a06t8", "1qzzfhee",
    // BIP-350
    "\u00201xj0phk", "\u007F1g6xzxy", "\u00801vctc34",
    "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
    "qyrz8wqd2c9m", "1qyrz8wqd2c9m", "y1b0jsk6g", "lt1igcx5c0", "in1muywd", "mm1crxm3i",
    "au1s5cgom", "M1VUXWEZ", "16plkw9", "1p2gdwpf",
  })
  void invalidStrings(String s) {
    assertThat(Bech32.decode(s)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7,"
        + " 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y,"
        + " 5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6",
    "BC1SW50QGDZ25J, 6002751e",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs, 5210751e76e8199196d454941c45d1b3a323",
    "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy,"
        + " 0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c,"
        + " 5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0,"
        + " 512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
  })
  void validSegwitAddressesDecodeToTheirScriptPubKey(String address, String scriptPubKey) {
    String hrp = address.substring(0, 2).toLowerCase(java.util.Locale.ROOT);
    Bech32.Segwit segwit = Bech32.decodeSegwit(hrp, address);
    assertThat(segwit).isNotNull();
    // scriptPubKey: OP_n (0 or 0x50 + n), the program's length, the program.
    int op = segwit.version() == 0 ? 0 : 0x50 + segwit.version();
    String script = String.format("%02x%02x", op, segwit.program().length)
        + HexFormat.of().formatHex(segwit.program());
    assertThat(script).isEqualTo(scriptPubKey);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // BIP-173
    "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
    "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
    "bc1rw5uspcuh",
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
    "bc1gmk9yu",
    // BIP-350
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
    "bc1pw5dgrnzv",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
    "bc1gmk9yu",
  })
  void invalidSegwitAddresses(String address) {
    assertThat(Bech32.decodeSegwit("bc", address)).isNull();
    assertThat(Bech32.decodeSegwit("tb", address)).isNull();
  }

  @Test
  void theBip173VersionOneAddressIsNoLongerValidUnderBip350() {
    // BIP-173 listed it as valid; BIP-350 moved v1+ to Bech32m, so its Bech32 checksum fails.
    assertThat(Bech32.decodeSegwit("bc",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx")).isNull();
  }
}
