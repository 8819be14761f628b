package daz.itests.trackers;

import static org.junit.Assert.assertEquals;

import daz.itests.cytube.User;
import java.util.Arrays;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** !seen as channel users see it, through joins, leaves, the bot's reconnect and a restart of the plugin. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UserTrackerIT extends TrackerITSupport {

    private static final String SESSIONS = "SELECT count(*) FROM daz_usertracker.sessions WHERE channel = 'seen'";

    @Test
    public void seenFollowsJoinsLeavesAReconnectAndARestartInTheChannelAsked() throws Exception {
        botIn("seen");
        botIn("elsewhere");
        User asker = standin.user("seen", ASKER);
        User alice = standin.user("seen", "alice");
        User bob = standin.user("seen", "Bob");
        alice.chat("hello");
        bob.chat("see you all");
        awaitValue("SELECT text FROM daz_usertracker.last_words WHERE name_key = 'bob'", "see you all");
        bob.leave();
        awaitValue(SESSIONS + " AND name_key = 'bob' AND end_reason = 'left'", 1);

        assertMatches(
                "Bob was last here " + TIME + " ago, for " + TIME + "\\. Last said " + TIME + " ago: see you all",
                ask(asker, "!seen bob"));
        assertEquals("I have never seen zed here.", ask(asker, "!seen zed"));
        assertEquals("Usage: !seen &lt;user&gt;", ask(asker, "!seen"));
        User carol = standin.user("elsewhere", "carol");
        assertEquals("the other channel's answer", "I have never seen alice here.", ask(carol, "!seen alice"));

        // the bot's link drops and comes back: alice never left, so her stay goes on
        reconnectBot("seen");
        assertMatches(
                "alice is here now, for " + TIME + "\\. Last said " + TIME + " ago: hello", ask(asker, "!seen ALICE"));
        assertEquals(1L, value(SESSIONS + " AND name_key = 'alice'"));
        assertEquals(1L, value(SESSIONS + " AND name_key = 'alice' AND left_at IS NULL"));

        // the plugin restarts (as in a bot restart): the open stay ends at the last heartbeat, a new one begins
        Bundle plugin = Arrays.stream(context.getBundles())
                .filter(b -> "daz.plugin.usertracker".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        plugin.stop();
        plugin.start();
        awaitValue(SESSIONS + " AND name_key = 'alice' AND end_reason = 'restart'", 1);
        awaitValue(SESSIONS + " AND name_key = 'alice' AND left_at IS NULL", 1);
        assertMatches("alice is here now, for " + TIME + "\\. Last said .*", ask(asker, "!seen alice"));
    }
}
