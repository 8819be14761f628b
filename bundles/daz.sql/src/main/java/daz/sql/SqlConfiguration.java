package daz.sql;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code daz.sql}, in {@code etc/daz.sql.cfg}. Edits apply live. */
@ObjectClassDefinition(name = "Daz SQL", description = "The PostgreSQL database of the bot")
public @interface SqlConfiguration {

    @AttributeDefinition(
            description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/daz. Empty: the embedded PostgreSQL the"
                    + " launcher started under data/pg, if any.")
    String url() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "postgres";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password (never logged)")
    String password() default "";

    @AttributeDefinition(description = "Connections in the pool")
    int pool_size() default 8;

    @AttributeDefinition(description = "How long a caller waits for a connection, in milliseconds")
    long connection_timeout_ms() default 10_000;

    @AttributeDefinition(description = "Longest a plugin statement may run, in milliseconds")
    long statement_timeout_ms() default 30_000;
}
