package daz.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why PostgreSQL would not start or run, in one line for the launcher's message: its last two lines of output (say
 * {@code LOG: invalid value for parameter ...} then {@code FATAL: configuration file ... contains errors}), without
 * their timestamps.
 */
final class PostgresOutput {

    private static final int TAIL_BYTES = 16 * 1024;

    private PostgresOutput() {}

    static String lastLines(String output) {
        List<String> lines =
                output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no output";
        }
        return lines.subList(Math.max(0, lines.size() - 2), lines.size()).stream()
                .map(l -> l.replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\S+ \\[\\d+\\] ", ""))
                .collect(Collectors.joining(" / "));
    }

    /** The last lines {@code log} got after it was {@code from} bytes long. */
    static String lastLines(Path log, long from) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(from, file.length() - TAIL_BYTES);
            file.seek(Math.min(start, file.length()));
            byte[] bytes = new byte[(int) (file.length() - file.getFilePointer())];
            file.readFully(bytes);
            return lastLines(new String(bytes, StandardCharsets.UTF_8)) + " (all of it in " + log + ")";
        } catch (IOException e) {
            return "see " + log;
        }
    }
}
