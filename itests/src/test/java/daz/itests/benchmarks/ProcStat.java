package daz.itests.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Linux says of a process in {@code /proc}: CPU time used (utime + stime, whole process and per thread),
 * resident memory and thread count. For benchmarks that measure the runtime from outside, without attaching to it (an
 * attach would start threads of its own in the process measured).
 */
final class ProcStat {

    /** Clock ticks per second of utime and stime: USER_HZ, 100 on every Linux this runs on. */
    static final long TICKS_PER_SECOND = 100;

    private final long pid;

    ProcStat(long pid) {
        this.pid = pid;
    }

    /** CPU time the whole process has used so far, in ms. */
    long cpuMillis() {
        return ticks(read(Path.of("/proc", Long.toString(pid), "stat"))) * 1000 / TICKS_PER_SECOND;
    }

    /** CPU time used so far per thread, in ms, by thread id; each value is the thread's name and its time. */
    Map<Long, Map.Entry<String, Long>> threadCpuMillis() {
        Map<Long, Map.Entry<String, Long>> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.ISO_8859_1);
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                threads.put(
                        Long.parseLong(task.getFileName().toString()),
                        Map.entry(name, ticks(stat) * 1000 / TICKS_PER_SECOND));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return threads;
    }

    long rssMb() {
        return statusField("VmRSS:") / 1024;
    }

    long threads() {
        return statusField("Threads:");
    }

    private long statusField(String name) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + name + " for pid " + pid);
    }

    /** utime + stime of a stat line: fields 14 and 15, counted after the name in parentheses (it may hold spaces). */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
