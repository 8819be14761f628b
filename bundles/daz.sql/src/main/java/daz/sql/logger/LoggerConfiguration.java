package daz.sql.logger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code daz.sql.logger}, in {@code etc/daz.sql.logger.cfg}: what the SQL logger keeps and how its journal is
 * kept. Rules and batch settings apply live; the journal folder and fsync settings when daz.sql restarts.
 */
@ObjectClassDefinition(
        name = "Daz SQL logger",
        description = "Keeps CyTube events in PostgreSQL through a local journal, so none is lost while the"
                + " database is down or the bot is killed")
public @interface LoggerConfiguration {

    @AttributeDefinition(
            description = "Keep the built-in rules: chat lines to chat_log, PMs to pm_log, addUser/userLeave to"
                    + " user_activity, changeMedia to media_log")
    boolean default_rules() default true;

    @AttributeDefinition(
            required = false,
            description = "More rules, 'event -> table(column=value, ...)', several in one value separated by ';'."
                    + " event: a CyTube event name (chatMsg, *) or a bus topic pattern with dots. value: channel,"
                    + " event, topic, source, raw, received_at, replayed, text, $.path.in.payload, text($.path),"
                    + " 'literal'. table: in schema daz_sql unless qualified.")
    String[] rules() default {};

    @AttributeDefinition(description = "Also keep every CyTube event as JSON in event_log")
    boolean log_all_events() default false;

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

    @AttributeDefinition(description = "Most journal records written to PostgreSQL in one transaction")
    int batch_records() default 5_000;

    @AttributeDefinition(description = "Most journal bytes written to PostgreSQL in one transaction")
    long batch_bytes() default 4L << 20;

    @AttributeDefinition(description = "First wait before retrying after PostgreSQL failed, in ms (doubles)")
    long retry_initial_ms() default 250;

    @AttributeDefinition(description = "Longest wait between retries while PostgreSQL is unreachable, in ms")
    long retry_max_ms() default 15_000;
}
