package daz.sql.logger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code daz.sql.journal}, in {@code etc/daz.sql.journal.cfg}: where the SQL logger's local journal lives and how
 * it is forced to disk (see {@link LocalJournal}). They are fixed while the journal is open: edits apply when daz.sql
 * restarts.
 */
@ObjectClassDefinition(
        name = "Daz SQL journal",
        description = "The local journal the SQL logger appends every kept event to before PostgreSQL sees it")
public @interface JournalConfiguration {

    @AttributeDefinition(
            required = false,
            description = "Journal folder; empty: data/journal under the Daz home (framework property daz.home)")
    String journal_dir() default "";

    @AttributeDefinition(description = "Records are forced to disk in groups, at most this many ms apart")
    long fsync_interval_ms() default 5;

    @AttributeDefinition(description = "... or as soon as this many records wait for the force")
    int fsync_records() default 2_000;

    @AttributeDefinition(description = "Size of one journal segment file, in bytes")
    long segment_bytes() default 16L << 20;
}
