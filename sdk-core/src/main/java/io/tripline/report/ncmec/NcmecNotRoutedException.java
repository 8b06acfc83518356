package io.tripline.report.ncmec;

import io.tripline.rules.ReportCategory;

/** A report of a category that is not routed to NCMEC (adult trafficking, adult NCII, ...). */
public final class NcmecNotRoutedException extends NcmecException {
  private static final long serialVersionUID = 1L;

  private final ReportCategory category;

  public NcmecNotRoutedException(ReportCategory category) {
    super("category " + category + " is not routed to the NCMEC CyberTipline", -1, null, false, null);
    this.category = category;
  }

  public ReportCategory category() {
    return category;
  }
}
