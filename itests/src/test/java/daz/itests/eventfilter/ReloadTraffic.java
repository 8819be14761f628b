package daz.itests.eventfilter;

import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of the reload scenario in a stand-in channel: users chatting at a steady total rate, and one user (an
 * admin of the bot, so no cooldown holds it back) asking the bot a command by PM every period, the commands taken in
 * turn from a list of {@link CommandKind}s, and a probe now and then ({@link #probe}), never two closer than the
 * server's flood limit allows. PMs are answered by PM to the asker alone, so the asker's inbox holds
 * exactly the answers to its commands ({@link AnswerInbox}). Scheduled at a fixed rate on threads of its own.
 */
public final class ReloadTraffic implements AutoCloseable {

    /**
     * The least time between a probe and the asker's other PMs: once its burst is used up, CyTube lets one through
     * per 100 ms from the last it let through, as the lines arrive, and two sends may arrive closer than they were
     * sent (the load's own commands keep their period).
     */
    private static final long SPACING_NANOS = Duration.ofMillis(150).toNanos();

    private final String channel;
    private final String bot;
    private final List<User> chatters = new ArrayList<>();
    private final User asker;
    private final List<CommandKind> kinds;
    private final int[] asked;
    private final AtomicInteger lines = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    // guarded by asked
    private long lastAskNanos = System.nanoTime() - SPACING_NANOS;
    // guarded by asked
    private long lastProbeNanos = System.nanoTime() - SPACING_NANOS;
    private final ScheduledExecutorService executor;

    /**
     * Joins {@code chatters} users ({@code chat1}, ...) and the asker to the channel (nothing is sent yet).
     *
     * @param askerName an admin of the bot
     */
    public ReloadTraffic(
            CytubeStandin standin,
            String channel,
            String bot,
            int chatters,
            String askerName,
            List<CommandKind> kinds) {
        this.channel = channel;
        this.bot = bot;
        for (int i = 1; i <= chatters; i++) {
            this.chatters.add(standin.user(channel, "chat" + i));
        }
        this.asker = standin.user(channel, askerName);
        this.kinds = List.copyOf(kinds);
        this.asked = new int[kinds.size()];
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "reload-traffic");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts chatting ({@code linesPerSecond} in all, the users in turn) and asking, one command every period. */
    public void start(int linesPerSecond, Duration commandPeriod) {
        long lineNanos = 1_000_000_000L / Math.max(1, linesPerSecond);
        executor.scheduleAtFixedRate(
                () -> guarded(() -> {
                    int n = lines.getAndIncrement();
                    User user = chatters.get(n % chatters.size());
                    user.chat("line " + n + " from " + user.name());
                }),
                0,
                lineNanos,
                TimeUnit.NANOSECONDS);
        executor.scheduleAtFixedRate(
                () -> guarded(() -> {
                    // a tick too close to a probe is left out: the rotation goes on with the next one
                    if (tryAsk(kinds.get(commands.get() % kinds.size()), false) != null) {
                        commands.incrementAndGet();
                    }
                }),
                commandPeriod.toNanos() / 2,
                commandPeriod.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** A failing send (the stand-in's answer) is counted, and the schedule goes on (it would stop at a throw). */
    private void guarded(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            System.out.println("reload traffic: a send failed: " + e);
        }
    }

    /** Sends that failed. */
    public int failures() {
        return failures.get();
    }

    /** One command asked: how many of its kind were asked before it, and when it was sent (epoch ms). */
    public record Asked(int number, long sentAtMillis) {}

    /**
     * Asks one command of {@code kind} as soon as the asker may (at once, unless its last command was sent less than
     * the spacing ago): a probe right after an update.
     */
    public CompletableFuture<Asked> probe(CommandKind kind) {
        CompletableFuture<Asked> asked = new CompletableFuture<>();
        executor.execute(() -> probe(kind, asked));
        return asked;
    }

    private void probe(CommandKind kind, CompletableFuture<Asked> result) {
        try {
            Asked sent = tryAsk(kind, true);
            if (sent != null) {
                result.complete(sent);
                return;
            }
            long wait;
            synchronized (asked) {
                wait = Math.max(lastAskNanos, lastProbeNanos) + SPACING_NANOS - System.nanoTime();
            }
            executor.schedule(() -> probe(kind, result), Math.max(1, wait), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * Asks one command of {@code kind} now, unless it comes less than the spacing after a probe, or is a probe and
     * comes less than the spacing after any command (null).
     */
    private Asked tryAsk(CommandKind kind, boolean isProbe) {
        int index = kinds.indexOf(kind);
        synchronized (asked) {
            long now = System.nanoTime();
            if (now - lastProbeNanos < SPACING_NANOS || (isProbe && now - lastAskNanos < SPACING_NANOS)) {
                return null;
            }
            lastAskNanos = now;
            if (isProbe) {
                lastProbeNanos = now;
            }
            int number = asked[index]++;
            long at = System.currentTimeMillis();
            asker.pm(bot, kind.ask().apply(number));
            return new Asked(number, at);
        }
    }

    /** Stops sending; what was sent stays counted. */
    public void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public List<CommandKind> kinds() {
        return kinds;
    }

    public User asker() {
        return asker;
    }

    public String channel() {
        return channel;
    }

    /** Commands asked so far, all kinds. */
    public int asked() {
        synchronized (asked) {
            int sum = 0;
            for (int n : asked) {
                sum += n;
            }
            return sum;
        }
    }

    /** Commands of one kind asked so far. */
    public int asked(CommandKind kind) {
        synchronized (asked) {
            return asked[kinds.indexOf(kind)];
        }
    }

    /** Chat lines sent so far (the server may have refused some: see {@link #relayedLines()}). */
    public int linesSent() {
        return lines.get();
    }

    /** The chatters' lines as the channel relayed them (to the first chatter), in order: "user\tmsg". */
    public List<String> relayedLines() {
        List<String> names = chatters.stream().map(User::name).toList();
        return chatters.get(0).received("chatMsg").stream()
                .filter(r -> names.contains(r.username()))
                .map(ReloadTraffic::key)
                .toList();
    }

    public List<String> chatterNames() {
        return chatters.stream().map(User::name).toList();
    }

    static String key(Received r) {
        return r.username() + "\t" + r.msg();
    }
}
