package daz.core;

import daz.api.cytube.CytubeEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the side-effect-free steps of a chat line's way in and a reply's way out on made-up frames, once per process,
 * after the first channel is ready, so that the JIT compiles them before real chat needs them: the runtime compiles
 * with C1 only, which compiles a method after some hundreds of calls, and until then the first lines and commands
 * ran interpreted (the first hundred commands' p99 was well above the thousandth's).
 *
 * <p>Everything here is private to the warm-up: its own {@link FrameCodec}, {@link EventTranslator} and
 * {@link ChannelData}, and no bus, journal or socket is within its reach, so it publishes, journals and sends
 * nothing. It runs on a low-priority daemon thread and stops after {@link #ROUNDS} rounds or {@link #CPU_BUDGET_NANOS}
 * of its own CPU, whichever comes first: a bounded, one-time cost moved from the first minutes of chat to the start.
 */
final class ChatPathWarmup implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatPathWarmup.class);

    /** Rounds: C1 compiles a method after about 200 calls (and loops after more back edges); a margin over that. */
    static final int ROUNDS = 600;

    /** At most this much of the warm-up thread's CPU. */
    static final long CPU_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private static final String CHANNEL = "warmup";

    private final FrameCodec codec = new FrameCodec();
    private final EventTranslator translator = new EventTranslator(codec);
    private final ChannelData data = new ChannelData();
    private final int rounds;
    private final long budgetNanos;
    private int done;
    private long sink;

    ChatPathWarmup(int rounds, long budgetNanos) {
        this.rounds = rounds;
        this.budgetNanos = budgetNanos;
    }

    /** Starts the warm-up in the background unless it ran in this process already (a reconnect does not repeat it). */
    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(new ChatPathWarmup(ROUNDS, CPU_BUDGET_NANOS), "daz-core-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Override
    public void run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean timed = threads.isCurrentThreadCpuTimeSupported();
        long cpuFrom = timed ? threads.getCurrentThreadCpuTime() : 0;
        long wallFrom = System.nanoTime();
        try {
            while (done < rounds && (!timed || threads.getCurrentThreadCpuTime() - cpuFrom < budgetNanos)) {
                round(done);
                done++;
            }
        } catch (MalformedFrameException | RuntimeException e) {
            // a made-up frame the code does not take any more: the warm-up is only an optimisation
            LOG.debug("Chat path warm-up stopped: {}", e.toString());
        }
        long cpuMs = timed ? TimeUnit.NANOSECONDS.toMillis(threads.getCurrentThreadCpuTime() - cpuFrom) : -1;
        LOG.info(
                "Chat path warmed up: {} rounds in {} ms ({} ms CPU)",
                done,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wallFrom),
                cpuMs);
    }

    /** Rounds run so far (the thread that runs it). */
    int rounds() {
        return done;
    }

    /**
     * One chat line in (bytes -> text -> Engine.IO/Socket.IO packet -> typed event -> channel state -> bus payload),
     * a ping, now and then a user coming and going, and one reply out (split, encoded).
     */
    void round(int i) throws MalformedFrameException {
        String user = "warmup" + (i % 7);
        String frame = "42[\"chatMsg\",{\"username\":\"" + user + "\",\"msg\":\"line " + i
                + " of the warm-up &lt;3\",\"meta\":{},\"time\":" + (1_700_000_000_000L + i) + "}]";
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        String text = WebSocketEndpoint.utf8(bytes, bytes.length).orElseThrow();
        in(text);
        in("2");
        if (i % 4 == 0) {
            in("42[\"addUser\",{\"name\":\"" + user + "\",\"rank\":1,\"profile\":{},\"meta\":{\"afk\":false}}]");
            in("42[\"usercount\"," + (i % 50) + "]");
            in("42[\"userLeave\",{\"name\":\"" + user + "\"}]");
        }
        List<String> lines = LineSplitter.split("pong L" + i + " from the warm-up", ChannelSettings.MAX_CHAT_LENGTH);
        for (String line : lines) {
            OutboundLine out = new OutboundLine(Optional.empty(), line, new OutboundLine.Delivery(1, () -> {}));
            sink += codec.encodeEvent(out.event(), out.payload()).length() + out.weight();
        }
    }

    private void in(String text) throws MalformedFrameException {
        Packet packet = codec.decode(text);
        if (packet instanceof Packet.Event event) {
            Optional<Object> typed = translator.translate(event.name(), event.raw());
            typed.ifPresent(data::apply);
            CytubeEvent payload =
                    new CytubeEvent(CHANNEL, event.name(), event.raw(), System.currentTimeMillis(), false, typed);
            sink += ServerAnswers.topicSegment(payload.name()).length();
        } else if (packet instanceof Packet.Ping ping) {
            sink += FrameCodec.pong(ping.data()).length();
        }
    }
}
