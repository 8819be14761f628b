package daz.itests.sql.logger.flood;

import daz.api.bus.EventBus;
import daz.api.cytube.CytubeEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The crash test's event source, dropped into the runtime's deploy/ folder: while {@code data/flood/publish}
 * exists, it publishes chat line after chat line (and a join every tenth) at a steady rate, and after each publish
 * returns (the SQL logger, synchronous, has journaled it by then) writes the line's number to
 * {@code data/flood/accepted}.
 */
@Component(immediate = true)
public class ChatFlood {

    private static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(400);

    private final Thread thread;
    private volatile boolean running = true;

    @Activate
    public ChatFlood(@Reference EventBus bus, BundleContext context) throws IOException {
        Path folder = Path.of(context.getProperty("daz.home"), "data", "flood");
        Files.createDirectories(folder);
        thread = new Thread(() -> flood(bus, folder), "chat-flood");
        if (Files.exists(folder.resolve("publish"))) {
            thread.start();
        }
    }

    private void flood(EventBus bus, Path folder) {
        try (FileChannel accepted =
                FileChannel.open(folder.resolve("accepted"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long i = 1; running; i++) {
                String raw = "{\"username\":\"flood\",\"msg\":\"crash line " + i + "\",\"meta\":{},\"time\":" + i + "}";
                bus.publish(
                        "cytube.event.chatMsg",
                        new CytubeEvent("crash", "chatMsg", raw, System.currentTimeMillis(), false, Optional.empty()));
                if (i % 10 == 0) {
                    bus.publish(
                            "cytube.event.addUser",
                            new CytubeEvent(
                                    "crash",
                                    "addUser",
                                    "{\"name\":\"flood-" + i + "\",\"rank\":0}",
                                    System.currentTimeMillis(),
                                    false,
                                    Optional.empty()));
                }
                // one small positional write: a SIGKILL cannot tear it
                accepted.write(ByteBuffer.wrap(String.format("%019d\n", i).getBytes(StandardCharsets.US_ASCII)), 0);
                LockSupport.parkNanos(PACE_NANOS);
            }
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
