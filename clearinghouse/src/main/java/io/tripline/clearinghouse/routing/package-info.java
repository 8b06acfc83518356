/**
 * Route delivery in the reference clearinghouse: adapters per destination (the NCMEC
 * CyberTipline through the SDK's {@code NcmecSink}) fed from a durable outbox owned by the
 * clearinghouse, with every route's state and every change of it kept in the clearinghouse's
 * store ({@link io.tripline.clearinghouse.routing.RouteLedger}). {@link
 * io.tripline.clearinghouse.routing.RouteDelivery} is what the server starts; platforms never
 * use this package.
 */
@NullMarked
package io.tripline.clearinghouse.routing;

import org.jspecify.annotations.NullMarked;
