package daz.itests.trackers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.itests.cytube.User;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** daz:say, daz:pm and daz:plugins from the shell, seen in the channel and in the listing. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends TrackerITSupport {

    @Test
    public void theOperatorSpeaksThroughTheBotAndSeesThePlugins() throws Exception {
        botIn("shell");
        User alice = standin.user("shell", "alice");

        assertEquals(
                "Said in shell (1 line).",
                shell("daz:say shell hello from the console").strip());
        alice.awaitChat(BOT, "hello from the console"::equals, ANSWER);
        assertEquals(
                "Sent to alice in shell (1 line).",
                shell("daz:pm shell alice psst").strip());
        alice.awaitMessage(r -> r.is("pm") && fromBot(r) && "psst".equals(r.msg()), ANSWER);
        assertEquals(
                "No channel nowhere is configured (daz:channels lists them).",
                shell("daz:say nowhere hi").strip());

        String plugins = shell("daz:plugins");
        assertTrue(plugins, line(plugins, "daz.plugin.usertracker").matches(".*ACTIVE +!seen +daz_usertracker v1 .*"));
        assertTrue(
                plugins,
                line(plugins, "daz.plugin.mediatracker")
                        .matches(".*ACTIVE +!lastplayed !nowplaying !topmedia +daz_mediatracker v1 .*"));
        assertTrue(plugins, line(plugins, "daz.plugin.analytics").matches(".*ACTIVE +!stats +daz_analytics v1 .*"));
        assertTrue(plugins, line(plugins, "daz.plugin.uptime").matches(".*ACTIVE +!uptime +- .*"));
    }

    private static String line(String table, String plugin) {
        return table.lines().filter(l -> l.startsWith(plugin + " ")).findFirst().orElse("(no row for " + plugin + ")");
    }
}
