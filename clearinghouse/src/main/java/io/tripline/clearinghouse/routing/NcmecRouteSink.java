package io.tripline.clearinghouse.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tripline.report.ncmec.NcmecAuthException;
import io.tripline.report.ncmec.NcmecClient;
import io.tripline.report.ncmec.NcmecException;
import io.tripline.report.ncmec.NcmecSink;
import io.tripline.report.outbox.DeliveryJournal;
import io.tripline.report.outbox.DeliveryResult;
import io.tripline.report.outbox.DeliverySink;
import io.tripline.report.outbox.JournalRecord;
import io.tripline.report.outbox.OutboxEntry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NCMEC CyberTipline adapter: the SDK's {@link NcmecSink} (which files exactly once from the
 * entry's delivery journal), guarded by the route's state and reporting its outcome to the
 * {@link RouteLedger}.
 *
 * <p>The route is read before anything is sent, and again after every step NCMEC answered short
 * of the finish (the report opened, each file): a route that is no longer {@code PENDING} or
 * {@code FAILED_RETRYABLE} (retracted by its platform, or settled by an operator) is not filed,
 * and an unfinished NCMEC report of it is retracted at NCMEC. A retraction that arrives after
 * the last check, while the finish is under way, cannot stop it: the route then becomes
 * {@code DELIVERED} and the retraction lists NCMEC as needing a correction.
 *
 * <p>Thread-safe.
 */
final class NcmecRouteSink implements DeliverySink {

  private static final Logger LOG = LoggerFactory.getLogger(NcmecRouteSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Journal events after which NCMEC holds an unfinished report that a retraction must stop. */
  private static final Set<String> BEFORE_FINISH = Set.of("opened", "uploadStarting", "fileUploaded",
      "fileDetailsSent");

  private final NcmecSink sink;
  private final NcmecClient client;
  private final RouteLedger ledger;
  private final Clock clock;
  private final String actor;

  NcmecRouteSink(NcmecSink sink, NcmecClient client, RouteLedger ledger, Clock clock) {
    this.sink = sink;
    this.client = client;
    this.ledger = ledger;
    this.clock = clock;
    this.actor = "adapter:" + NcmecSink.DESTINATION;
  }

  /** Thrown from the journal when the route stopped wanting delivery; caught in {@link #deliver}. */
  private static final class RouteWithdrawn extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RouteStatus status;

    RouteWithdrawn(RouteStatus status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  @Override
  public DeliveryResult deliver(OutboxEntry entry) {
    return deliver(entry, DeliveryJournal.inMemory());
  }

  @Override
  public DeliveryResult deliver(OutboxEntry entry, DeliveryJournal journal) {
    Optional<RouteKey> parsed = RouteDelivery.routeOf(entry.key());
    if (parsed.isEmpty()) {
      return new DeliveryResult.PermanentFailure("outbox key " + entry.key() + " does not name a route");
    }
    RouteKey route = parsed.get();
    Optional<RouteStatus> status = ledger.status(route);
    if (status.isEmpty()) {
      return new DeliveryResult.PermanentFailure("route " + route + " does not exist");
    }
    JournalState state = JournalState.of(journal.records());
    if (!status.get().deliverable() && !state.finished()) {
      // Retracted, or settled by an operator: never file it; stop what an earlier attempt began.
      return withdrawn(route, status.get(), state.openReport(), journal);
    }

    DeliveryResult result;
    try {
      result = sink.deliver(entry, new Guarded(journal, route));
    } catch (RouteWithdrawn w) {
      return withdrawn(route, w.status, JournalState.of(journal.records()).openReport(), journal);
    }
    if (result instanceof DeliveryResult.Delivered d) {
      String externalId = Objects.requireNonNullElse(d.externalId(), "");
      RouteLedger.Settlement s = ledger.delivered(route, externalId, actor, null, true, clock.instant());
      if (s.before() == RouteStatus.RETRACTED) {
        LOG.warn("route {} was filed as NCMEC report {} while its retraction was stored: a correction to NCMEC is"
            + " needed", route, externalId);
      } else if (s.before() == RouteStatus.DELIVERED && !s.changed()) {
        // An operator recorded a filing by hand while this attempt was finishing: NCMEC holds both.
        LOG.warn("route {} was marked DELIVERED by an operator while the adapter filed it as NCMEC report {}: NCMEC"
            + " holds two reports of it (the adapter's id is in the outbox)", route, externalId);
      }
    } else if (result instanceof DeliveryResult.PermanentFailure p) {
      ledger.failed(route, p.reason(), actor, true, clock.instant());
      LOG.warn("route {} could not be filed with NCMEC and waits for an operator: {}", route, p.reason());
    } else if (result instanceof DeliveryResult.RetryableFailure r) {
      ledger.attemptFailed(route, r.reason(), actor, clock.instant());
    }
    return result;
  }

  /**
   * The route no longer wants delivery: retracts NCMEC's unfinished report of it, if any, and ends
   * the entry without filing.
   */
  private DeliveryResult withdrawn(RouteKey route, RouteStatus status, @Nullable Long openReport,
      DeliveryJournal journal) {
    String retracted = "";
    if (openReport != null) {
      try {
        client.retract(openReport);
        retracted = "; its unfinished NCMEC report " + openReport + " was retracted";
        journal.append(abandoned(openReport, "the route became " + status + " before it was finished"));
      } catch (NcmecAuthException e) {
        LOG.error("route {}: NCMEC refused the credentials while retracting its unfinished report {} (code {});"
            + " NCMEC deletes it unfinished within 24 hours", route, openReport, e.responseCode());
        retracted = "; its unfinished NCMEC report " + openReport + " could not be retracted and expires at NCMEC";
      } catch (NcmecException e) {
        LOG.warn("route {}: retracting its unfinished NCMEC report {} failed ({}); NCMEC deletes it unfinished",
            route, openReport, e.getMessage());
        retracted = "; its unfinished NCMEC report " + openReport + " could not be retracted and expires at NCMEC";
      }
    }
    if (status == RouteStatus.DELIVERED) {
      // Filed by an operator by hand: the entry is settled with no further call.
      LOG.info("route {} was marked DELIVERED by an operator: not filed by the adapter{}", route, retracted);
      return new DeliveryResult.Delivered(new byte[0], null);
    }
    LOG.info("route {} is {}: not filed with NCMEC{}", route, status, retracted);
    return new DeliveryResult.PermanentFailure("route " + route + " is " + status + ": not filed" + retracted);
  }

  private String abandoned(long reportId, String reason) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event", "abandoned");
    n.put("reportId", reportId);
    n.put("reason", reason);
    n.put("at", clock.instant().toString());
    return n.toString();
  }

  /** The journal handed to the SDK's sink: every step before the finish re-reads the route. */
  private final class Guarded implements DeliveryJournal {
    private final DeliveryJournal journal;
    private final RouteKey route;

    Guarded(DeliveryJournal journal, RouteKey route) {
      this.journal = journal;
      this.route = route;
    }

    @Override
    public List<JournalRecord> records() {
      return journal.records();
    }

    @Override
    public void append(String record) {
      journal.append(record);
      if (BEFORE_FINISH.contains(JournalState.event(record))) {
        RouteStatus now = ledger.status(route).orElse(RouteStatus.RETRACTED);
        if (!now.deliverable()) {
          throw new RouteWithdrawn(now);
        }
      }
    }
  }

  /** What the journal says of NCMEC's report of this entry: the one open, and whether it finished. */
  record JournalState(@Nullable Long openReport, boolean finished) {
    static JournalState of(List<JournalRecord> records) {
      Long open = null;
      boolean finished = false;
      for (JournalRecord r : records) {
        JsonNode n = parse(r.record());
        String event = n.path("event").asText("");
        long id = n.path("reportId").asLong(-1);
        switch (event) {
          case "opened" -> {
            open = id;
            finished = false;
          }
          case "finished" -> finished = true;
          case "abandoned" -> {
            if (open != null && open == id) {
              open = null;
            }
          }
          default -> {
            // uploads, file details and calls do not change which report is open
          }
        }
      }
      return new JournalState(finished ? null : open, finished);
    }

    static String event(String record) {
      return parse(record).path("event").asText("");
    }

    private static JsonNode parse(String record) {
      try {
        return JSON.readTree(record);
      } catch (IOException e) {
        return JSON.createObjectNode();
      }
    }
  }
}
