package daz.itests.trackers;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.OutgoingChat;
import daz.itests.Await;
import daz.itests.PacedSender;
import daz.itests.TestDatabase;
import daz.itests.core.EventRecorder;
import daz.itests.cytube.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * {@code itests/benchmarks/run trackers}: the tracker plugins in real Felix against PostgreSQL, with 1,000,000
 * user-activity rows (and 500,000 sessions), 1,000,000 chat lines (in the chat log, and counted in the analytics
 * tables) and 100,000 plays bulk-loaded with {@code generate_series}.
 *
 * <ul>
 *   <li>{@code seen/topmedia/stats_p99_ms}: a stand-in user (an EventFilter admin: no cooldowns) asks each command
 *       {@code BENCH_ASKS} (150) times, one at a time; the latency is at the bot, from the connection receiving the
 *       command's line (the event's {@code receivedAt}) to the answer being published on {@code cytube.send.chat}
 *       for the pacer (a synchronous bus handler stamps it in the publishing call): the bus, the EventFilter, the
 *       plugin and its query, not the server or the pacer's flood-limit waiting. The first ten are left out (warm-up).
 *       The EventFilter's own latency column of its audit rows is printed beside it.
 *   <li>{@code analytics_lag_ms}: chat lines published on the bus as the connection publishes them, 2,000 per second
 *       for 10 s, in a channel of their own; every 100 ms the count published so far is noted, and the lag is how
 *       long the analytics tables took to hold that many (polled every 10 ms); the figure is the largest lag.
 * </ul>
 *
 * Writes {@code target/benchmarks/trackers.txt}; its last line is
 * {@code trackers: seen_p99_ms topmedia_p99_ms stats_p99_ms analytics_lag_ms}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TrackersBenchmark extends TrackerITSupport {

    private static final int ASKS = Integer.getInteger("bench.asks", 150);
    private static final int RATE = 2_000;
    private static final int SECONDS = 10;

    /**
     * Stamps the asker's command lines with the time the connection received them (the event's own stamp) and the
     * bot's answers with the time they are published for the pacer (this handler is synchronous: it runs in the
     * publishing call). One answer per command, one command at a time: the i-th answer is the i-th command's.
     */
    private static final class Stamps implements EventHandler {
        final List<Long> asked = new ArrayList<>();
        final List<Long> answered = new ArrayList<>();

        @Override
        public synchronized void handle(Event event) {
            long now = System.currentTimeMillis();
            if (event.payload() instanceof CytubeEvent cytube
                    && !cytube.replayed()
                    && cytube.typed(ChatMessage.class)
                            .map(m -> m.username().equals(ASKER) && m.text().startsWith("!"))
                            .orElse(false)) {
                asked.add(cytube.receivedAt());
            } else if (event.payload() instanceof OutgoingChat chat
                    && chat.channel().equals("bench")) {
                answered.add(now);
            }
        }

        synchronized int answers() {
            return answered.size();
        }

        /** Latencies in ms, sorted, without the first ten (they warm the JIT and the connection pool). */
        synchronized List<Long> latencies() {
            List<Long> latencies = new ArrayList<>();
            for (int i = 10; i < Math.min(asked.size(), answered.size()); i++) {
                latencies.add(answered.get(i) - asked.get(i));
            }
            return latencies.stream().sorted().toList();
        }
    }

    @Test
    public void trackers() throws Exception {
        botIn("bench");
        events.unregister(); // the recorder keeps every event: not under 2,000 lines/s
        try {
            load();
            User asker = standin.user("bench", ASKER);
            List<String> report = new ArrayList<>();
            long seen = measure(asker, "seen", i -> "!seen u" + (i * 37 % 5_000), report);
            long top = measure(asker, "topmedia", i -> "!topmedia " + (1 + i % 10), report);
            long stats = measure(asker, "stats", i -> i % 2 == 0 ? "!stats" : "!stats u" + (i * 13 % 5_000), report);
            long lag = analyticsLag(report);
            report.add(String.format(
                    Locale.ROOT,
                    "trackers: seen_p99_ms=%d topmedia_p99_ms=%d stats_p99_ms=%d analytics_lag_ms=%d",
                    seen,
                    top,
                    stats,
                    lag));
            Path out = Path.of("target/benchmarks/trackers.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        } finally {
            events = EventRecorder.register(context);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = TestDatabase.ofThisClass().connect();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private void load() throws Exception {
        for (String table : List.of(
                "daz_usertracker.activity", "daz_mediatracker.plays", "daz_analytics.daily", "daz_sql.chat_log")) {
            awaitValue("SELECT to_regclass('" + table + "') IS NOT NULL", true);
        }
        long started = System.nanoTime();
        // 5,000 users, 90 days back; every user's sessions and activity spread over the days
        sql(
                "INSERT INTO daz_usertracker.activity (channel, name, name_key, kind, detail, at)"
                        + " SELECT 'bench', 'u' || (g % 5000), 'u' || (g % 5000),"
                        + " (ARRAY['join','leave','afk','back','rank'])[1 + g % 5], NULL,"
                        + " now() - make_interval(secs => (g * 7.77) % 7776000) FROM generate_series(1, 1000000) g",
                "INSERT INTO daz_usertracker.sessions (channel, name, name_key, joined_at, left_at, end_reason)"
                        + " SELECT 'bench', 'u' || (g % 5000), 'u' || (g % 5000), t, t + interval '20 minutes', 'left'"
                        + " FROM (SELECT g, now() - make_interval(secs => (g * 15.55) % 7776000) AS t"
                        + " FROM generate_series(1, 500000) g) s",
                "INSERT INTO daz_usertracker.last_words (channel, name_key, name, text, said_at)"
                        + " SELECT 'bench', 'u' || g, 'u' || g, 'line of u' || g, now() - make_interval(mins => g)"
                        + " FROM generate_series(0, 4999) g",
                "INSERT INTO daz_sql.chat_log (channel, time, username, msg, text, raw, received_at)"
                        + " SELECT 'bench', (extract(epoch FROM t) * 1000)::bigint, 'u' || (g % 5000), 'line ' || g,"
                        + " 'line ' || g, '{}', t FROM (SELECT g, now() - make_interval(secs => (g * 7.77) % 7776000)"
                        + " AS t FROM generate_series(1, 1000000) g) s",
                // the analytics of those lines, as the plugin would have counted them (UTC)
                "CREATE TEMP TABLE lines AS SELECT channel, username AS name, lower(username) AS name_key,"
                        + " to_timestamp(time / 1000.0) AS t FROM daz_sql.chat_log WHERE channel = 'bench'",
                "INSERT INTO daz_analytics.user_hourly SELECT channel, date_trunc('hour', t), name_key, max(name),"
                        + " count(*) FROM lines GROUP BY 1, 2, 3",
                "INSERT INTO daz_analytics.user_daily SELECT channel, (t AT TIME ZONE 'UTC')::date, name_key,"
                        + " max(name), count(*) FROM lines GROUP BY 1, 2, 3",
                "INSERT INTO daz_analytics.user_weekly SELECT channel,"
                        + " date_trunc('week', t AT TIME ZONE 'UTC')::date, name_key, max(name), count(*)"
                        + " FROM lines GROUP BY 1, 2, 3",
                "INSERT INTO daz_analytics.hourly SELECT channel, period, sum(lines), count(*)"
                        + " FROM daz_analytics.user_hourly GROUP BY 1, 2",
                "INSERT INTO daz_analytics.daily SELECT channel, period, sum(lines), count(*)"
                        + " FROM daz_analytics.user_daily GROUP BY 1, 2",
                "INSERT INTO daz_analytics.weekly SELECT channel, period, sum(lines), count(*)"
                        + " FROM daz_analytics.user_weekly GROUP BY 1, 2",
                // 100,000 plays of 2,000 items
                "INSERT INTO daz_mediatracker.plays (channel, media_type, media_id, title, seconds, queued_by,"
                        + " started_at, start_position, position, position_at, ended_at, played_seconds)"
                        + " SELECT 'bench', 'yt', 'v' || (g::bigint * g % 2000), 'Title ' || (g::bigint * g % 2000), 200,"
                        + " 'u' || (g % 5000), t, 0, 200, t + interval '200 seconds', t + interval '200 seconds', 200"
                        + " FROM (SELECT g, now() - make_interval(secs => g * 77) AS t"
                        + " FROM generate_series(1, 100000) g) s",
                "INSERT INTO daz_mediatracker.media_counts SELECT channel, media_type, media_id, max(title),"
                        + " count(*), max(started_at) FROM daz_mediatracker.plays GROUP BY 1, 2, 3",
                // settle what a bulk load leaves to the background (hint bits, statistics, dirty pages), so that
                // the first command measured does not pay for it
                "VACUUM ANALYZE daz_usertracker.activity, daz_usertracker.sessions, daz_usertracker.last_words,"
                        + " daz_sql.chat_log, daz_analytics.user_hourly, daz_analytics.user_daily,"
                        + " daz_analytics.user_weekly, daz_analytics.hourly, daz_analytics.daily, daz_analytics.weekly,"
                        + " daz_mediatracker.plays, daz_mediatracker.media_counts",
                "CHECKPOINT");
        System.out.printf("loaded in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    private interface Line {
        String of(int i);
    }

    /** The EventFilter's own view: p50/p99 of latency_ms in its audit rows of that command. */
    private String audit(String command) {
        return String.valueOf(value("SELECT 'p50 ' || percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms)"
                + " || ' ms, p99 ' || percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) || ' ms'"
                + " FROM daz_eventfilter.daz_eventfilter_history WHERE command = '" + command + "'"));
    }

    private long measure(User asker, String command, Line line, List<String> report) throws Exception {
        Stamps stamps = new Stamps();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, new String[] {"cytube.event.chatMsg", OutgoingChat.TOPIC});
        properties.put(EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC);
        ServiceRegistration<EventHandler> registration =
                context.registerService(EventHandler.class, stamps, properties);
        try {
            // one ask per 150 ms: under the user's and the bot's flood limits, and far apart for answers in ms
            try (PacedSender asks =
                    PacedSender.start("asks", ASKS, Duration.ofMillis(150), i -> asker.chat(line.of(i)))) {
                asks.awaitDone(Duration.ofMillis(150).multipliedBy(ASKS).plus(ANSWER));
                Await.until(ANSWER, ASKS + " answers to !" + command, () -> stamps.answers() >= ASKS);
            }
        } finally {
            registration.unregister();
        }
        List<Long> measured = stamps.latencies();
        long p50 = measured.get(measured.size() / 2);
        long p99 = measured.get(Math.min(measured.size() - 1, (int) Math.ceil(measured.size() * 0.99) - 1));
        report.add(String.format(
                Locale.ROOT,
                "%s: %d answers, at the bot p50 %d ms, p99 %d ms, max %d ms; the EventFilter's audit: %s",
                command,
                measured.size(),
                p50,
                p99,
                measured.get(measured.size() - 1),
                audit(command)));
        return p99;
    }

    private long analyticsLag(List<String> report) throws Exception {
        String count = "SELECT coalesce(sum(lines), 0) FROM daz_analytics.daily WHERE channel = 'burst'";
        int total = RATE * SECONDS;
        long[] markAt = new long[SECONDS * 10 + 1];
        long[] markCount = new long[SECONDS * 10 + 1];
        List<long[]> polls = new ArrayList<>();
        CompletableFuture<Void> allSent = new CompletableFuture<>();
        CompletableFuture<Void> allCounted = new CompletableFuture<>();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        try (Connection c = TestDatabase.ofThisClass().connect();
                Statement s = c.createStatement()) {
            // the counts, read every 10 ms until all are in
            load.scheduleWithFixedDelay(
                    () -> {
                        try (var rs = s.executeQuery(count)) {
                            rs.next();
                            long seen = rs.getLong(1);
                            synchronized (polls) {
                                polls.add(new long[] {System.nanoTime(), seen});
                            }
                            if (seen >= total) {
                                allCounted.complete(null);
                            }
                        } catch (Exception e) {
                            allCounted.completeExceptionally(e);
                        }
                    },
                    0,
                    10,
                    TimeUnit.MILLISECONDS);
            // the lines, published each millisecond as many as are due at RATE per second
            long start = System.nanoTime();
            int[] sent = {0};
            int[] mark = {0};
            load.scheduleAtFixedRate(
                    () -> {
                        long due = (System.nanoTime() - start) * RATE / 1_000_000_000L;
                        while (sent[0] < Math.min(due, total)) {
                            publishBurstLine(sent[0]);
                            sent[0]++;
                        }
                        long elapsed = System.nanoTime() - start;
                        if (elapsed >= mark[0] * 100_000_000L && mark[0] < markAt.length) {
                            markAt[mark[0]] = System.nanoTime();
                            markCount[mark[0]] = sent[0];
                            mark[0]++;
                        }
                        if (sent[0] >= total) {
                            allSent.complete(null);
                        }
                    },
                    0,
                    1,
                    TimeUnit.MILLISECONDS);
            allSent.get(SECONDS * 10L, TimeUnit.SECONDS);
            long sentNanos = System.nanoTime() - start;
            try {
                allCounted.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException notAll) {
                // reported below: fewer counted than published
            }
            load.shutdownNow();
            load.awaitTermination(10, TimeUnit.SECONDS);
            return lag(report, total, sentNanos, polls, markAt, markCount, mark[0]);
        } finally {
            load.shutdownNow();
        }
    }

    private void publishBurstLine(int n) {
        long time = System.currentTimeMillis();
        String user = "c" + (n % 300);
        String text = "burst line " + n;
        ChatMessage chat = new ChatMessage(user, text, text, time, false);
        String raw = "{\"username\":\"" + user + "\",\"msg\":\"" + text + "\",\"meta\":{},\"time\":" + time + "}";
        bus.publish("cytube.event.chatMsg", new CytubeEvent("burst", "chatMsg", raw, time, false, Optional.of(chat)));
    }

    /** The largest time from a mark (lines published by then) to the first count that held them. */
    private static long lag(
            List<String> report,
            int total,
            long sentNanos,
            List<long[]> polls,
            long[] markAt,
            long[] markCount,
            int mark) {
        long worst = 0;
        List<long[]> seen;
        synchronized (polls) {
            seen = List.copyOf(polls);
        }
        for (int k = 0; k < mark; k++) {
            long reached = -1;
            for (long[] poll : seen) {
                if (poll[1] >= markCount[k] && poll[0] >= markAt[k]) {
                    reached = poll[0];
                    break;
                }
            }
            worst = Math.max(worst, reached < 0 ? Long.MAX_VALUE / 2_000_000 : (reached - markAt[k]) / 1_000_000);
        }
        long counted = seen.isEmpty() ? 0 : seen.get(seen.size() - 1)[1];
        report.add(String.format(
                Locale.ROOT,
                "analytics: %d lines published in %.1f s (%d/s), %d counted, largest lag %d ms",
                total,
                sentNanos / 1e9,
                Math.round(total / (sentNanos / 1e9)),
                counted,
                worst));
        return worst;
    }
}
