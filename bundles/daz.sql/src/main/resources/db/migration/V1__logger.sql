-- The SQL logger's tables, in schema daz_sql (PluginSchemas applies this as role daz_sql).
-- raw is json, not jsonb: json keeps the text exactly as CyTube sent it, \u0000 escapes and key order included.

-- Chat lines. CyTube re-sends the last lines on every join, so a line has a natural key and inserts ignore
-- duplicates. The key hashes msg: a btree entry holds at most ~2.7 kB, and a line's HTML can be longer.
CREATE TABLE chat_log (
    id          bigserial   PRIMARY KEY,
    channel     text        NOT NULL,
    time        bigint      NOT NULL,  -- the server's time of the line, ms since the epoch
    username    text        NOT NULL,
    msg         text        NOT NULL,  -- the HTML as the server sent it
    text        text,                  -- msg with the HTML entities unescaped
    raw         json        NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX chat_log_line ON chat_log (channel, time, username, md5(msg));

CREATE TABLE pm_log (
    id          bigserial   PRIMARY KEY,
    channel     text        NOT NULL,
    time        bigint      NOT NULL,
    username    text        NOT NULL,
    recipient   text        NOT NULL,
    msg         text        NOT NULL,
    text        text,
    raw         json        NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX pm_log_line ON pm_log (channel, time, username, recipient, md5(msg));

-- Joins and leaves (addUser, userLeave).
CREATE TABLE user_activity (
    id          bigserial   PRIMARY KEY,
    channel     text        NOT NULL,
    username    text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('join', 'leave')),
    rank        integer,
    raw         json        NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX user_activity_user ON user_activity (channel, username, received_at);

-- What played (changeMedia).
CREATE TABLE media_log (
    id          bigserial   PRIMARY KEY,
    channel     text        NOT NULL,
    media_type  text,
    media_id    text,
    title       text,
    seconds     numeric,
    raw         json        NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX media_log_time ON media_log (channel, received_at);

-- Every event, when log_all_events is on.
CREATE TABLE event_log (
    id          bigserial   PRIMARY KEY,
    channel     text,
    event       text        NOT NULL,
    raw         json        NOT NULL,
    replayed    boolean     NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL
);
CREATE INDEX event_log_time ON event_log (channel, event, received_at);

-- How far each journal is written. Moved in the same transaction as the rows, so a record is written once.
CREATE TABLE journal_position (
    journal_id  uuid        PRIMARY KEY,
    position    bigint      NOT NULL,
    directory   text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Journal records PostgreSQL refused for good (a value that does not fit, a missing table), kept as they were.
CREATE TABLE log_rejects (
    id          bigserial   PRIMARY KEY,
    journal_id  uuid        NOT NULL,
    position    bigint      NOT NULL,
    origin      text        NOT NULL,
    targets     text        NOT NULL,
    error       text        NOT NULL,
    record      bytea       NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now()
);
