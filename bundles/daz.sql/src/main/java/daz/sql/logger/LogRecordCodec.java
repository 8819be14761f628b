package daz.sql.logger;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a {@link LogRecord} in the journal: version byte, origin, rows; each row its schema, table, column
 * names and values (a tag for NULL, else UTF-8 text). Compact and fast both ways, and independent of the rules, so
 * a record replayed after a restart makes exactly the rows it made when it was accepted.
 */
final class LogRecordCodec {

    private static final byte VERSION = 1;
    private static final byte NULL = 0;
    private static final byte TEXT = 1;

    private LogRecordCodec() {}

    /** The record's bytes; the array may be longer than the record: {@link Encoded#length()} says how long. */
    record Encoded(byte[] bytes, int length) {}

    static byte[] encode(LogRecord record) {
        Encoded encoded = encodeInPlace(record);
        return Arrays.copyOf(encoded.bytes(), encoded.length());
    }

    /** Encodes without copying into an array of the exact size: for the journal append on the publisher's thread. */
    static Encoded encodeInPlace(LogRecord record) {
        Sink out = new Sink(estimate(record));
        out.writeByte(VERSION);
        out.writeString(record.origin());
        out.writeVarint(record.rows().size());
        for (LogRow row : record.rows()) {
            out.writeString(row.schema());
            out.writeString(row.table());
            out.writeVarint(row.columns().size());
            for (String column : row.columns()) {
                out.writeString(column);
            }
            for (String value : row.values()) {
                if (value == null) {
                    out.writeByte(NULL);
                } else {
                    out.writeByte(TEXT);
                    out.writeString(value);
                }
            }
        }
        return new Encoded(out.buffer, out.size);
    }

    /** The size for ASCII text, the common case; anything else grows the buffer once or twice. */
    private static int estimate(LogRecord record) {
        int size = 16 + record.origin().length();
        for (LogRow row : record.rows()) {
            size += 16 + row.schema().length() + row.table().length();
            for (String column : row.columns()) {
                size += 2 + column.length();
            }
            for (String value : row.values()) {
                size += 4 + (value == null ? 0 : value.length());
            }
        }
        return size;
    }

    /** A decoder that shares equal column lists between the rows it decodes, so rows of one table group cheaply. */
    static final class Decoder {

        private static final int NAME_SLOTS = 256;

        private final Map<List<String>, List<String>> columnLists = new HashMap<>();
        // names (origin, schema, table, columns) repeat in every record: decoded once, then the same String
        private final byte[][] nameBytes = new byte[NAME_SLOTS][];
        private final String[] names = new String[NAME_SLOTS];

        private String name(Source in) {
            int length = in.readVarint();
            int start = in.skip(length);
            byte[] bytes = in.bytes;
            int hash = length;
            for (int i = start; i < start + length; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = hash & (NAME_SLOTS - 1);
            byte[] known = nameBytes[slot];
            if (known != null && Arrays.equals(known, 0, known.length, bytes, start, start + length)) {
                return names[slot];
            }
            String name = new String(bytes, start, length, StandardCharsets.UTF_8);
            nameBytes[slot] = Arrays.copyOfRange(bytes, start, start + length);
            names[slot] = name;
            return name;
        }

        LogRecord decode(byte[] bytes) {
            Source in = new Source(bytes);
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown journal record version " + version);
            }
            String origin = name(in);
            int rowCount = in.readVarint();
            List<LogRow> rows = new ArrayList<>(rowCount);
            for (int r = 0; r < rowCount; r++) {
                String schema = name(in);
                String table = name(in);
                int columnCount = in.readVarint();
                String[] columns = new String[columnCount];
                for (int c = 0; c < columnCount; c++) {
                    columns[c] = name(in);
                }
                int[] offsets = new int[columnCount];
                int[] lengths = new int[columnCount];
                for (int c = 0; c < columnCount; c++) {
                    byte tag = in.readByte();
                    switch (tag) {
                        case NULL -> offsets[c] = -1;
                        case TEXT -> {
                            lengths[c] = in.readVarint();
                            offsets[c] = in.skip(lengths[c]);
                        }
                        default -> throw new IllegalArgumentException("unknown value tag " + tag);
                    }
                }
                List<String> shared = columnLists.computeIfAbsent(List.of(columns), k -> k);
                if (columnLists.size() > 1_000) {
                    columnLists.clear(); // bounded, whatever plugins send
                }
                rows.add(new LogRow(schema, table, shared, new Utf8Values(bytes, offsets, lengths)));
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last row");
            }
            return new LogRecord(origin, rows);
        }
    }

    /**
     * The values of a decoded row, left as the UTF-8 bytes of the journal record: COPY takes them as they are, and
     * a String is made only when one is asked for.
     */
    static final class Utf8Values extends AbstractList<String> {

        private final byte[] bytes;
        private final int[] offsets; // -1 for NULL
        private final int[] lengths;

        Utf8Values(byte[] bytes, int[] offsets, int[] lengths) {
            this.bytes = bytes;
            this.offsets = offsets;
            this.lengths = lengths;
        }

        @Override
        public String get(int index) {
            return offsets[index] < 0
                    ? null
                    : new String(bytes, offsets[index], lengths[index], StandardCharsets.UTF_8);
        }

        @Override
        public int size() {
            return offsets.length;
        }

        void copyTo(CopyText text, int index) {
            if (offsets[index] < 0) {
                text.value(null);
            } else {
                text.utf8(bytes, offsets[index], lengths[index]);
            }
        }
    }

    private static final class Sink {
        private byte[] buffer;
        private int size;

        Sink(int capacity) {
            buffer = new byte[capacity];
        }

        void writeByte(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void writeVarint(int value) {
            ensure(5);
            int v = value;
            while ((v & ~0x7F) != 0) {
                buffer[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[size++] = (byte) v;
        }

        void writeString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, size, utf8.length);
            size += utf8.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }

    private static final class Source {
        private final byte[] bytes;
        private int at;

        Source(byte[] bytes) {
            this.bytes = bytes;
        }

        byte readByte() {
            if (at >= bytes.length) {
                throw new IllegalArgumentException("record ends early");
            }
            return bytes[at++];
        }

        int readVarint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = readByte();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (value < 0) {
                        throw new IllegalArgumentException("negative length");
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("bad varint");
        }

        String readString() {
            int length = readVarint();
            if (length > bytes.length - at) {
                throw new IllegalArgumentException("string of " + length + " bytes runs past the record");
            }
            String s = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        /** Skips {@code length} bytes and returns where they start. */
        int skip(int length) {
            if (length > bytes.length - at) {
                throw new IllegalArgumentException("a value of " + length + " bytes runs past the record");
            }
            int start = at;
            at += length;
            return start;
        }

        int remaining() {
            return bytes.length - at;
        }
    }
}
