package daz.sql;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code daz.sql}, in {@code etc/daz.sql.cfg}. Edits apply live, and restart nothing unless they name another
 * database or user (see {@link PoolRegistration}). The password's key is {@code .password}: DS
 * keeps properties whose name starts with a dot private (compendium 112.8.2.1), and the component that reads this
 * configuration registers no service of its own anyway (see {@link PoolRegistration}).
 */
@ObjectClassDefinition(name = "Daz SQL", description = "The PostgreSQL database of the bot")
public @interface SqlConfiguration {

    @AttributeDefinition(
            description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/daz. Empty: the embedded PostgreSQL the"
                    + " launcher started under data/pg, if any.")
    String url() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "postgres";

    /** Key {@code .password}: DS maps the single {@code _} to a {@code .}, and never publishes such a property. */
    @AttributeDefinition(
            type = AttributeType.PASSWORD,
            description = "Password, under the key .password (private: never a service property, never logged)")
    String _password() default "";

    /** The key of releases before {@code .password}: still read, never published, and a hint to rename it. */
    @AttributeDefinition(
            type = AttributeType.PASSWORD,
            required = false,
            description = "Old key of .password: still read, but rename it to .password")
    String password() default "";

    @AttributeDefinition(description = "Connections in the pool")
    int pool_size() default 8;

    @AttributeDefinition(description = "Connections in each plugin's own pool (logged in as the plugin's role)")
    int plugin_pool_size() default 2;

    @AttributeDefinition(description = "How long a caller waits for a connection, in milliseconds")
    long connection_timeout_ms() default 10_000;

    @AttributeDefinition(description = "Longest a plugin statement may run, in milliseconds")
    long statement_timeout_ms() default 30_000;
}
