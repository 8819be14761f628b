-- One row per command the EventFilter ran or refused.
CREATE TABLE daz_eventfilter_history (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    channel     TEXT NOT NULL,
    username    TEXT NOT NULL,
    origin      TEXT NOT NULL,
    command     TEXT NOT NULL,
    args        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    latency_ms  BIGINT
);
CREATE INDEX daz_eventfilter_history_at ON daz_eventfilter_history (at);
CREATE INDEX daz_eventfilter_history_user ON daz_eventfilter_history (channel, username);
