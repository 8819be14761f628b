package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.api.command.CommandCatalog;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** Updating a command's bundle from the shell while a user sends a command every 20 ms. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotReloadIT extends CytubeITSupport {

    private static final int COMMANDS = 100;

    @Override
    protected Option[] testOptions() {
        // an admin skips cooldowns, and the spam limit is out of the way: every command is to be answered
        writeConfiguration(workDirectory(getClass()), "daz.eventfilter", "admins = hotuser", "spam.commands = 1000000");
        return new Option[0];
    }

    @Test
    public void updatingHelpGivesEveryCommandAtMostOneReplyAndAnswersAllAfterIt() throws Exception {
        standin.createChannel(ChannelConfig.registered("hot").account("dazbot", "pw", 2));
        configureChannel("hot", "user = dazbot", "password = pw");
        awaitPhase("hot", Phase.READY, Duration.ofSeconds(20));
        User user = standin.user("hot", "hotuser");
        long since = user.cursor();

        Bundle help = Arrays.stream(context.getBundles())
                .filter(b -> "daz.plugin.help".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        AtomicInteger sent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            for (int i = 0; i < COMMANDS; i++) {
                user.chat("!help x" + i);
                sent.set(i + 1);
                try {
                    Thread.sleep(20); // the sender's pace
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sender.start();
        Await.until(Duration.ofSeconds(10), "some commands sent", () -> sent.get() >= 20);
        shell("update " + help.getBundleId());
        Await.until(Duration.ofSeconds(10), "help registered again", () -> helpRegistered());
        int afterUpdate = sent.get();
        sender.join();
        assertTrue("the update finished while commands were still sent (" + afterUpdate + ")", afterUpdate < COMMANDS);

        // the server's per-user flood limit (burst 20, then 10/s) drops part of a 50/s sender's lines: the commands
        // that count are those the channel relayed
        List<String> relayedAfter = Await.value(Duration.ofSeconds(10), "the sender's last line relayed", () -> {
            List<Integer> relayed = relayed(user, since);
            return relayed.isEmpty() || relayed.get(relayed.size() - 1) < COMMANDS - 10
                    ? null
                    : relayed.stream()
                            .filter(i -> i >= afterUpdate)
                            .map(i -> "x" + i)
                            .toList();
        });
        assertTrue("commands relayed after the update", !relayedAfter.isEmpty());
        Await.until(
                Duration.ofSeconds(40),
                "every command relayed after the update answered: " + relayedAfter,
                () -> replies(user, since).keySet().containsAll(relayedAfter));
        Await.poll(Duration.ofSeconds(2), () -> false);
        Map<String, Long> replies = replies(user, since);
        List<String> duplicated = replies.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        assertEquals("no command answered twice", List.of(), duplicated);
    }

    private boolean helpRegistered() {
        var ref = context.getServiceReference(CommandCatalog.class);
        if (ref == null) {
            return false;
        }
        CommandCatalog catalog = context.getService(ref);
        try {
            return catalog != null && catalog.find("help").isPresent();
        } finally {
            context.ungetService(ref);
        }
    }

    /** The numbers of the sender's commands the channel relayed, in order. */
    private static List<Integer> relayed(User user, long since) {
        return user.received("chatMsg").stream()
                .filter(r -> r.index() >= since
                        && "hotuser".equals(r.username())
                        && r.msg().startsWith("!help x"))
                .map(r -> Integer.parseInt(r.msg().substring("!help x".length())))
                .toList();
    }

    /** How often the bot answered each {@code x<i>}. */
    private static Map<String, Long> replies(User user, long since) {
        return user.received("chatMsg").stream()
                .filter(r -> r.index() >= since
                        && "dazbot".equals(r.username())
                        && r.msg().startsWith("No command !x"))
                .map(Received::msg)
                .map(m -> m.substring("No command !".length(), m.indexOf('.')))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
