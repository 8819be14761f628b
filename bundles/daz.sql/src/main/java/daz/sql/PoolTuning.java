package daz.sql;

/**
 * The settings of {@code etc/daz.sql.cfg} that apply to the running pools without replacing them: pool sizes and
 * timeouts. HikariCP takes a new size and connection timeout through its configuration MXBean, and the statement
 * timeout is read for each statement.
 */
record PoolTuning(int poolSize, int pluginPoolSize, long connectionTimeoutMs, long statementTimeoutMs) {

    static PoolTuning of(SqlConfiguration config) {
        return new PoolTuning(
                Math.max(1, config.pool_size()),
                Math.max(1, config.plugin_pool_size()),
                config.connection_timeout_ms(),
                config.statement_timeout_ms());
    }
}
