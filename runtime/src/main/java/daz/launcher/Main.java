package daz.launcher;

import java.nio.file.Path;

/** Entry point of {@code bin/daz}: starts Felix with the bundles under {@code bundle/} and waits for it to stop. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        Path home =
                Path.of(System.getProperty("daz.home", ".")).toAbsolutePath().normalize();
        int status;
        try {
            status = new Launcher(home).run();
        } catch (Exception e) {
            LauncherLog.error("Daz could not start: " + e, e);
            status = 1;
        }
        System.exit(status);
    }
}
