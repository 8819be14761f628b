package daz.itests.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * {@code itests/benchmarks/run command}: commands sent by a stand-in user, latency from the user receiving its own
 * line back to receiving the bot's reply (both stamped by the stand-in's client, one clock); in the same run, the
 * bare echo: from the sender receiving its line to another user receiving it, no bot involved. Commands are spaced
 * past the bot's outbound pacer (10 lines/s) so the pacer's waiting is not what is measured. Writes
 * {@code target/benchmarks/command.txt}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandBenchmark extends CytubeITSupport {

    private static final Duration ANSWER = Duration.ofSeconds(10);

    @Override
    protected Option[] testOptions() {
        writeConfiguration(workDirectory(getClass()), "daz.eventfilter", "spam.commands = 1000000");
        return new Option[0];
    }

    @Test
    public void commandLatency() throws Exception {
        int count = Integer.getInteger("bench.commands", 1_000);
        standin.limits(false);
        standin.createChannel(ChannelConfig.registered("bench").account("dazbot", "pw", 2));
        configureChannel("bench", "user = dazbot", "password = pw");
        awaitPhase("bench", Phase.READY, Duration.ofSeconds(20));

        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, "command.bench");
        ServiceRegistration<EventHandler> bench = context.registerService(
                EventHandler.class,
                (Event event) -> {
                    if (event.isRequest() && event.payload() instanceof CommandRequest request) {
                        bus.reply(event, new CommandReply("pong " + request.args()));
                    }
                },
                properties);
        User client = standin.user("bench", "client");
        User listener = standin.user("bench", "listener");
        List<Long> command = new ArrayList<>();
        List<Long> echo = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                long since = client.cursor();
                long listenerSince = listener.cursor();
                String text = "!bench " + i;
                client.chat(text);
                Received own = client.awaitMessage(since, r -> r.isChat("client", text), ANSWER);
                String pong = "pong " + i;
                Received reply = client.awaitMessage(since, r -> r.isChat("dazbot", pong), ANSWER);
                Received heard = listener.awaitMessage(listenerSince, r -> r.isChat("client", text), ANSWER);
                command.add(reply.time() - own.time());
                echo.add(heard.time() - own.time());
                Thread.sleep(110); // past the bot's pacer (10 lines/s): its waiting is not the bot's latency
            }
        } finally {
            bench.unregister();
        }
        long p50 = percentile(command, 50);
        long p99 = percentile(command, 99);
        long echo99 = percentile(echo, 99);
        List<String> lines = List.of(
                "commands=" + count + " echo_p50_ms=" + percentile(echo, 50) + " echo_p99_ms=" + echo99,
                "rss_mb and start_ms: not measured here (Pax Exam JVM, not the runtime): see benchmarks/startup.sh",
                "command: p50_ms=" + p50 + " p99_ms=" + p99 + " added_p99_ms=" + (p99 - echo99));
        Path report = Path.of("target/benchmarks/command.txt");
        try {
            Files.createDirectories(report.getParent());
            Files.write(report, lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        lines.forEach(System.out::println);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
