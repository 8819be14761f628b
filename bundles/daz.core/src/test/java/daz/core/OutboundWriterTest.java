package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.cytube.FloodLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundWriterTest {

    /** A link that records each write and completes it only when the test says so. */
    static final class FakeTarget implements OutboundWriter.Target {
        record Started(String frame, String thread, Consumer<Boolean> done) {}

        final List<Started> writes = new CopyOnWriteArrayList<>();
        final CountDownLatch stalled = new CountDownLatch(1);

        @Override
        public void write(String frame, Consumer<Boolean> done) {
            writes.add(new Started(frame, Thread.currentThread().getName(), done));
        }

        @Override
        public void stalled(Duration waited) {
            stalled.countDown();
        }

        @Override
        public FloodLimit limitFor(OutboundLine line) {
            return FloodLimit.PER_USER;
        }

        Started awaitWrite(int index) {
            await("write " + index + " started").until(() -> writes.size() > index);
            return writes.get(index);
        }
    }

    private final AtomicInteger delivered = new AtomicInteger();
    private final List<OutboundWriter> writers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (OutboundWriter writer : writers) {
            writer.stop();
        }
    }

    private OutboundWriter writer(Duration writeTimeout) {
        long origin = System.nanoTime();
        OutboundWriter writer = new OutboundWriter(
                "chan",
                new FrameCodec(),
                new OutboundPacer(0.15, 500),
                100,
                () -> (System.nanoTime() - origin) / 1_000_000,
                writeTimeout);
        writer.start("test-writer");
        writers.add(writer);
        return writer;
    }

    private List<OutboundLine> lines(String... texts) {
        OutboundLine.Delivery delivery = new OutboundLine.Delivery(texts.length, delivered::incrementAndGet);
        List<OutboundLine> out = new ArrayList<>();
        for (String text : texts) {
            out.add(new OutboundLine(Optional.empty(), text, delivery));
        }
        return out;
    }

    @Test
    void aLineThatMayGoAtOnceIsWrittenByTheOfferingThread() {
        OutboundWriter writer = writer(Duration.ofSeconds(10));
        FakeTarget target = new FakeTarget();
        writer.attach(target);

        assertThat(writer.offer(lines("hello"))).isTrue();

        assertThat(target.writes).hasSize(1);
        assertThat(target.writes.get(0).thread())
                .isEqualTo(Thread.currentThread().getName());
        assertThat(target.writes.get(0).frame()).contains("hello").startsWith("42[\"chatMsg\"");
        target.writes.get(0).done().accept(true);
        assertThat(writer.written()).isEqualTo(1);
        assertThat(writer.queued()).isZero();
        assertThat(delivered).hasValue(1);
    }

    @Test
    void oneLineIsOnTheWireAtATimeAndTheNextStartsWhenItCompletes() {
        OutboundWriter writer = writer(Duration.ofSeconds(10));
        FakeTarget target = new FakeTarget();
        writer.attach(target);

        writer.offer(lines("one", "two", "three"));

        assertThat(target.writes).hasSize(1);
        target.writes.get(0).done().accept(true);
        assertThat(target.writes).hasSize(2);
        assertThat(target.writes.get(1).frame()).contains("two");
        target.writes.get(1).done().accept(true);
        target.writes.get(2).done().accept(true);
        assertThat(target.writes)
                .extracting(FakeTarget.Started::frame)
                .satisfiesExactly(
                        f -> assertThat(f).contains("one"),
                        f -> assertThat(f).contains("two"),
                        f -> assertThat(f).contains("three"));
        assertThat(writer.written()).isEqualTo(3);
        assertThat(delivered)
                .as("the message counts as delivered once, after its last line")
                .hasValue(1);
    }

    @Test
    void aFailedWriteKeepsTheLineFirstForTheNextLink() throws InterruptedException {
        OutboundWriter writer = writer(Duration.ofSeconds(10));
        FakeTarget broken = new FakeTarget();
        writer.attach(broken);
        writer.offer(lines("first", "second"));

        broken.writes.get(0).done().accept(false);
        assertThat(broken.writes).as("nothing more to a broken link").hasSize(1);
        assertThat(writer.queued()).isEqualTo(2);

        FakeTarget next = new FakeTarget();
        writer.attach(next);
        assertThat(next.awaitWrite(0).frame()).contains("first");
        next.writes.get(0).done().accept(true);
        assertThat(next.awaitWrite(1).frame()).contains("second");
        next.writes.get(1).done().accept(true);
        assertThat(writer.written()).isEqualTo(2);
    }

    @Test
    void awaitIdleWaitsForTheLineBeingWrittenToADetachedLinkAndStartsNoOther() throws Exception {
        OutboundWriter writer = writer(Duration.ofSeconds(10));
        FakeTarget leaving = new FakeTarget();
        writer.attach(leaving);
        writer.offer(lines("first", "second"));
        FakeTarget.Started first = leaving.awaitWrite(0);
        writer.detach(leaving);
        assertThat(writer.awaitIdle(leaving, Duration.ofMillis(50)))
                .as("the write is still under way")
                .isFalse();

        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return writer.awaitIdle(leaving, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        first.done().accept(true);
        assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(leaving.writes).as("nothing more to a detached link").hasSize(1);
        assertThat(writer.written()).isEqualTo(1);
        assertThat(writer.queued())
                .as("the second line waits for the next link")
                .isEqualTo(1);
    }

    @Test
    void aWriteThatDoesNotCompleteDropsTheLinkAndTheLineGoesToTheNextOne() throws InterruptedException {
        OutboundWriter writer = writer(Duration.ofMillis(200));
        FakeTarget stuck = new FakeTarget();
        writer.attach(stuck);
        writer.offer(lines("stuck"));

        assertThat(stuck.stalled.await(5, TimeUnit.SECONDS))
                .as("the link is told its write stalled")
                .isTrue();
        stuck.writes.get(0).done().accept(true); // a completion that comes too late changes nothing
        assertThat(writer.written()).isZero();

        FakeTarget next = new FakeTarget();
        writer.attach(next);
        assertThat(next.awaitWrite(0).frame()).contains("stuck");
        next.writes.get(0).done().accept(true);
        assertThat(writer.written()).isEqualTo(1);
        assertThat(writer.queued()).isZero();
    }

    @Test
    void pastTheBurstTheWriterThreadSendsWhenThePacerAllows() throws InterruptedException {
        OutboundWriter writer = writer(Duration.ofSeconds(10));
        FakeTarget target = new FakeTarget();
        writer.attach(target);
        int burst = FloodLimit.PER_USER.burst();
        String[] texts = new String[burst + 1];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "line " + i;
        }
        writer.offer(lines(texts));
        for (int i = 0; i < burst; i++) {
            target.writes.get(i).done().accept(true);
        }
        assertThat(target.writes).as("the burst goes at once").hasSize(burst);
        // the echoes of the burst come back; the line after it waits for the pacer, on the writer thread
        for (int i = 0; i < burst; i++) {
            writer.echoed();
        }
        FakeTarget.Started last = target.awaitWrite(burst);
        assertThat(last.thread()).isEqualTo("test-writer");
        assertThat(last.frame()).contains("line " + burst);
    }
}
