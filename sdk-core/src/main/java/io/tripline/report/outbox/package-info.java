/**
 * The durable outbox that carries reports from the upload path to the clearinghouse or NCMEC.
 * Build an {@link io.tripline.report.outbox.Outbox} on a SQLite file (one instance) or a
 * PostgreSQL data source (several), {@link io.tripline.report.outbox.Outbox#enqueue enqueue} an
 * {@link io.tripline.report.outbox.OutboxEntry} before answering the upload, and give the
 * dispatching instances a {@link io.tripline.report.outbox.DeliverySink}. The outbox knows
 * nothing of the report model: a payload is bytes, a destination is a name. Delivery is at least
 * once and in creation order per destination; the receiver drops repeats by the entry's key.
 * Dead letters, counts and every attempt are queryable for health checks and by hand.
 */
@NullMarked
package io.tripline.report.outbox;

import org.jspecify.annotations.NullMarked;
