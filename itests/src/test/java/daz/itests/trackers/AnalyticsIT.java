package daz.itests.trackers;

import static org.junit.Assert.assertEquals;

import daz.itests.cytube.User;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** !stats as channel users see it, through a burst of chat and a reconnect that replays the backlog. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AnalyticsIT extends TrackerITSupport {

    private static final String TODAY =
            "SELECT lines FROM daz_analytics.daily WHERE channel = 'stats' AND period = (now() AT TIME ZONE 'UTC')::date";
    private static final String BUSIEST = " Busiest hour: [A-Z][a-z]{2} [0-9]{2}:00 UTC \\([0-9]+ lines\\)\\.";

    @Test
    public void linesAndUsersAreCountedOnceAcrossAReconnect() {
        // two lines said before the bot came: the first join's backlog counts them
        botIn("stats", "zoe", "first", "zoe", "second");
        User asker = standin.user("stats", ASKER);
        User alice = standin.user("stats", "alice");
        User bob = standin.user("stats", "bob");
        for (int i = 0; i < 15; i++) {
            alice.chat("line " + i);
        }
        for (int i = 0; i < 5; i++) {
            bob.chat("word " + i);
        }
        awaitValue(TODAY, 22);

        // asked by PM, so the question is no chat line of its own
        assertMatches(
                "Today: 22 lines from 3 users\\. This week: 22 lines from 3 users\\." + BUSIEST,
                askPrivately(asker, "!stats"));
        assertEquals(
                "alice: 15 lines today, 15 this week, #1 of 3 chatters this week.",
                askPrivately(asker, "!stats Alice"));
        assertEquals("bob: 5 lines today, 5 this week, #2 of 3 chatters this week.", askPrivately(asker, "!stats bob"));
        assertEquals("zed has said nothing here this week.", askPrivately(asker, "!stats zed"));

        // the rejoin replays the last 15 lines, all counted already; one line said after it counts
        reconnectBot("stats");
        bob.chat("back");
        awaitValue(TODAY, 23);
        assertMatches(
                "Today: 23 lines from 3 users\\. This week: 23 lines from 3 users\\." + BUSIEST,
                askPrivately(asker, "!stats"));
    }
}
