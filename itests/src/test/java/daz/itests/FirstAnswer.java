package daz.itests;

import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmarks' measure of a start: from launching the runtime to a user in its channel receiving the bot's first
 * answer to {@code !bench} (the test plugin in {@code deploy/}), the user asking every {@value #ASK_MS} ms from the
 * launch on.
 */
public final class FirstAnswer {

    /** How often the user may chat: CyTube's limiter lets one line per 100 ms through after the burst. */
    public static final long ASK_MS = 110;

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private FirstAnswer() {}

    /**
     * Milliseconds from launching {@code run} to {@code asker} receiving the bot ({@code bot})'s first answer; returns
     * once the answers to all it asked are in, so that none is left over for what the caller measures next.
     */
    public static long of(ScheduledExecutorService sender, User asker, String bot, RuntimeProcess.Run run, String tag) {
        long since = asker.cursor();
        AtomicInteger asked = new AtomicInteger();
        ScheduledFuture<?> asking = sender.scheduleWithFixedDelay(
                () -> asker.chat("!bench " + tag + asked.getAndIncrement()), 0, ASK_MS, TimeUnit.MILLISECONDS);
        Received answer =
                asker.awaitMessage(since, r -> fromBot(r, bot) && r.msg().startsWith("pong " + tag), START);
        asking.cancel(false);
        String last = "pong " + tag + (asked.get() - 1);
        asker.awaitMessage(since, r -> fromBot(r, bot) && last.equals(r.msg()), ANSWER);
        return answer.time() - run.launchedAtMillis();
    }

    private static boolean fromBot(Received r, String bot) {
        return r.is("chatMsg") && bot.equals(r.username());
    }
}
