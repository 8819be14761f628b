package daz.sql.logger;

import daz.sql.journal.JournalStats;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code daz:journal}: how far the SQL logger's journal is from PostgreSQL, and why, if it is stuck. */
@Component(
        service = JournalCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=journal"})
public class JournalCommand {

    private final LocalJournal journal;

    // optional: the journal is worth looking at most when the writer or the logger is not there
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LogWriter writer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventLogger logger;

    @Activate
    public JournalCommand(@Reference LocalJournal journal) {
        this.journal = journal;
    }

    @Descriptor("shows the SQL logger's journal: depth, committed position, rows written, last error")
    public String journal() {
        return render(journal.journal().stats(), writer == null ? null : writer.status(), logger);
    }

    static String render(JournalStats stats, DrainStatus drain, EventLogger logger) {
        StringBuilder out = new StringBuilder();
        line(out, "Journal", stats.directory() + " (id " + stats.id() + ")");
        line(out, "Segments", stats.segments() + " files, " + bytes(stats.bytesOnDisk()) + " on disk");
        line(
                out,
                "Appended",
                "position " + stats.appendedPosition() + ", " + stats.appendedRecords() + " records since start");
        line(
                out,
                "Durable",
                "position " + stats.durablePosition() + ", " + stats.fsyncs() + " group fsyncs"
                        + (stats.lastFsyncMillis() == 0
                                ? ""
                                : ", last " + Instant.ofEpochMilli(stats.lastFsyncMillis())));
        if (stats.damagedBytesSkipped() > 0) {
            line(out, "Damaged", stats.damagedBytesSkipped() + " bytes of torn or damaged records skipped");
        }
        if (logger != null) {
            line(
                    out,
                    "Logger",
                    logger.accepted() + " events journaled, " + logger.ignored() + " ignored, "
                            + logger.refused() + " refused"
                            + (logger.lastRefusal() == null ? "" : " (last: " + logger.lastRefusal() + ")"));
        } else {
            line(out, "Logger", "not active: events are not journaled");
        }
        if (drain == null) {
            line(out, "Writer", "not active (no database pool: check etc/daz.sql.cfg); the journal keeps growing");
            return out.toString();
        }
        String committed = drain.committedPosition() < 0
                ? "unknown (not connected yet)"
                : "position " + drain.committedPosition() + ", depth "
                        + bytes(Math.max(0, stats.appendedPosition() - drain.committedPosition()));
        line(
                out,
                "Writer",
                drain.state()
                        + (drain.failingSinceMillis() == 0
                                ? ""
                                : " since " + Instant.ofEpochMilli(drain.failingSinceMillis())));
        line(out, "Committed", committed);
        line(
                out,
                "Written",
                drain.recordsCommitted() + " records in " + drain.batches() + " transactions, "
                        + drain.rejectedRecords() + " rejected (see daz_sql.log_rejects)");
        for (Map.Entry<String, DrainStatus.Rows> table : drain.rows().entrySet()) {
            DrainStatus.Rows rows = table.getValue();
            line(
                    out,
                    "",
                    String.format(
                            Locale.ROOT,
                            "%s: %d rows, %d new, %d duplicates ignored",
                            table.getKey(),
                            rows.given(),
                            rows.inserted(),
                            rows.given() - rows.inserted()));
        }
        line(out, "Last error", drain.lastError().orElse("none"));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-11s %s%n", label, value));
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
