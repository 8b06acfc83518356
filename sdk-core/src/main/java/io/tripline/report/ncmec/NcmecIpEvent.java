package io.tripline.report.ncmec;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** An IP address seen for an action ({@code ipCaptureEvent}). */
public record NcmecIpEvent(String ipAddress, @Nullable Kind event, @Nullable Instant at) {

  /** The schema's {@code ipCaptureType}. */
  public enum Kind {
    LOGIN("Login"), REGISTRATION("Registration"), PURCHASE("Purchase"), UPLOAD("Upload"), OTHER("Other"),
    UNKNOWN("Unknown");

    private final String xmlValue;

    Kind(String xmlValue) {
      this.xmlValue = xmlValue;
    }

    public String xmlValue() {
      return xmlValue;
    }
  }

  /**
   * @throws NullPointerException if {@code ipAddress} is null
   * @throws IllegalArgumentException if {@code ipAddress} is blank
   */
  public NcmecIpEvent {
    Objects.requireNonNull(ipAddress, "ipAddress");
    if (ipAddress.isBlank()) {
      throw new IllegalArgumentException("ipAddress is blank");
    }
  }
}
