package daz.shell.remote;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One unit of the {@code bin/daz-shell} protocol: a type and its payload. Command output travels only inside
 * {@link Type#OUT} and {@link Type#ERR} frames, so nothing a command prints can pass for a status.
 *
 * @param type what the payload is
 * @param payload at most {@link #MAX_PAYLOAD} bytes
 */
public record Frame(Type type, byte[] payload) {

    /** The protocol both ends speak; the server says it first ({@link Type#HELLO}). */
    public static final int PROTOCOL_VERSION = 1;

    /** The largest payload of one frame; longer output is split into several frames. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    /** The frame types, with the byte that marks each on the wire. */
    public enum Type {
        /** Server, first frame: the protocol version (an int). */
        HELLO('H'),
        /** Client: one command line to run (UTF-8). */
        COMMAND('C'),
        /** Server: bytes the command wrote to its standard output. */
        OUT('O'),
        /** Server: bytes the command wrote to its standard error. */
        ERR('E'),
        /** Server: the command ended with this status (an int: 0 done, 1 failed); the next command may follow. */
        STATUS('S'),
        /** Server: the session ended ({@code exit}) with this status (an int); the server closes the connection. */
        EXIT('X');

        private final byte code;

        Type(char code) {
            this.code = (byte) code;
        }

        public byte code() {
            return code;
        }

        /** The type marked by {@code code}, or null if no type is. */
        static Type of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return null;
        }
    }

    public Frame {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "a frame holds at most " + MAX_PAYLOAD + " bytes, not " + payload.length);
        }
    }

    public static Frame hello() {
        return number(Type.HELLO, PROTOCOL_VERSION);
    }

    public static Frame command(String line) {
        return new Frame(Type.COMMAND, line.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame status(int status) {
        return number(Type.STATUS, status);
    }

    public static Frame exit(int status) {
        return number(Type.EXIT, status);
    }

    /** An {@link Type#OUT} or {@link Type#ERR} frame of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static Frame output(Type type, byte[] bytes, int offset, int length) {
        return new Frame(type, Arrays.copyOfRange(bytes, offset, offset + length));
    }

    private static Frame number(Type type, int value) {
        return new Frame(type, ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }

    /** The payload as UTF-8 text (a command line). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload as an int (a status or the protocol version). */
    public int number() {
        if (payload.length != Integer.BYTES) {
            throw new IllegalStateException(type + " frame of " + payload.length + " bytes holds no int");
        }
        return ByteBuffer.wrap(payload).getInt();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && f.type == type && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + "[" + payload.length + " bytes]";
    }
}
