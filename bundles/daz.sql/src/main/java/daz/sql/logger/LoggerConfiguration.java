package daz.sql.logger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code daz.sql.logger}, in {@code etc/daz.sql.logger.cfg}: what the SQL logger keeps. Edits apply live. How its
 * journal is kept is {@link JournalConfiguration} ({@code etc/daz.sql.journal.cfg}), how the journal is written to
 * PostgreSQL {@link WriterConfiguration} ({@code etc/daz.sql.writer.cfg}).
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
}
