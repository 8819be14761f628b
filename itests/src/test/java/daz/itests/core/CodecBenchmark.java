package daz.itests.core;

import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.cytube.CytubeEvent;
import daz.itests.DazTestSupport;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * {@code itests/benchmarks/run codec}: what the link thread does with every frame, on one thread in the real Felix:
 * daz.core's own FrameCodec decodes it, its EventTranslator makes the typed payload, and the frame is published on
 * the real Daz bus as {@code cytube.event.<name>} to a synchronous handler that counts (as the SQL logger's journal
 * append would). The frames are a chat-heavy mix as a busy channel sends them. Not part of the test suite (no *IT);
 * results go to {@code target/benchmarks/codec.txt}, whose last line is {@code codec: frames_per_s=<n>}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CodecBenchmark extends DazTestSupport {

    private static final int FRAMES = Integer.getInteger("bench.frames", 2_000_000);
    private static final int WARMUP = 400_000;

    private static final List<String> MIX = List.of(
            "42[\"chatMsg\",{\"username\":\"alice\",\"msg\":\"hello everyone, what are we watching tonight?\",\"meta\":{},\"time\":1795421649575}]",
            "42[\"chatMsg\",{\"username\":\"bob\",\"msg\":\"<strong>counts</strong> &amp; more &lt;3\",\"meta\":{},\"time\":1795421649576}]",
            "42[\"chatMsg\",{\"username\":\"carol\",\"msg\":\"!roll 2d6\",\"meta\":{},\"time\":1795421649577}]",
            "42[\"chatMsg\",{\"username\":\"dave\",\"msg\":\"see <a href=\\\"https://example.com/x\\\" target=\\\"_blank\\\">https://example.com/x</a>\",\"meta\":{},\"time\":1795421649578}]",
            "42[\"chatMsg\",{\"username\":\"erin\",\"msg\":\"lol\",\"meta\":{},\"time\":1795421649579}]",
            "42[\"chatMsg\",{\"username\":\"[server]\",\"msg\":\"frank joined (aliases: frank)\",\"meta\":{\"addClass\":\"server-whisper\",\"addClassToNameAndTimestamp\":true},\"time\":1795421649580}]",
            "42[\"pm\",{\"username\":\"alice\",\"msg\":\"psst\",\"meta\":{},\"time\":1795421649581,\"to\":\"dazbot\"}]",
            "42[\"addUser\",{\"name\":\"frank\",\"rank\":0,\"profile\":{\"image\":\"\",\"text\":\"\"},\"meta\":{\"afk\":false,\"muted\":false}}]",
            "42[\"userLeave\",{\"name\":\"frank\"}]",
            "42[\"usercount\",12]",
            "42[\"setAFK\",{\"name\":\"bob\",\"afk\":true}]",
            "42[\"mediaUpdate\",{\"currentTime\":123.456,\"paused\":false}]",
            "42[\"changeMedia\",{\"id\":\"dQw4w9WgXcQ\",\"title\":\"Never\",\"seconds\":212,\"duration\":\"03:32\",\"type\":\"yt\",\"meta\":{},\"currentTime\":0,\"paused\":false}]",
            "2");

    @Inject
    EventBus bus;

    @Test
    public void framesDecodedAndPublishedPerSecondOnOneCore() throws Throwable {
        Bundle core = bundle("daz.core");
        Class<?> codecClass = core.loadClass("daz.core.FrameCodec");
        Class<?> translatorClass = core.loadClass("daz.core.EventTranslator");
        Class<?> eventClass = core.loadClass("daz.core.Packet$Event");
        Constructor<?> newCodec = codecClass.getDeclaredConstructor();
        newCodec.setAccessible(true);
        Object codec = newCodec.newInstance();
        Constructor<?> newTranslator = translatorClass.getDeclaredConstructor(codecClass);
        newTranslator.setAccessible(true);
        Object translator = newTranslator.newInstance(codec);
        MethodHandle decode =
                handle(codecClass.getDeclaredMethod("decode", String.class)).bindTo(codec);
        MethodHandle translate = handle(translatorClass.getDeclaredMethod("translate", String.class, String.class))
                .bindTo(translator);
        MethodHandle name = handle(eventClass.getDeclaredMethod("name"));
        MethodHandle raw = handle(eventClass.getDeclaredMethod("raw"));
        MethodHandle topicSegment =
                handle(core.loadClass("daz.core.ServerAnswers").getDeclaredMethod("topicSegment", String.class));
        decode = decode.asType(MethodType.methodType(Object.class, String.class));

        LongAdder handled = new LongAdder();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, "cytube.event.>");
        properties.put(EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC);
        ServiceRegistration<EventHandler> counter =
                context.registerService(EventHandler.class, e -> handled.increment(), properties);
        try {
            run(WARMUP, decode, translate, name, raw, topicSegment, eventClass);
            // first with the runtime's own subscribers (the SQL chat logger appends every event to its journal)
            long withLogger = System.nanoTime();
            run(FRAMES / 4, decode, translate, name, raw, topicSegment, eventClass);
            long loggerPerSecond = (long) (FRAMES / 4 / ((System.nanoTime() - withLogger) / 1e9));
            // then the codec's own cost: daz.sql stopped, only the counting handler subscribes
            Bundle sql = bundle("daz.sql");
            if (sql != null) {
                sql.stop();
            }
            run(WARMUP, decode, translate, name, raw, topicSegment, eventClass);
            long decodeOnly = decodeOnly(FRAMES / 2, decode);
            long start = System.nanoTime();
            long published = run(FRAMES, decode, translate, name, raw, topicSegment, eventClass);
            long nanos = System.nanoTime() - start;
            long perSecond = (long) (FRAMES / (nanos / 1e9));
            Path out = Path.of("target/benchmarks/codec.txt");
            Files.createDirectories(out.getParent());
            try (PrintStream p = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
                p.printf(
                        "frames: %d (a chat-heavy mix of %d kinds), %d published, %d handled in all runs%n",
                        FRAMES, MIX.size(), published, handled.sum());
                p.printf(
                        "with the SQL chat logger subscribed (synchronous journal append): %d frames/s%n",
                        loggerPerSecond);
                p.printf("decode only: %d frames/s%n", decodeOnly);
                p.printf(
                        "decode + typed payload + publish to a synchronous handler: %.1f ns/frame%n",
                        nanos / (double) FRAMES);
                p.printf("codec: frames_per_s=%d%n", perSecond);
            }
        } finally {
            counter.unregister();
        }
    }

    private long run(
            int frames,
            MethodHandle decode,
            MethodHandle translate,
            MethodHandle name,
            MethodHandle raw,
            MethodHandle topicSegment,
            Class<?> eventClass)
            throws Throwable {
        long published = 0;
        int kinds = MIX.size();
        for (int i = 0; i < frames; i++) {
            String frame = MIX.get(i % kinds);
            Object packet = decode.invoke(frame);
            if (eventClass.isInstance(packet)) {
                String n = (String) name.invoke(packet);
                String r = (String) raw.invoke(packet);
                @SuppressWarnings("unchecked")
                Optional<Object> typed = (Optional<Object>) translate.invoke(n, r);
                bus.publish(
                        CytubeEvent.TOPIC_PREFIX + (String) topicSegment.invoke(n),
                        new CytubeEvent("bench", n, r, System.currentTimeMillis(), false, typed));
                published++;
            }
        }
        return published;
    }

    private long decodeOnly(int frames, MethodHandle decode) throws Throwable {
        long start = System.nanoTime();
        int kinds = MIX.size();
        for (int i = 0; i < frames; i++) {
            decode.invoke(MIX.get(i % kinds));
        }
        return (long) (frames / ((System.nanoTime() - start) / 1e9));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static MethodHandle handle(Method method) throws IllegalAccessException {
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method);
    }
}
