package io.tripline.rules;

/**
 * What a report is about, as the clearinghouse protocol names it. Rules say which category a
 * match is reported under; routing says where each category goes in each jurisdiction.
 */
public enum ReportCategory {
  /** Child sexual abuse material. */
  CSAM,
  CHILD_SEX_TRAFFICKING,
  /** Online enticement of children for sexual acts. */
  ONLINE_ENTICEMENT,
  CHILD_SEX_TOURISM,
  UNSOLICITED_OBSCENE_TO_CHILD,
  /** A domain name meant to mislead a child or adult into obscene material. */
  MISLEADING_DOMAIN,
  ADULT_TRAFFICKING,
  /** Non-consensual intimate imagery of an adult. */
  NCII,
  /** A threat to the life or safety of a person (EU DSA Art. 18). */
  THREAT_TO_LIFE
}
