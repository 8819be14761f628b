package daz.sql.logger;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code daz.sql.writer}, in {@code etc/daz.sql.writer.cfg}: how the journal is written to PostgreSQL (see
 * {@link LogWriter}). Edits apply live.
 */
@ObjectClassDefinition(
        name = "Daz SQL journal writer",
        description = "Takes the SQL logger's journal to PostgreSQL in batches, and retries while it is away")
public @interface WriterConfiguration {

    @AttributeDefinition(description = "Most journal records written to PostgreSQL in one transaction")
    int batch_records() default 5_000;

    @AttributeDefinition(description = "Most journal bytes written to PostgreSQL in one transaction")
    long batch_bytes() default 4L << 20;

    @AttributeDefinition(
            description = "A batch of less than 256 KB waits up to this many ms for more records: at chat rates a"
                    + " transaction then takes several lines instead of one (each costs a WAL flush and round trips)")
    long linger_ms() default 200;

    @AttributeDefinition(description = "First wait before retrying after PostgreSQL failed, in ms (doubles)")
    long retry_initial_ms() default 250;

    @AttributeDefinition(description = "Longest wait between retries while PostgreSQL is unreachable, in ms")
    long retry_max_ms() default 15_000;
}
