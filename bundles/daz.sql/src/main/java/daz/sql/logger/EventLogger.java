package daz.sql.logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.sql.journal.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL logger's front: a synchronous handler, ranked above every other, that turns each event the rules want
 * into rows and appends them to the local journal on the publisher's thread, before anyone else sees the event.
 * Once {@link #handle} returns, the rows are in the journal file and survive the process being killed; the
 * {@link LogWriter} takes them to PostgreSQL.
 *
 * <p>{@code log.request} (one row) and {@code log.batch} (many) let a plugin ask for rows in its own schema; as a
 * request, the reply is the journal position (a {@code Long}) once the rows are journaled.
 */
@Component(
        service = {EventHandler.class, EventLogger.class},
        immediate = true,
        configurationPid = EventLogger.PID,
        property = {
            EventHandler.TOPICS + "=cytube.event.>",
            EventHandler.TOPICS + "=" + EventLogger.LOG_REQUEST,
            EventHandler.TOPICS + "=" + EventLogger.LOG_BATCH,
            EventHandler.DELIVERY + "=" + EventHandler.DELIVERY_SYNC,
            EventHandler.DURABLE + "=daz.sql.logger",
            "service.ranking:Integer=" + EventLogger.RANKING
        })
@Designate(ocd = LoggerConfiguration.class)
public class EventLogger implements EventHandler {

    /** Its configuration: {@code etc/daz.sql.logger.cfg}. */
    static final String PID = "daz.sql.logger";

    /**
     * Keys {@code etc/daz.sql.logger.cfg} held while the journal and its writer shared this PID, and the file each
     * is read from now.
     */
    private static final Map<String, String> MOVED_KEYS = Map.of(
            "journal.dir", "etc/daz.sql.journal.cfg",
            "fsync.interval.ms", "etc/daz.sql.journal.cfg",
            "fsync.records", "etc/daz.sql.journal.cfg",
            "segment.bytes", "etc/daz.sql.journal.cfg",
            "batch.records", "etc/daz.sql.writer.cfg",
            "batch.bytes", "etc/daz.sql.writer.cfg",
            "retry.initial.ms", "etc/daz.sql.writer.cfg",
            "retry.max.ms", "etc/daz.sql.writer.cfg");

    static final String LOG_REQUEST = "log.request";
    static final String LOG_BATCH = "log.batch";

    /** Above any plugin's handler: the journal sees a chat line before the EventFilter acts on it. */
    static final int RANKING = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventLogger.class);
    private static final long REFUSAL_LOG_MILLIS = 10_000;

    private final Journal journal;
    private final EventBus givenBus; // tests hand one in; at run time it is taken from the registry

    /** The bus to answer requests on: only taken when a request comes (see {@link #bindBus}). */
    private volatile ComponentServiceObjects<EventBus> buses;

    private volatile EventBus heldBus;

    /**
     * Writes the payloads of any bundle as JSON. Jackson keeps a serializer and a type per class it wrote (the types
     * in its one type cache for all mappers), so a plugin's payload class, and with it the plugin's old class loader,
     * would stay after an update: {@link #bundleChanged} empties those caches when a bundle's revision goes away.
     */
    private final ObjectMapper json = new ObjectMapper();

    private final BundleListener revisionsGone = this::bundleChanged;
    private BundleContext context;
    private volatile LogRules rules;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastRefusalLogged = new AtomicLong();
    private volatile String lastRefusal;

    @Activate
    public EventLogger(
            LoggerConfiguration config,
            Map<String, Object> properties,
            BundleContext context,
            @Reference LocalJournal journal) {
        this(config, journal.journal(), null);
        warnOfMovedKeys(properties);
        this.context = context;
        context.addBundleListener(revisionsGone);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(revisionsGone);
    }

    EventLogger(LoggerConfiguration config, Journal journal, EventBus bus) {
        this.journal = journal;
        this.givenBus = bus;
        this.rules = rulesOf(config);
    }

    @Modified
    void modified(LoggerConfiguration config, Map<String, Object> properties) {
        modified(config);
        warnOfMovedKeys(properties);
    }

    void modified(LoggerConfiguration config) {
        rules = rulesOf(config);
    }

    /** Keys that are no longer read here, each with the file that reads it now; empty when there are none. */
    static List<String> movedKeys(Map<String, ?> properties) {
        return properties.keySet().stream()
                .filter(MOVED_KEYS::containsKey)
                .sorted()
                .map(key -> key + " (now read from " + MOVED_KEYS.get(key) + ")")
                .toList();
    }

    private static void warnOfMovedKeys(Map<String, ?> properties) {
        List<String> moved = movedKeys(properties);
        if (!moved.isEmpty()) {
            LOG.warn("etc/daz.sql.logger.cfg sets {}: they are ignored there, move them", String.join(", ", moved));
        }
    }

    private static LogRules rulesOf(LoggerConfiguration config) {
        LogRules parsed = LogRules.of(
                config, (rule, problem) -> LOG.error("SQL logger rule '{}' is left out: {}", rule, problem));
        LOG.info(
                "SQL logger keeps {} ({} rules)",
                parsed.rules().stream()
                        .map(r -> r.pattern() + " -> " + r.table())
                        .toList(),
                parsed.rules().size());
        return parsed;
    }

    @Override
    public void handle(Event event) {
        boolean explicit = event.topic().equals(LOG_REQUEST) || event.topic().equals(LOG_BATCH);
        if (!event.loggable() && !explicit) {
            ignored.increment();
            return;
        }
        List<LogRow> rows;
        String origin = "";
        try {
            switch (event.topic()) {
                case LOG_REQUEST -> {
                    origin = event.source();
                    rows = ExplicitRows.ofRequest(event.payload(), origin, json);
                }
                case LOG_BATCH -> {
                    origin = event.source();
                    rows = ExplicitRows.ofBatch(event.payload(), origin, json);
                }
                default -> rows = rules.rowsOf(event, json);
            }
        } catch (IllegalArgumentException e) {
            refused.increment();
            LOG.warn("SQL logger refused {} from {}: {}", event.topic(), event.source(), e.getMessage());
            throw e; // a request fails with this message
        }
        if (rows.isEmpty()) {
            ignored.increment();
            return;
        }
        long position = append(event, new LogRecord(origin, rows));
        accepted.increment();
        if (event.isRequest()) {
            reply(event, position);
        }
    }

    /**
     * What {@link #handle} would journal for a channel event, encoded, without journaling it: for {@link LoggerWarmup},
     * which runs this on made-up events so the JIT compiles the rules and the encoder before real chat needs them.
     */
    LogRecordCodec.Encoded encodeOnly(Event event) {
        List<LogRow> rows = rules.rowsOf(event, json);
        return rows.isEmpty() ? null : LogRecordCodec.encodeInPlace(new LogRecord("", rows));
    }

    /**
     * Only to answer requests, so the bus is taken when the first request comes, not at activation: the bus binds
     * this handler while it starts itself, and taking the bus then would be a reference cycle.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindBus")
    void bindBus(ComponentServiceObjects<EventBus> objects) {
        buses = objects;
    }

    void unbindBus(ComponentServiceObjects<EventBus> objects) {
        if (buses == objects) {
            buses = null;
            heldBus = null; // SCR releases what was taken through a reference that goes away
        }
    }

    private void reply(Event request, long position) {
        EventBus replies = givenBus != null ? givenBus : heldBus;
        if (replies == null) {
            synchronized (this) {
                ComponentServiceObjects<EventBus> objects = buses;
                if (heldBus == null && objects != null) {
                    heldBus = objects.getService(); // kept till deactivation, so the bus is not made anew per reply
                }
                replies = heldBus;
            }
        }
        if (replies == null) {
            LOG.warn("SQL logger journaled {} from {} but has no bus to answer on", request.topic(), request.source());
            return;
        }
        replies.reply(request, position);
    }

    private long append(Event event, LogRecord record) {
        try {
            LogRecordCodec.Encoded encoded = LogRecordCodec.encodeInPlace(record);
            return journal.append(encoded.bytes(), encoded.length());
        } catch (IOException | IllegalArgumentException e) {
            refused.increment();
            lastRefusal = event.topic() + ": " + e;
            long now = System.currentTimeMillis();
            long last = lastRefusalLogged.get();
            if (now - last >= REFUSAL_LOG_MILLIS && lastRefusalLogged.compareAndSet(last, now)) {
                LOG.error(
                        "SQL logger cannot journal {} from {} for {}: {} ({} refused so far)",
                        event.topic(),
                        event.source(),
                        record.rows().get(0).target(),
                        e.toString(),
                        refused.sum());
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("journal append failed", io);
            }
            throw (IllegalArgumentException) e;
        }
    }

    /**
     * A bundle updated, refreshed or uninstalled: the mapper forgets the classes it wrote, those of the old revision
     * with them, so its class loader can go. Rare, so the caches are simply emptied and fill again with the next
     * events; nothing is done per event.
     */
    void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.UPDATED, BundleEvent.UNRESOLVED, BundleEvent.UNINSTALLED -> json.clearCaches();
            default -> {
                // started, stopped, resolved...: the bundle's classes are the same
            }
        }
    }

    /** Events journaled since activation. */
    public long accepted() {
        return accepted.sum();
    }

    /** Events no rule wanted, or not loggable. */
    public long ignored() {
        return ignored.sum();
    }

    /** Events that could not be journaled (bad request, journal failure). */
    public long refused() {
        return refused.sum();
    }

    public String lastRefusal() {
        return lastRefusal;
    }

    List<LogRule> rules() {
        return rules.rules();
    }
}
