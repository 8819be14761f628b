package ${package};

import daz.itests.cytube.User;
import daz.testsupport.DazPluginTestSupport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Daz in Felix with this plugin; a user asks {@code !${command}} in a CyTube stand-in channel. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ${commandClass}IT extends DazPluginTestSupport {

    @Test
    public void answersTheCallerInTheChannel() {
        User alice = user("alice");
        alice.chat("!${command}");
        alice.awaitChat(BOT, message -> message.equals("Hello, alice!"), ANSWER);
    }
}
