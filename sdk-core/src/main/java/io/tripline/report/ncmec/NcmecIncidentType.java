package io.tripline.report.ncmec;

import io.tripline.rules.ReportCategory;
import java.util.Objects;
import java.util.Optional;

/**
 * The CyberTipline {@code incidentType} values Tripline files, and the mapping from
 * {@link ReportCategory} given by the clearinghouse protocol. {@link ReportCategory#ADULT_TRAFFICKING},
 * {@link ReportCategory#NCII} (adult) and {@link ReportCategory#THREAT_TO_LIFE} are not routed to
 * NCMEC.
 */
public enum NcmecIncidentType {
  CHILD_PORNOGRAPHY("Child Pornography (possession, manufacture, and distribution)"),
  CHILD_SEX_TRAFFICKING("Child Sex Trafficking"),
  ONLINE_ENTICEMENT("Online Enticement of Children for Sexual Acts"),
  CHILD_SEX_TOURISM("Child Sex Tourism"),
  UNSOLICITED_OBSCENE_MATERIAL("Unsolicited Obscene Material Sent to a Child"),
  MISLEADING_DOMAIN_NAME("Misleading Domain Name");

  private final String xmlValue;

  NcmecIncidentType(String xmlValue) {
    this.xmlValue = xmlValue;
  }

  /** The exact enumeration value of the schema's {@code incidentType}. */
  public String xmlValue() {
    return xmlValue;
  }

  /**
   * The incident type a category is filed under, or empty if the category is not routed to NCMEC.
   *
   * @throws NullPointerException if {@code category} is null
   */
  public static Optional<NcmecIncidentType> of(ReportCategory category) {
    Objects.requireNonNull(category, "category");
    return Optional.ofNullable(switch (category) {
      case CSAM -> CHILD_PORNOGRAPHY;
      case CHILD_SEX_TRAFFICKING -> CHILD_SEX_TRAFFICKING;
      case ONLINE_ENTICEMENT -> ONLINE_ENTICEMENT;
      case CHILD_SEX_TOURISM -> CHILD_SEX_TOURISM;
      case UNSOLICITED_OBSCENE_TO_CHILD -> UNSOLICITED_OBSCENE_MATERIAL;
      case MISLEADING_DOMAIN -> MISLEADING_DOMAIN_NAME;
      case ADULT_TRAFFICKING, NCII, THREAT_TO_LIFE -> null;
    });
  }

  /**
   * The incident type of a category that must go to NCMEC.
   *
   * @throws NcmecNotRoutedException if the category is not routed to NCMEC
   */
  public static NcmecIncidentType forCategory(ReportCategory category) {
    return of(category).orElseThrow(() -> new NcmecNotRoutedException(category));
  }
}
