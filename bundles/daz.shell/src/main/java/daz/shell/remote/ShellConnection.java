package daz.shell.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ProtocolException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code bin/daz-shell} client: a Gogo session of its own (its variables last as long as the connection), fed
 * one command per {@link Frame.Type#COMMAND} frame, each answered by its output and a {@link Frame.Type#STATUS}.
 * Commands read no input: their standard input is empty.
 */
final class ShellConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShellConnection.class);

    private final SocketChannel channel;
    private final CommandProcessor processor;
    private final String name;
    private final Consumer<ShellConnection> ended;
    private volatile Thread thread;
    private volatile CommandSession session;
    private volatile boolean retiring;

    /** {@code ended} is told when the client has gone and the session is closed. */
    ShellConnection(SocketChannel channel, CommandProcessor processor, String name, Consumer<ShellConnection> ended) {
        this.channel = channel;
        this.processor = processor;
        this.name = name;
        this.ended = ended;
    }

    /** Serves the client on a thread of its own, named after the connection. */
    void start() {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        int commands = 0;
        LOG.debug("Shell session {} opened", name);
        try (channel) {
            FrameStream frames = new FrameStream(Channels.newInputStream(channel), Channels.newOutputStream(channel));
            frames.send(Frame.hello());
            PrintStream out = new PrintStream(new FrameOutput(frames, Frame.Type.OUT), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new FrameOutput(frames, Frame.Type.ERR), true, StandardCharsets.UTF_8);
            CommandSession created = processor.createSession(InputStream.nullInputStream(), out, err);
            session = created;
            try {
                // as the console's profile does: `e` prints the last failure's stack trace
                created.execute("e = { $exception printStackTrace }");
                for (Optional<Frame> frame; !retiring && (frame = frames.receive()).isPresent(); ) {
                    commands++;
                    Frame reply = reply(frame.get(), created, out, err);
                    if (retiring && reply.type() == Frame.Type.STATUS) {
                        err.println("daz-shell: the shell socket was stopped meanwhile (daz.shell stopped or updated):"
                                + " this session ends; connect again");
                        reply = Frame.exit(reply.number());
                    }
                    frames.send(reply);
                    if (reply.type() == Frame.Type.EXIT) {
                        break;
                    }
                }
            } finally {
                created.close();
            }
        } catch (IOException e) {
            if (channel.isOpen()) {
                LOG.info("Shell session {} lost: {}", name, e.toString());
            }
        } catch (Exception e) {
            LOG.warn("Shell session {} failed", name, e);
        }
        LOG.info("Shell session {} closed after {} commands", name, commands);
        ended.accept(this);
    }

    /** Runs one frame's command: a {@link Frame.Type#STATUS} to send, or an {@link Frame.Type#EXIT} to end with. */
    private static Frame reply(Frame frame, CommandSession session, PrintStream out, PrintStream err)
            throws IOException {
        if (frame.type() != Frame.Type.COMMAND) {
            throw new ProtocolException("a client sends commands only, not " + frame);
        }
        String line = frame.text();
        try {
            Optional<ExitRequest> exit = ExitRequest.parse(line);
            if (exit.isPresent()) {
                return Frame.exit(exit.get().status());
            }
        } catch (IllegalArgumentException e) {
            err.println("daz-shell: " + e.getMessage());
            return Frame.status(1);
        }
        return Frame.status(execute(session, line, out, err));
    }

    /**
     * Runs a command line as the Gogo console does (the result formatted on standard output, a failure kept in
     * {@code $exception}), the failure's message on standard error; returns 0, or 1 if the command threw.
     */
    static int execute(CommandSession session, String line, PrintStream out, PrintStream err) {
        if (line.isBlank()) {
            return 0;
        }
        try {
            Object result = session.execute(line);
            session.put("_", result);
            if (result != null && !Boolean.FALSE.equals(session.get(".Gogo.format"))) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (Exception | LinkageError | StackOverflowError e) {
            session.put("exception", e);
            err.println("gogo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Whether the command running now was started by this connection's session: a command that stops or updates
     * daz.shell deactivates the server from within the session, which must then neither be interrupted (the update
     * would fail half-way) nor waited for (it waits for the deactivation).
     */
    boolean runsTheCurrentCommand() {
        CommandSession own = session;
        for (Job job = Job.Utils.current(); job != null; job = job.parent()) {
            if (own != null && job.session() == own) {
                return true;
            }
        }
        return thread == Thread.currentThread();
    }

    /** Lets the running command finish and answer, then ends the session (see {@link #runsTheCurrentCommand}). */
    void retire() {
        retiring = true;
    }

    /** Ends the connection: a blocked read or write fails at once, and a running command is interrupted. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing shell session {}", name, e);
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits up to {@code millis} for the session's thread to end. */
    void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }
}
