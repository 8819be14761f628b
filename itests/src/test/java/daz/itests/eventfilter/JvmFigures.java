package daz.itests.eventfilter;

import daz.itests.RuntimeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running JVM holds, asked from outside with {@code jcmd} after two full collections: its live threads, its
 * class loaders (without the JDK's one-class reflection loaders, which come and go on their own), its heap in use
 * and the names of its threads and class loaders (a loader by the package of the first class it loaded, e.g.
 * {@code daz.plugin.help}: a bundle revision's loader is known by its bundle's code).
 */
record JvmFigures(int threads, int classLoaders, long heapUsedKb, List<String> threadNames, List<String> loaderNames) {

    /** Each generation's (or G1's whole heap's) line: {@code ... total 4928K, used 308K [...}. */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private static final Pattern THREAD_NAME = Pattern.compile("(?m)^\"([^\"]+)\"");

    static JvmFigures of(long pid) {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        int threads = 0;
        for (String line : RuntimeProcess.read(Path.of("/proc", Long.toString(pid), "status"))
                .split("\n")) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        int loaders = 0;
        for (String line : jcmd(pid, "VM.classloader_stats").split("\n")) {
            if (line.startsWith("0x") && !line.contains("DelegatingClassLoader") && !line.contains("hidden")) {
                loaders++;
            }
        }
        Matcher heap = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        long used = 0;
        while (heap.find()) {
            used += Long.parseLong(heap.group(1));
        }
        List<String> names = new ArrayList<>();
        Matcher name = THREAD_NAME.matcher(jcmd(pid, "Thread.print"));
        while (name.find()) {
            names.add(name.group(1));
        }
        Collections.sort(names);
        return new JvmFigures(threads, loaders, used, List.copyOf(names), loaderNames(pid));
    }

    /**
     * Each class loader of the tree {@code VM.classloaders show-classes} prints, but the JDK's reflection loaders,
     * named by the package of the first class listed under it ("no classes" for one that has loaded none yet).
     */
    private static List<String> loaderNames(long pid) {
        List<String> names = new ArrayList<>();
        String[] lines = jcmd(pid, "VM.classloaders show-classes").split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains("+-- ")
                    || lines[i].contains("DelegatingClassLoader")
                    || lines[i].contains("<bootstrap>")) {
                continue;
            }
            String first = "no classes";
            for (int j = i + 1; j < lines.length && !lines[j].contains("+-- "); j++) {
                int at = lines[j].indexOf("Classes: ");
                if (at >= 0) {
                    String type = lines[j].substring(at + "Classes: ".length()).strip();
                    first = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
                    break;
                }
            }
            names.add(first);
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    private static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder("jcmd", Long.toString(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The class loaders in {@code later} that are not in this one, by {@link #loaderNames} (each counted). */
    List<String> loadersAdded(JvmFigures later) {
        List<String> added = new ArrayList<>(later.loaderNames);
        loaderNames.forEach(added::remove);
        return added;
    }

    /** The names of the threads in {@code later} that are not in this one (each name counted). */
    List<String> threadsAdded(JvmFigures later) {
        List<String> added = new ArrayList<>(later.threadNames);
        threadNames.forEach(added::remove);
        return added;
    }

    @Override
    public String toString() {
        return "threads=" + threads + " class_loaders=" + classLoaders + " heap_used_kb=" + heapUsedKb;
    }
}
