package daz.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/daz-shell} of a running runtime kept open, as an operator keeps a console: each command is written
 * to its standard input, followed by an assignment whose value the shell prints, so that the command's output ends
 * at that marker and {@link #run} returns when the command is done. Standard error goes to a file.
 */
public final class DazShellSession implements AutoCloseable {

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private int marks;

    public DazShellSession(Path home, Path errors) {
        try {
            process = new ProcessBuilder(home.resolve("bin/daz-shell").toString())
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs one command and returns what it printed. */
    public String run(String command) {
        String mark = "reload-mark-" + ++marks;
        try {
            in.write(command + "\nreload_mark = " + mark + "\n");
            in.flush();
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.strip().equals(mark)) {
                    return String.join("\n", lines);
                }
                lines.add(line);
            }
            throw new IllegalStateException("bin/daz-shell ended during '" + command + "': " + lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.write("exit\n");
            in.flush();
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
