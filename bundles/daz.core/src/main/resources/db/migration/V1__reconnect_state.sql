-- The reconnect state of each configured channel, so that a restarted bot honours its backoff and cooldown
-- instead of hammering the server. Times are epoch milliseconds.
CREATE TABLE reconnect_state (
    server          text    NOT NULL,
    channel         text    NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    cooldown_until  bigint  NOT NULL DEFAULT 0,
    last_attempt_at bigint  NOT NULL DEFAULT 0,
    last_server     text    NOT NULL DEFAULT '', -- host:port of the socket server the recent connects went to
    recent_connects bigint[] NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (server, channel)
);
