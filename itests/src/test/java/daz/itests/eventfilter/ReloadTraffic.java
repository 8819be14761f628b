package daz.itests.eventfilter;

import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of the reload scenario in a stand-in channel: users chatting at a steady total rate, and one user (an
 * admin of the bot, so no cooldown holds it back) asking the bot a command by PM every period, the commands taken in
 * turn from a list of {@link CommandKind}s. PMs are answered by PM to the asker alone, so the asker's inbox holds
 * exactly the answers to its commands ({@link AnswerInbox}). Scheduled at a fixed rate on threads of its own; the
 * probes after each update are another user's ({@link ProbeAsker}), off this schedule.
 */
public final class ReloadTraffic implements AutoCloseable {

    private final String channel;
    private final String bot;
    private final List<User> chatters = new ArrayList<>();
    private final User asker;
    private final List<CommandKind> kinds;
    private final int[] asked;
    private final AtomicInteger lines = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    // updates waiting for the asker's next turn (see takeNextTurn)
    private final Queue<CompletableFuture<Void>> turns = new ConcurrentLinkedQueue<>();
    private volatile boolean started;

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
        started = true;
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
                    // an update (and its probe) takes this turn: the bot answers no more than a command per period
                    CompletableFuture<Void> turn = turns.poll();
                    if (turn != null) {
                        turn.complete(null);
                        return;
                    }
                    synchronized (asked) {
                        send(kinds.get(commands.getAndIncrement() % kinds.size()));
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
     * Takes the asker's next turn: completes when it comes, and no command is asked in it. An update is typed then
     * and its probe asked (by another user) as soon as it is done, so the bot still answers one command per period
     * and its last answer is a period old: the probe's answer is not held back by the bot's own flood limit. Before
     * the load started: at once.
     */
    public CompletableFuture<Void> takeNextTurn() {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        if (!started || executor.isShutdown()) {
            turn.complete(null);
        } else {
            turns.add(turn);
        }
        return turn;
    }

    /**
     * Asks one command of {@code kind} in the load's next turn (at once before the load started), by the load's own
     * asker: a probe that keeps the asker's period, for a scenario that has no second asker.
     */
    public CompletableFuture<Asked> probe(CommandKind kind) {
        return takeNextTurn().thenApply(turn -> {
            synchronized (asked) {
                return send(kind);
            }
        });
    }

    /** Asks one command of {@code kind} now; the caller holds the lock. */
    private Asked send(CommandKind kind) {
        int number = asked[kinds.indexOf(kind)]++;
        long at = System.currentTimeMillis();
        asker.pm(bot, kind.ask().apply(number));
        return new Asked(number, at);
    }

    /** Stops sending; what was sent stays counted. */
    public void stop() {
        executor.shutdownNow();
        turns.forEach(t -> t.complete(null)); // no turn comes any more
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
