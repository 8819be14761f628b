package daz.eventfilter;

import daz.api.bus.NoResponderException;
import daz.api.bus.RequestTimeoutException;
import daz.api.command.CommandInfo;
import daz.api.command.CommandOrigin;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.sql.DatabaseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command rules, apart from OSGi: parse, look up, spam limit, rank, cooldown, dispatch, answer where asked, audit.
 * A refused caller hears one short answer per refusal, not one per attempt.
 *
 * <p>A command whose plugin is being updated ({@link CommandRegistry#isUpdating}) is dispatched as any other: the bus
 * holds the request for the plugin's durable handler and the plugin answers it when it is back. If it is not back
 * within the command timeout, the caller hears once that the command is being updated; never silence.
 */
final class CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    /** How the dispatcher reaches the bus. */
    interface Transport {
        /** Asks the handler of {@code topic}; completes with the reply's payload. */
        CompletionStage<Object> request(String topic, CommandRequest request, Duration timeout);

        /** Says {@code text} in the channel's chat or, for {@link CommandOrigin#PM}, by PM to {@code user}. */
        void say(String channel, CommandOrigin origin, String user, String text);
    }

    /** Where audit rows go. */
    interface Audit {
        void record(AuditEntry entry);
    }

    /** Settings of the rules: part of {@link CommandSettings}, read from the registry for each line. */
    record Limits(int spamCommands, Duration spamWindow, Duration refusalSilence, Duration timeout, int auditArgsMax) {}

    private final CommandRegistry catalog;
    private final Transport transport;
    private final Audit audit;
    private final LongSupplier clock;
    private final SlidingWindowLimiter spam = new SlidingWindowLimiter();
    private final ExpiringKeys cooldowns = new ExpiringKeys();
    private final ExpiringKeys notices = new ExpiringKeys();
    private final InFlight inFlight = new InFlight();

    /** @param catalog the commands, and the settings they are used under (changed in place by an edit) */
    CommandDispatcher(CommandRegistry catalog, Transport transport, Audit audit, LongSupplier clock) {
        this.catalog = catalog;
        this.transport = transport;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Handles one line from a user.
     *
     * @param rank the caller's rank in the channel, asked only when the line is a known command
     */
    Outcome handle(
            String channel, String user, String text, CommandOrigin origin, java.util.function.IntSupplier rank) {
        CommandSettings settings = catalog.settings();
        Limits limits = settings.limits();
        Optional<CommandLine> parsed = CommandLine.parse(settings.prefix(), text);
        if (parsed.isEmpty()) {
            return Outcome.IGNORED;
        }
        CommandLine line = parsed.get();
        Optional<CommandInfo> found = catalog.find(line.word()).or(() -> catalog.findUpdating(line.word()));
        if (found.isEmpty()) {
            return Outcome.UNKNOWN;
        }
        CommandInfo command = found.get();
        long now = clock.getAsLong();
        String who = channel + "/" + user.toLowerCase(Locale.ROOT);
        String args = line.args();

        if (!spam.tryAcquire(
                who, now, limits.spamCommands(), limits.spamWindow().toMillis())) {
            if (notices.markIfAbsent(
                    "spam/" + who, now, now + limits.spamWindow().toMillis())) {
                refuse(channel, user, origin, "slow down, your commands are ignored for a moment.");
                record(now, channel, user, origin, command, args, Outcome.SPAM.column(), -1);
            }
            return Outcome.SPAM;
        }
        boolean admin = settings.admins().contains(user.toLowerCase(Locale.ROOT));
        int callerRank = rank.getAsInt();
        if (!command.allows(callerRank, admin)) {
            if (notices.markIfAbsent(
                    "rank/" + who + "/" + command.name(),
                    now,
                    now + limits.refusalSilence().toMillis())) {
                refuse(
                        channel,
                        user,
                        origin,
                        settings.prefix() + command.name() + " needs rank " + command.minRank() + ".");
            }
            record(now, channel, user, origin, command, args, Outcome.DENIED.column(), -1);
            return Outcome.DENIED;
        }
        if (!admin && command.cooldownSeconds() > 0) {
            String key = who + "/" + command.name();
            long left = cooldowns.remaining(key, now);
            if (left > 0) {
                if (notices.markIfAbsent("cooldown/" + key, now, now + left)) {
                    refuse(
                            channel,
                            user,
                            origin,
                            settings.prefix() + command.name() + " again in " + ((left + 999) / 1000) + " s.");
                }
                record(now, channel, user, origin, command, args, Outcome.COOLDOWN.column(), -1);
                return Outcome.COOLDOWN;
            }
            cooldowns.mark(key, now + command.cooldownSeconds() * 1000L);
        }
        CommandRequest request =
                new CommandRequest(channel, user, callerRank, admin, command.name(), line.word(), args, origin);
        long started = System.nanoTime();
        boolean updating = catalog.isUpdating(command.name());
        CompletionStage<Object> reply;
        inFlight.started();
        try {
            reply = transport.request(daz.api.command.Command.TOPIC_PREFIX + command.name(), request, limits.timeout());
        } catch (RuntimeException e) {
            LOG.warn(
                    "command {} from {} in {} could not be dispatched: {}",
                    command.name(),
                    user,
                    channel,
                    e.toString());
            record(now, channel, user, origin, command, args, "failed", -1);
            inFlight.finished();
            return Outcome.DISPATCHED;
        }
        reply.whenComplete((payload, failure) -> {
            try {
                answer(new Asked(channel, user, origin, command, args, now), started, updating, payload, failure);
            } finally {
                inFlight.finished();
            }
        });
        return Outcome.DISPATCHED;
    }

    /** A command dispatched: who asked it where, and when (the dispatcher's clock). */
    private record Asked(
            String channel, String user, CommandOrigin origin, CommandInfo command, String args, long now) {}

    /** Says the reply, or what became of the request, and audits it. */
    private void answer(Asked asked, long started, boolean updating, Object payload, Throwable failure) {
        String channel = asked.channel();
        String user = asked.user();
        CommandOrigin origin = asked.origin();
        CommandInfo command = asked.command();
        String args = asked.args();
        long now = asked.now();
        long latency = (System.nanoTime() - started) / 1_000_000;
        if (failure == null) {
            String answer = textOf(payload);
            if (!answer.isBlank()) {
                transport.say(channel, origin, user, answer);
            }
            record(now, channel, user, origin, command, args, "ok", latency);
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if ((cause instanceof NoResponderException || cause instanceof RequestTimeoutException)
                && (updating || catalog.isUpdating(command.name()))) {
            // its plugin went away for an update and was not back within the timeout (or the bus let go of it)
            LOG.info("command {} from {} in {}: its plugin is being updated", command.name(), user, channel);
            refuse(
                    channel,
                    user,
                    origin,
                    catalog.prefix() + command.name() + " is being updated; try again in a moment.");
            record(now, channel, user, origin, command, args, "updating", latency);
        } else if (cause instanceof NoResponderException) {
            record(now, channel, user, origin, command, args, "gone", latency);
        } else if (cause instanceof RequestTimeoutException) {
            LOG.warn("command {} from {} in {} timed out", command.name(), user, channel);
            refuse(channel, user, origin, catalog.prefix() + command.name() + " did not answer in time.");
            record(now, channel, user, origin, command, args, "timeout", latency);
        } else if (schemaNotReady(cause)) {
            // the plugin's schema is still being migrated (first start, or the database was away): not a fault
            LOG.info("command {} from {} in {}: {}", command.name(), user, channel, cause.getMessage());
            refuse(
                    channel,
                    user,
                    origin,
                    catalog.prefix() + command.name() + " is getting ready; try again in a moment.");
            record(now, channel, user, origin, command, args, "not ready", latency);
        } else {
            LOG.warn("command {} from {} in {} failed: {}", command.name(), user, channel, cause.toString());
            refuse(channel, user, origin, catalog.prefix() + command.name() + " failed.");
            record(now, channel, user, origin, command, args, "failed", latency);
        }
    }

    /**
     * Waits until every command dispatched so far is answered (or has failed), at most {@code timeout}: the EventFilter
     * stops only once the commands it took from the channel are answered.
     *
     * @return whether none is left
     */
    boolean awaitAnswered(Duration timeout) throws InterruptedException {
        return inFlight.awaitNone(timeout);
    }

    /** Whether the command failed because its plugin's schema is not migrated yet (the bus wraps what it threw). */
    private static boolean schemaNotReady(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatabaseException db && db.notReady()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets expired spam, cooldown and notice marks. */
    void prune() {
        long now = clock.getAsLong();
        spam.prune(now, catalog.settings().limits().spamWindow().toMillis());
        cooldowns.prune(now);
        notices.prune(now);
    }

    private void refuse(String channel, String user, CommandOrigin origin, String text) {
        transport.say(channel, origin, user, origin == CommandOrigin.CHAT ? user + ": " + text : text);
    }

    private void record(
            long now,
            String channel,
            String user,
            CommandOrigin origin,
            CommandInfo command,
            String args,
            String outcome,
            long latency) {
        int max = catalog.settings().limits().auditArgsMax();
        String kept = args.length() > max ? args.substring(0, max) : args;
        try {
            audit.record(new AuditEntry(
                    now,
                    channel,
                    user,
                    origin.name().toLowerCase(Locale.ROOT),
                    command.name(),
                    kept,
                    outcome,
                    latency));
        } catch (RuntimeException e) {
            LOG.warn("audit of command {} from {} in {} failed: {}", command.name(), user, channel, e.toString());
        }
    }

    private static String textOf(Object payload) {
        if (payload instanceof CommandReply reply) {
            return reply.text();
        }
        if (payload instanceof CharSequence text) {
            return text.toString();
        }
        return "";
    }
}
