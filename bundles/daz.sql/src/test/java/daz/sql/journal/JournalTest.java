package daz.sql.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    /** Forces on every append: tests that read see every record at once. */
    private JournalSettings eager() {
        return JournalSettings.in(dir).withFsync(0, 1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readAll(Journal journal, long from) throws IOException {
        List<String> out = new ArrayList<>();
        try (JournalReader reader = journal.reader(from)) {
            List<JournalRecord> batch;
            while (!(batch = reader.read(journal.durablePosition(), 1000, 1 << 20)).isEmpty()) {
                batch.forEach(r -> out.add(new String(r.payload(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void recordsAreReadBackInOrderWithTheirPositions() throws IOException {
        try (Journal journal = Journal.open(eager())) {
            long first = journal.append(bytes("one"));
            long second = journal.append(bytes("two"));
            assertThat(first).isEqualTo(8 + 3);
            assertThat(second).isEqualTo(first + 8 + 3);
            try (JournalReader reader = journal.reader(0)) {
                List<JournalRecord> records = reader.read(journal.durablePosition(), 10, 1 << 20);
                assertThat(records).extracting(JournalRecord::position).containsExactly(0L, first);
                assertThat(records).extracting(JournalRecord::end).containsExactly(first, second);
                assertThat(reader.position()).isEqualTo(second);
            }
        }
    }

    @Test
    void aBacklogLargerThanTheReadersFirstWindowIsReadWholeAndInOrder() throws IOException {
        // the reader starts with a small window and takes a large one for a backlog: small records past the small
        // window, one larger than it, one larger than the large window, then small ones again
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            written.add("small record " + i);
        }
        written.add("m".repeat(SegmentCursor.SMALL_WINDOW_BYTES * 3));
        written.add("l".repeat(SegmentCursor.WINDOW_BYTES + 1_000));
        for (int i = 0; i < 10; i++) {
            written.add("after " + i);
        }
        try (Journal journal = Journal.open(JournalSettings.in(dir))) {
            for (String record : written) {
                journal.append(bytes(record));
            }
            journal.flush();
            assertThat(readAll(journal, 0)).isEqualTo(written);
        }
    }

    @Test
    void aReopenedJournalReplaysFromAnyCommittedPositionAndAppendsAfterTheEnd() throws IOException {
        long afterFirst;
        String id;
        try (Journal journal = Journal.open(eager())) {
            afterFirst = journal.append(bytes("a"));
            journal.append(bytes("b"));
            id = journal.id();
        }
        try (Journal journal = Journal.open(eager())) {
            assertThat(journal.id()).isEqualTo(id);
            assertThat(readAll(journal, afterFirst)).containsExactly("b");
            journal.append(bytes("c"));
            assertThat(readAll(journal, 0)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aBatchStopsAtTheRecordAndByteLimits() throws IOException {
        try (Journal journal = Journal.open(eager())) {
            for (int i = 0; i < 10; i++) {
                journal.append(bytes("record " + i));
            }
            try (JournalReader reader = journal.reader(0)) {
                assertThat(reader.read(journal.durablePosition(), 3, 1 << 20)).hasSize(3);
                assertThat(reader.read(journal.durablePosition(), 100, 1)).hasSize(1);
                assertThat(reader.read(journal.durablePosition(), 100, 1 << 20)).hasSize(6);
            }
        }
    }

    @Test
    void aTornRecordAtTheEndIsCutOffOnOpenAndTheRestIsKept() throws IOException {
        long end;
        try (Journal journal = Journal.open(eager())) {
            journal.append(bytes("kept 1"));
            end = journal.append(bytes("kept 2"));
        }
        // the process died half-way through writing a third record: a header that promises more than is there
        try (FileChannel file = FileChannel.open(segmentFiles().get(0), StandardOpenOption.WRITE)) {
            ByteBuffer torn =
                    ByteBuffer.allocate(8 + 4).putInt(100).putInt(12345).put(bytes("half"));
            file.write(torn.flip(), end);
        }
        try (Journal journal = Journal.open(eager())) {
            assertThat(journal.appendedPosition()).isEqualTo(end);
            assertThat(journal.stats().damagedBytesSkipped()).isEqualTo(12);
            journal.append(bytes("after"));
            assertThat(readAll(journal, 0)).containsExactly("kept 1", "kept 2", "after");
        }
    }

    @Test
    void aRecordWithAWrongCrcIsSkippedAndTheRecordsAfterItAreRead() throws IOException {
        long secondStart;
        try (Journal journal = Journal.open(eager())) {
            secondStart = journal.append(bytes("good 1"));
            journal.append(bytes("bad"));
            journal.append(bytes("good 2"));
        }
        try (FileChannel file = FileChannel.open(segmentFiles().get(0), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(bytes("X")), secondStart + 8); // flip a payload byte: the CRC no longer fits
        }
        try (Journal journal = Journal.open(eager())) {
            assertThat(readAll(journal, 0)).containsExactly("good 1", "good 2");
            assertThat(journal.stats().damagedBytesSkipped()).isEqualTo(8 + 3);
        }
    }

    @Test
    void segmentsRollOverAndOnlyWhollyCommittedOnesAreDeleted() throws IOException {
        byte[] kilobyte = new byte[1024];
        List<Long> ends = new ArrayList<>();
        try (Journal journal = Journal.open(eager().withSegmentBytes(4096))) {
            for (int i = 0; i < 10; i++) {
                kilobyte[0] = (byte) i;
                ends.add(journal.append(kilobyte));
            }
            // 3 records of 1032 bytes fit in 4096: 4 segments
            assertThat(segmentFiles()).hasSize(4);
            assertThat(journal.release(ends.get(3))).isEqualTo(1); // the first segment holds records 0..2 only
            assertThat(journal.firstPosition()).isEqualTo(ends.get(2));
            assertThat(journal.release(ends.get(4))).isZero(); // record 3 is committed, but 4 and 5 are not
            List<JournalRecord> rest;
            try (JournalReader reader = journal.reader(ends.get(4))) {
                rest = reader.read(journal.durablePosition(), 100, 1 << 20);
            }
            assertThat(rest).extracting(r -> (int) r.payload()[0]).containsExactly(5, 6, 7, 8, 9);
            assertThat(journal.release(ends.get(9))).isEqualTo(2);
            assertThat(segmentFiles()).as("the newest segment stays").hasSize(1);
        }
    }

    @Test
    void positionsCarryOnAfterEverySegmentWasReleasedAndTheJournalReopened() throws IOException {
        long end;
        try (Journal journal = Journal.open(eager().withSegmentBytes(4096))) {
            for (int i = 0; i < 10; i++) {
                journal.append(new byte[1024]);
            }
            end = journal.appendedPosition();
            journal.release(end);
        }
        try (Journal journal = Journal.open(eager().withSegmentBytes(4096))) {
            assertThat(journal.appendedPosition()).isEqualTo(end);
            assertThat(journal.append(bytes("next"))).isEqualTo(end + 8 + 4);
        }
    }

    @Test
    void forcesToDiskInGroupsNotPerRecord() throws Exception {
        try (Journal journal = Journal.open(JournalSettings.in(dir).withFsync(20, 1_000_000))) {
            long fsyncsBefore = journal.stats().fsyncs();
            long end = 0;
            for (int i = 0; i < 5_000; i++) {
                end = journal.append(bytes("line " + i));
            }
            assertThat(journal.awaitDurable(end - 1, 10, TimeUnit.SECONDS)).isTrue();
            long fsyncs = journal.stats().fsyncs() - fsyncsBefore;
            assertThat(fsyncs).as("fsyncs for 5,000 appends").isBetween(1L, 500L);
            assertThat(journal.durablePosition()).isEqualTo(end);
        }
    }

    @Test
    void aRecordAfterAQuietSpellIsForcedAtOnce() throws Exception {
        // the flusher's clock puts the last force (the open's) a minute back, longer than the interval: the record is
        // forced without a wait for the interval, which this test would not see end
        AtomicLong now = new AtomicLong();
        try (Journal journal = Journal.open(JournalSettings.in(dir).withFsync(30_000, 1_000_000), now::get)) {
            // the flusher asleep with nothing to force, as in a quiet channel (a wake-up it had not parked for yet
            // would end its next wait at once, whatever the wait)
            await().atMost(10, TimeUnit.SECONDS).until(JournalTest::flusherAsleep);
            now.set(TimeUnit.SECONDS.toNanos(60));
            long fsyncsBefore = journal.stats().fsyncs();
            long end = journal.append(bytes("after a quiet spell"));
            assertThat(journal.awaitDurable(end - 1, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(journal.stats().fsyncs() - fsyncsBefore).isEqualTo(1);
        }
    }

    private static boolean flusherAsleep() {
        List<Thread> flushers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("daz-sql-journal-flush"))
                .toList();
        return !flushers.isEmpty() && flushers.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
    }

    @Test
    void enoughWaitingRecordsWakeTheFlusherBeforeItsInterval() throws Exception {
        try (Journal journal = Journal.open(JournalSettings.in(dir).withFsync(60_000, 100))) {
            long end = 0;
            for (int i = 0; i < 100; i++) {
                end = journal.append(bytes("line " + i));
            }
            assertThat(journal.awaitDurable(end - 1, 10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void readersSeeOnlyDurableRecords() throws Exception {
        try (Journal journal = Journal.open(JournalSettings.in(dir).withFsync(60_000, 1_000_000))) {
            journal.append(bytes("not forced yet"));
            try (JournalReader reader = journal.reader(0)) {
                assertThat(reader.read(journal.durablePosition(), 10, 1 << 20)).isEmpty();
                journal.flush();
                assertThat(reader.read(journal.durablePosition(), 10, 1 << 20)).hasSize(1);
            }
        }
    }

    @Test
    void advancingLeavesAGapThatReadersStepOver() throws IOException {
        try (Journal journal = Journal.open(eager())) {
            journal.append(bytes("before"));
            journal.advanceTo(10_000);
            assertThat(journal.append(bytes("after"))).isEqualTo(10_000 + 8 + 5);
            assertThat(readAll(journal, 0)).containsExactly("before", "after");
        }
    }

    @Test
    void anInterruptedPublisherDoesNotBreakTheJournal() throws IOException {
        try (Journal journal = Journal.open(eager())) {
            Thread.currentThread().interrupt();
            try {
                journal.append(bytes("while interrupted"));
                assertThat(Thread.currentThread().isInterrupted())
                        .as("the interrupt is kept")
                        .isTrue();
            } finally {
                Thread.interrupted();
            }
            journal.append(bytes("after"));
            assertThat(readAll(journal, 0)).containsExactly("while interrupted", "after");
        }
    }

    @Test
    void oneJournalPerDirectory() throws IOException {
        try (Journal journal = Journal.open(eager())) {
            assertThatThrownBy(() -> Journal.open(eager()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void anEmptyDirectoryGetsANewIdentity() throws IOException {
        String first;
        try (Journal journal = Journal.open(eager())) {
            first = journal.id();
            journal.append(bytes("x"));
        }
        for (Path segment : segmentFiles()) {
            Files.delete(segment);
        }
        try (Journal journal = Journal.open(eager())) {
            assertThat(journal.id()).isNotEqualTo(first);
            assertThat(journal.appendedPosition()).isZero();
        }
    }

    @Test
    void emptyAndOversizedRecordsAreRefused() throws IOException {
        try (Journal journal = Journal.open(new JournalSettings(dir, 1 << 20, 0, 1, 100))) {
            assertThatThrownBy(() -> journal.append(new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.append(new byte[101])).isInstanceOf(IllegalArgumentException.class);
            assertThat(journal.appendedPosition()).isZero();
        }
    }
}
