package io.tripline.text;

import io.tripline.Span;
import java.util.Objects;

/**
 * A contact detail found in a text: a phone number, email address, URL, domain, messaging or
 * payment handle, or crypto wallet, in its normalised form (the form whose SHA-256 feeds share as
 * {@code <type>.sha256}), with the span of the original text it was read from.
 *
 * @param type what it is: one of the {@code TYPE_*} constants
 * @param value the normalised form, e.g. {@code +15555550123} for a phone number
 * @param span where it was found in the original text
 */
public record Entity(String type, String value, Span span) {

  public static final String TYPE_PHONE = "phone";
  public static final String TYPE_EMAIL = "email";
  public static final String TYPE_URL = "url";
  public static final String TYPE_DOMAIN = "domain";
  public static final String TYPE_HANDLE = "handle";
  public static final String TYPE_WALLET = "wallet";

  public Entity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(span, "span");
  }
}
