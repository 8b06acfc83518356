package io.tripline.feed;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** Ed25519 keys and signatures for tests that play the clearinghouse. */
final class Ed25519TestKeys {

  private Ed25519TestKeys() {}

  /** A fresh key pair. */
  static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The base64 Ed25519 signature of {@code body} by {@code key}. */
  static String sign(byte[] body, PrivateKey key) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(body);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
