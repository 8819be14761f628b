package daz.itests.core;

import static org.junit.Assert.assertEquals;

import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.OutgoingPrivateMessage;
import daz.itests.Await;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.LogEntry;
import daz.itests.cytube.LogQuery;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Many replies at once: all of them arrive, in order, and the server never has to drop one for flooding. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeFloodIT extends CytubeITSupport {

    @Test
    public void twoHundredRepliesAtOnceAllArriveInOrderWithoutACooldown() {
        standin.createChannel(ChannelConfig.registered("busy").account("dazbot", "pw", 1));
        User erin = standin.user("busy", "erin");
        configureChannel("busy", "user = dazbot", "password = pw");
        Await.until(
                Duration.ofSeconds(10),
                "the channel's connection",
                () -> channelState("busy").isPresent());
        // sent as soon as the connection exists, before the channel has loaded: they wait for it
        List<String> replies =
                IntStream.range(0, 200).mapToObj(i -> "reply " + i).toList();
        replies.forEach(r -> bus.publish(OutgoingChat.TOPIC, new OutgoingChat("busy", r)));
        awaitPhase("busy", Phase.READY, Duration.ofSeconds(15));

        standin.awaitLogCount(LogQuery.in().name("dazbot").event("chatMsg"), 200, Duration.ofSeconds(60));
        List<String> got = erin.awaitMessage(r -> r.isChat("dazbot", "reply 199"), Duration.ofSeconds(10)) == null
                ? List.of()
                : erin.received("chatMsg").stream()
                        .filter(r -> "dazbot".equals(r.username()))
                        .map(Received::msg)
                        .toList();
        assertEquals("all 200, in order", replies, got);
        assertEquals(
                "no cooldown from the server", 0, standin.count(LogQuery.out().event("cooldown")));
    }

    @Test
    public void underTheChannelAntifloodAGuestsRepliesAndPmsStillAllArrive() {
        standin.createChannel(ChannelConfig.unregistered("strict").antiflood(true));
        User fay = standin.user("strict", "fay");
        configureChannel("strict", "user = dazguest2");
        awaitPhase("strict", Phase.READY, Duration.ofSeconds(15));

        for (int i = 0; i < 8; i++) {
            bus.publish(OutgoingChat.TOPIC, new OutgoingChat("strict", "slow " + i));
            bus.publish(OutgoingPrivateMessage.TOPIC, new OutgoingPrivateMessage("strict", "fay", "pst " + i));
        }
        List<LogEntry> sent = standin.awaitLogCount(
                LogQuery.in().name("dazguest2").event("chatMsg", "pm"), 16, Duration.ofSeconds(30));
        fay.awaitMessage(r -> r.isChat("dazguest2", "slow 7"), Duration.ofSeconds(10));
        List<String> chat = fay.received("chatMsg").stream()
                .filter(r -> "dazguest2".equals(r.username()))
                .map(Received::msg)
                .toList();
        assertEquals(IntStream.range(0, 8).mapToObj(i -> "slow " + i).toList(), chat);
        assertEquals(16, sent.size());
        assertEquals(
                "no cooldown from the server", 0, standin.count(LogQuery.out().event("cooldown")));
    }
}
