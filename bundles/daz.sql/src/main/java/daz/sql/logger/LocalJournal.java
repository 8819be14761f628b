package daz.sql.logger;

import daz.sql.journal.Journal;
import daz.sql.journal.JournalSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of this installation, under {@code data/journal} of the Daz home unless configured elsewhere (PID
 * {@value #PID}). It needs no database, so the logger takes events while PostgreSQL is down or not configured at all.
 */
@Component(service = LocalJournal.class, immediate = true, configurationPid = LocalJournal.PID)
@Designate(ocd = JournalConfiguration.class)
public class LocalJournal {

    /** Its configuration: {@code etc/daz.sql.journal.cfg}. */
    static final String PID = "daz.sql.journal";

    private static final Logger LOG = LoggerFactory.getLogger(LocalJournal.class);

    private final Journal journal;
    private final JournalSettings settings;

    @Activate
    public LocalJournal(JournalConfiguration config, BundleContext context) throws IOException {
        this(settingsOf(config, context.getProperty("daz.home")));
    }

    LocalJournal(JournalSettings settings) throws IOException {
        this.settings = settings;
        this.journal = Journal.open(settings);
        var stats = journal.stats();
        LOG.info(
                "Journal {} open (id {}): positions {} to {} in {} segments; group fsync every {} ms or {} records",
                stats.directory(),
                stats.id(),
                stats.firstPosition(),
                stats.appendedPosition(),
                stats.segments(),
                settings.fsyncIntervalMillis(),
                settings.fsyncRecords());
    }

    /** The journal folder and fsync settings are fixed while the journal is open; they apply on restart. */
    @Modified
    void modified(JournalConfiguration config, BundleContext context) {
        JournalSettings wanted = settingsOf(config, context.getProperty("daz.home"));
        if (!wanted.equals(settings)) {
            LOG.info("Journal settings changed ({}); they apply when daz.sql restarts", wanted);
        }
    }

    @Deactivate
    void close() throws IOException {
        journal.close();
        LOG.info("Journal {} closed at position {}", journal.directory(), journal.appendedPosition());
    }

    public Journal journal() {
        return journal;
    }

    static JournalSettings settingsOf(JournalConfiguration config, String home) {
        Path directory = config.journal_dir() == null || config.journal_dir().isBlank()
                ? Path.of(home == null || home.isBlank() ? "." : home, "data", "journal")
                : Path.of(config.journal_dir());
        return new JournalSettings(
                directory.toAbsolutePath().normalize(),
                config.segment_bytes(),
                config.fsync_interval_ms(),
                config.fsync_records(),
                8 << 20);
    }
}
