package daz.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server an earlier process left running on {@code data/pg} (a bot killed before it could stop it): its
 * {@code postmaster.pid} names a live process whose working folder is that data folder. Stopped with {@code pg_ctl
 * stop -m fast} (then {@code immediate}) before a new server starts there. A pid file naming another program (the pid
 * was reused after a crash of the machine) is removed.
 */
final class LeftoverServer {

    private LeftoverServer() {}

    /** Stops what an earlier process left running on {@code data}; throws if it keeps running. */
    static void stop(Path data, PostgresBinaries binaries, Path log) throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        Optional<Long> found = readPid(pidFile).filter(LeftoverServer::alive);
        if (found.isEmpty()) {
            return; // no pid file, or a stale one: PostgreSQL takes it over by itself
        }
        long pid = found.get();
        if (!runsOn(pid, data)) {
            LauncherLog.warn(pidFile + " names process " + pid + ", which is no PostgreSQL on " + data
                    + " (the pid was reused): removing the stale file");
            Files.deleteIfExists(pidFile);
            return;
        }
        LauncherLog.warn("A PostgreSQL left running by an earlier Daz process (pid " + pid + ") holds " + data
                + ": stopping it");
        for (String mode : List.of("fast", "immediate")) {
            binaries.run(log, "pg_ctl", "-D", data.toString(), "stop", "-m", mode, "-w", "-t", "30");
            if (!Files.exists(pidFile) || !alive(pid)) {
                LauncherLog.info("Stopped the PostgreSQL left running (pid " + pid + ", " + mode + " shutdown)");
                return;
            }
        }
        throw new IOException("the PostgreSQL left running on " + data + " (pid " + pid + ") does not stop; stop it"
                + " by hand (kill " + pid + ")");
    }

    /** Running: a process that ended lingers as a zombie until init reaps it. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    static Optional<Long> readPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        try {
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The postmaster works in its data folder; where that cannot be read, its command line names the folder. */
    private static boolean runsOn(long pid, Path data) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Path folder = data.toRealPath();
        try {
            return Files.readSymbolicLink(proc.resolve("cwd")).equals(folder);
        } catch (IOException | SecurityException unreadable) {
            String[] args = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8)
                    .split("\0");
            return args.length > 0
                    && args[0].endsWith("postgres")
                    && Arrays.stream(args).anyMatch(a -> a.equals(data.toString()) || a.equals(folder.toString()));
        }
    }
}
