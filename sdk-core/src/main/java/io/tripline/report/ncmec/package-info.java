/**
 * Delivery of reports to the NCMEC CyberTipline (the ESP reporting API: XML over HTTPS, HTTP
 * Basic). Build an {@link io.tripline.report.ncmec.NcmecReport} (only categories routed to NCMEC
 * are accepted, see {@link io.tripline.report.ncmec.NcmecIncidentType}), then
 * {@link io.tripline.report.ncmec.NcmecClient#send send} it: the report XML and every file's
 * {@code fileDetails} are validated against the bundled {@code cyber_tipline.xsd} before any
 * network call, then the client runs {@code submit -> upload + fileinfo per file -> finish},
 * handing each NCMEC id to an {@link io.tripline.report.ncmec.NcmecProgress} right after it
 * arrives. Persist those ids; a later send given the persisted
 * {@link io.tripline.report.ncmec.NcmecSendState} resumes at the step after the last one
 * persisted, so nothing is filed twice, and starts again when NCMEC has deleted the unfinished
 * report (24 h after opening, 1 h after its last change). Through the durable outbox, register an
 * {@link io.tripline.report.ncmec.NcmecSink} for the {@code ncmec} destination: it turns a stored
 * report into an {@code NcmecReport} (reading preserved evidence from the evidence store), keeps
 * every id in the entry's delivery journal and resumes from it after a crash.
 */
@NullMarked
package io.tripline.report.ncmec;

import org.jspecify.annotations.NullMarked;
