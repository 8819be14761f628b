-- Chat lines and active users per channel, kept as lines arrive (never computed from a chat log on request).
-- Per user: lines in each hour, day and week; per channel: lines and distinct users in each hour, day and week.
-- Days and weeks (starting Monday) are those of the configured time zone; hours are the zone's hours.
CREATE TABLE user_hourly (
    channel text NOT NULL, period timestamptz NOT NULL, name_key text NOT NULL, name text NOT NULL,
    lines bigint NOT NULL, PRIMARY KEY (channel, period, name_key));
CREATE TABLE user_daily (
    channel text NOT NULL, period date NOT NULL, name_key text NOT NULL, name text NOT NULL,
    lines bigint NOT NULL, PRIMARY KEY (channel, period, name_key));
CREATE TABLE user_weekly (
    channel text NOT NULL, period date NOT NULL, name_key text NOT NULL, name text NOT NULL,
    lines bigint NOT NULL, PRIMARY KEY (channel, period, name_key));
-- a user's place among the week's chatters
CREATE INDEX user_weekly_lines ON user_weekly (channel, period, lines);

CREATE TABLE hourly (
    channel text NOT NULL, period timestamptz NOT NULL, lines bigint NOT NULL, users integer NOT NULL,
    PRIMARY KEY (channel, period));
CREATE TABLE daily (
    channel text NOT NULL, period date NOT NULL, lines bigint NOT NULL, users integer NOT NULL,
    PRIMARY KEY (channel, period));
CREATE TABLE weekly (
    channel text NOT NULL, period date NOT NULL, lines bigint NOT NULL, users integer NOT NULL,
    PRIMARY KEY (channel, period));

-- The server time (epoch ms) of the latest line counted per channel: of the backlog CyTube replays on every join,
-- only lines after it are new (said while the bot was away); the others were counted already.
CREATE TABLE watermarks (
    channel text PRIMARY KEY,
    last_time bigint NOT NULL
);
