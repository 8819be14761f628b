package daz.shell.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/daz-shell}: the client end of {@link ShellSocketServer}, a plain Java program (no OSGi) that
 * {@code bin/daz-shell} runs from this bundle's jar. With a command as its arguments it runs that one command and
 * ends with its status; without, it reads command lines from standard input (with a {@code g! } prompt on a
 * terminal) until {@code exit} or the end of input.
 *
 * <p>Exit status: 0 the command succeeded, 1 it failed (unknown command, an exception), 2 no runtime could be
 * reached (or it went away), or the status given to {@code exit}.
 */
public final class ShellClient {

    static final int FAILED = 1;
    static final int UNREACHABLE = 2;

    private static final String PROMPT = "g! ";

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    ShellClient(Path home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Path home =
                Path.of(System.getProperty("daz.home", ".")).toAbsolutePath().normalize();
        int status =
                new ShellClient(home, System.out, System.err).run(List.of(args), System.in, System.console() != null);
        System.exit(status);
    }

    /** Runs {@code args} as one command, or standard input's lines when there are none; returns the exit status. */
    int run(List<String> args, InputStream stdin, boolean terminal) {
        Path socket = ShellSocket.under(home);
        try (SocketChannel channel = connect(socket)) {
            FrameStream frames = new FrameStream(Channels.newInputStream(channel), Channels.newOutputStream(channel));
            Optional<Frame> hello = frames.receive();
            if (hello.isEmpty()
                    || hello.get().type() != Frame.Type.HELLO
                    || hello.get().number() != Frame.PROTOCOL_VERSION) {
                err.println("daz-shell: " + socket + " does not speak daz-shell protocol " + Frame.PROTOCOL_VERSION
                        + " (" + hello.map(Frame::toString).orElse("nothing") + "): is bin/daz-shell of this runtime?");
                return UNREACHABLE;
            }
            if (!args.isEmpty()) {
                return command(frames, String.join(" ", args)).status();
            }
            return interactive(frames, stdin, terminal);
        } catch (Unreachable e) {
            err.println("daz-shell: " + e.getMessage());
            return UNREACHABLE;
        } catch (IOException e) {
            err.println("daz-shell: the connection to the runtime failed: " + e);
            return UNREACHABLE;
        }
    }

    private SocketChannel connect(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            if (Files.isDirectory(socket.getParent()) && !Files.isExecutable(socket.getParent())) {
                throw new Unreachable(socket.getParent() + " opens only for the account that runs Daz: run "
                        + "daz-shell as that account");
            }
            throw new Unreachable("no Daz runtime is running in " + home + " (no " + ShellSocket.RELATIVE_PATH + ")");
        }
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            throw new Unreachable("no Daz runtime is running in " + home + " (" + ShellSocket.RELATIVE_PATH
                    + " is left from one that ended: connection refused)");
        } catch (IOException e) {
            throw new Unreachable("cannot connect to " + socket + ": " + e.getMessage()
                    + " (it opens only for the account that runs Daz)");
        }
    }

    private int interactive(FrameStream frames, InputStream stdin, boolean terminal) throws IOException {
        if (terminal) {
            out.println("Daz shell in " + home + ": the console's commands ('help' lists them). 'exit' or Ctrl-D "
                    + "leaves; the bot keeps running ('daz:shutdown' stops it).");
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
        int status = 0;
        while (true) {
            if (terminal) {
                out.print(PROMPT);
                out.flush();
            }
            String line = lines.readLine();
            if (line == null) {
                if (terminal) {
                    out.println();
                }
                return status;
            }
            if (line.isBlank()) {
                continue;
            }
            Outcome outcome = command(frames, line);
            status = outcome.status();
            if (outcome.ended()) {
                return status;
            }
        }
    }

    /** Sends one command and copies its output until its status comes. */
    private Outcome command(FrameStream frames, String line) throws IOException {
        frames.send(Frame.command(line));
        while (true) {
            Frame frame = frames.receive()
                    .orElseThrow(() -> new Unreachable("the runtime closed the connection (is it stopping?)"));
            switch (frame.type()) {
                case OUT -> copy(frame, out);
                case ERR -> copy(frame, err);
                case STATUS -> {
                    return new Outcome(frame.number(), false);
                }
                case EXIT -> {
                    return new Outcome(frame.number(), true);
                }
                default -> throw new java.net.ProtocolException("unexpected " + frame + " from the runtime");
            }
        }
    }

    private static void copy(Frame frame, PrintStream to) {
        to.write(frame.payload(), 0, frame.payload().length);
        to.flush();
    }

    /** How a command ended: its status, and whether the session ended with it ({@code exit}). */
    private record Outcome(int status, boolean ended) {}

    /** No runtime to talk to, said in words for the operator. */
    private static final class Unreachable extends IOException {
        Unreachable(String message) {
            super(message);
        }
    }
}
