package daz.sql.logger;

import java.util.Arrays;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8: tab between values, newline after a row, {@code \N} for NULL, and
 * backslash, newline, carriage return and tab escaped. Written straight into a byte buffer: this runs for every
 * value of every row, and a {@code Writer} chain costs more than the COPY itself.
 */
final class CopyText {

    private byte[] buffer;
    private int size;

    CopyText(int capacity) {
        buffer = new byte[capacity];
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] buffer() {
        return buffer;
    }

    void row(List<String> values) {
        LogRecordCodec.Utf8Values utf8 = values instanceof LogRecordCodec.Utf8Values u ? u : null;
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            if (utf8 != null) {
                utf8.copyTo(this, i);
            } else {
                value(values.get(i));
            }
        }
        put((byte) '\n');
    }

    /** A value given as UTF-8 bytes, escaped as COPY wants it; bytes of multi-byte characters pass unchanged. */
    void utf8(byte[] bytes, int offset, int length) {
        ensure(length * 3); // an escape takes 2 bytes, NUL's replacement 3
        byte[] out = buffer;
        int at = size;
        int run = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b > '\\' || (b != '\\' && b != '\n' && b != '\r' && b != '\t' && b != 0)) {
                continue; // plain: copied with its run
            }
            System.arraycopy(bytes, run, out, at, i - run);
            at += i - run;
            run = i + 1;
            switch (b) {
                case '\\' -> {
                    out[at++] = '\\';
                    out[at++] = '\\';
                }
                case '\n' -> {
                    out[at++] = '\\';
                    out[at++] = 'n';
                }
                case '\r' -> {
                    out[at++] = '\\';
                    out[at++] = 'r';
                }
                case '\t' -> {
                    out[at++] = '\\';
                    out[at++] = 't';
                }
                default -> at = utf8(out, at, '\uFFFD'); // NUL
            }
        }
        System.arraycopy(bytes, run, out, at, end - run);
        size = at + end - run;
    }

    void value(String value) {
        if (value == null) {
            ensure(2);
            buffer[size++] = '\\';
            buffer[size++] = 'N';
            return;
        }
        int length = value.length();
        // every char takes at most 3 bytes: an escape 2, a surrogate pair 4 for its two chars
        ensure(length * 3);
        byte[] out = buffer;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        out[at++] = '\\';
                        out[at++] = '\\';
                    }
                    case '\n' -> {
                        out[at++] = '\\';
                        out[at++] = 'n';
                    }
                    case '\r' -> {
                        out[at++] = '\\';
                        out[at++] = 'r';
                    }
                    case '\t' -> {
                        out[at++] = '\\';
                        out[at++] = 't';
                    }
                    case '\0' -> at = utf8(out, at, '\uFFFD'); // PostgreSQL text cannot hold NUL; the rules replace it
                    default -> out[at++] = (byte) c;
                }
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte) (0xF0 | (code >> 18));
                out[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (code & 0x3F));
            } else {
                // a lone surrogate has no UTF-8 form: '?', as String.getBytes does
                at = utf8(out, at, Character.isSurrogate(c) ? '?' : c);
            }
        }
        size = at;
    }

    private static int utf8(byte[] out, int start, char c) {
        int at = start;
        if (c < 0x80) {
            out[at++] = (byte) c;
        } else if (c < 0x800) {
            out[at++] = (byte) (0xC0 | (c >> 6));
            out[at++] = (byte) (0x80 | (c & 0x3F));
        } else {
            out[at++] = (byte) (0xE0 | (c >> 12));
            out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[at++] = (byte) (0x80 | (c & 0x3F));
        }
        return at;
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
