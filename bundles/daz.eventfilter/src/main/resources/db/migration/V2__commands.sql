-- The command registry as the EventFilter sees it, rewritten whenever a command service comes or goes.
CREATE TABLE daz_eventfilter_commands (
    name         TEXT PRIMARY KEY,
    aliases      TEXT NOT NULL,
    min_rank     INTEGER NOT NULL,
    cooldown_s   INTEGER NOT NULL,
    description  TEXT NOT NULL,
    usage        TEXT NOT NULL,
    bundle       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
