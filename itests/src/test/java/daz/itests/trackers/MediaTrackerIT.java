package daz.itests.trackers;

import static org.junit.Assert.assertEquals;

import daz.itests.cytube.Json;
import daz.itests.cytube.User;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The media commands as channel users see them, through media changes, position reports and a reconnect. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MediaTrackerIT extends TrackerITSupport {

    private static final String PLAYS = "SELECT count(*) FROM daz_mediatracker.plays WHERE channel = 'media'";

    @Test
    public void playsAreCountedOnceWithWhoQueuedThemAndHowLongTheyPlayed() {
        botIn("media");
        User asker = standin.user("media", ASKER);
        assertEquals("Nothing is playing.", ask(asker, "!np"));
        assertEquals("Nothing has been played here yet.", ask(asker, "!topmedia"));

        standin.setMedia("media", "vidA", "First Song", 200, "alice");
        awaitValue(PLAYS, 1);
        assertMatches("Now playing: First Song, queued by alice, 0:0[0-9] of 3:20\\.", ask(asker, "!nowplaying"));
        standin.setMedia("media", "vidB", "Second Song", 100, "bob");
        awaitValue(PLAYS, 2);
        standin.setMedia("media", "vidA", "First Song", 200, "carol");
        awaitValue(PLAYS, 3);
        standin.emitToChannel("media", "mediaUpdate", Json.obj("currentTime", 50, "paused", true));
        awaitValue(PLAYS + " AND ended_at IS NULL AND position = 50", 1);
        assertEquals("Now playing: First Song, queued by carol, 0:50 of 3:20.", ask(asker, "!np"));

        // the rejoin sends changeMedia for what plays again: the same play goes on
        reconnectBot("media");
        assertEquals("Now playing: First Song, queued by carol, 0:50 of 3:20.", ask(asker, "!np"));
        assertEquals(3L, value(PLAYS));

        assertEquals("Most played: 1. First Song (2 plays); 2. Second Song (1 play).", ask(asker, "!topmedia"));
        assertEquals("Most played: 1. First Song (2 plays).", ask(asker, "!topmedia 1"));
        assertMatches(
                "Last played: Second Song \\(queued by bob, " + TIME + " ago\\); First Song \\(queued by alice, " + TIME
                        + " ago\\)\\.",
                ask(asker, "!lastplayed"));
        assertEquals("Usage: !topmedia [1-10]", ask(asker, "!topmedia 99"));
        assertEquals(
                "the skipped plays lasted no longer than they were on",
                0L,
                value(PLAYS + " AND ended_at IS NOT NULL AND (played_seconds IS NULL OR played_seconds > 30)"));
    }
}
