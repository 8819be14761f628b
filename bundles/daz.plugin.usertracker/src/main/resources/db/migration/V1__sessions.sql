-- One row per stay of a user in a channel. name_key is the name in lower case: CyTube compares names that way.
-- A session ends when the user leaves ('left'), when the bot loses the channel ('disconnect': resumed if the user is
-- still there when the bot is back), or when the bot restarted without seeing the end ('restart': closed at the
-- channel's last heartbeat).
CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    channel text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    rank integer NOT NULL DEFAULT 0,
    afk boolean NOT NULL DEFAULT false,
    joined_at timestamptz NOT NULL,
    left_at timestamptz,
    end_reason text
);
-- at most one open session per user and channel
CREATE UNIQUE INDEX sessions_open ON sessions (channel, name_key) WHERE left_at IS NULL;
CREATE INDEX sessions_latest ON sessions (channel, name_key, joined_at DESC);

-- What happened, one row each: join, leave, afk, back, rank.
CREATE TABLE activity (
    id bigserial PRIMARY KEY,
    channel text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    kind text NOT NULL,
    detail text,
    at timestamptz NOT NULL
);
CREATE INDEX activity_user ON activity (channel, name_key, at DESC);

-- The last chat line of each user per channel (server time: the replayed backlog never overwrites a newer line).
CREATE TABLE last_words (
    channel text NOT NULL,
    name_key text NOT NULL,
    name text NOT NULL,
    text text NOT NULL,
    said_at timestamptz NOT NULL,
    PRIMARY KEY (channel, name_key)
);

-- When the tracker last knew each channel's sessions to be right: where sessions are closed after a crash.
CREATE TABLE channel_watch (
    channel text PRIMARY KEY,
    alive_at timestamptz NOT NULL
);
