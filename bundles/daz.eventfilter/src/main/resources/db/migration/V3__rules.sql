-- Routing rules: an event that matches a rule is published again, unchanged, on the rule's target topic, where a
-- plugin's handler takes it. The EventFilter only reads this table (every rules.reload.seconds, and on
-- daz:rules reload); operators write it, with SQL or daz:rules add / remove.
CREATE TABLE daz_eventfilter_rules (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,              -- how logs, daz:rules and daz:status name the rule
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,     -- false keeps the row but routes nothing
    event       TEXT NOT NULL,                     -- bus topic or pattern under cytube.event: cytube.event.chatMsg, cytube.event.*
    channel     TEXT,                              -- NULL: every channel; else the channel's name (any case)
    username    TEXT,                              -- NULL: anyone; else the user who wrote or joined (any case)
    pattern     TEXT,                              -- NULL: every line; else a Java regex found in a chat line's or PM's text
    target      TEXT NOT NULL,                     -- topic the event is published on, e.g. plugin.greeter.hello
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT daz_eventfilter_rules_name_not_blank CHECK (btrim(name) <> '')
);
