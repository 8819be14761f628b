-- One row per play of a media item in a channel. The position is the last one known (changeMedia, mediaUpdate) and
-- when it was known; played_seconds is set when the play ends: how far it got from where the bot first saw it.
CREATE TABLE plays (
    id bigserial PRIMARY KEY,
    channel text NOT NULL,
    media_type text NOT NULL,
    media_id text NOT NULL,
    title text NOT NULL,
    seconds integer NOT NULL,
    queued_by text,
    started_at timestamptz NOT NULL,
    start_position double precision NOT NULL,
    position double precision NOT NULL,
    position_at timestamptz NOT NULL,
    paused boolean NOT NULL DEFAULT false,
    ended_at timestamptz,
    played_seconds integer
);
-- at most one play under way per channel
CREATE UNIQUE INDEX plays_current ON plays (channel) WHERE ended_at IS NULL;
CREATE INDEX plays_recent ON plays (channel, started_at DESC);

-- How often each item was played per channel, counted as plays start (never by scanning plays on request).
CREATE TABLE media_counts (
    channel text NOT NULL,
    media_type text NOT NULL,
    media_id text NOT NULL,
    title text NOT NULL,
    plays bigint NOT NULL,
    last_played timestamptz NOT NULL,
    PRIMARY KEY (channel, media_type, media_id)
);
CREATE INDEX media_counts_top ON media_counts (channel, plays DESC, last_played DESC);
