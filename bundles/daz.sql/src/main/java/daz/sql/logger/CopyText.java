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
            if (!escaped(b)) {
                continue; // plain: copied with its run
            }
            System.arraycopy(bytes, run, out, at, i - run);
            at = escape(out, at + i - run, b);
            run = i + 1;
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
                if (escaped(c)) {
                    at = escape(out, at, c);
                } else {
                    out[at++] = (byte) c;
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

    /** Whether COPY text needs {@code c} (an ASCII character or byte) escaped or replaced. */
    private static boolean escaped(int c) {
        return c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == 0;
    }

    /**
     * Writes the escape of {@code c} (one that {@link #escaped} says needs it) at {@code at}; returns the end. NUL,
     * which PostgreSQL text cannot hold, becomes U+FFFD as the logger's rules replace it.
     */
    private static int escape(byte[] out, int at, int c) {
        if (c == 0) {
            return utf8(out, at, '\uFFFD');
        }
        out[at] = '\\';
        out[at + 1] = switch (c) {
            case '\n' -> (byte) 'n';
            case '\r' -> (byte) 'r';
            case '\t' -> (byte) 't';
            default -> (byte) '\\';
        };
        return at + 2;
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
