package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import daz.sql.Collected;
import daz.sql.journal.Journal;
import daz.sql.journal.JournalSettings;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;

/**
 * A plugin's payload class, logged by the SQL logger, does not keep the plugin's class loader once the plugin's
 * revision goes away (issue 14: no class loader more after many updates).
 */
class PayloadClassLoaderTest {

    @TempDir
    Path dir;

    private final Events events = new Events();
    private Journal journal;
    private EventLogger logger;

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(JournalSettings.in(dir.resolve("journal")).withFsync(0, 1));
        logger = new EventLogger(
                Configs.logger(Map.of("log_all_events", true, "rules", new String[] {
                    "cytube.event.score -> scores(name=$.name, points=$.points, raw=raw)"
                })),
                journal,
                new FakeBus());
    }

    @AfterEach
    void close() throws IOException {
        journal.close();
    }

    @Test
    void aLoggedPayloadClassOfARevisionThatWentAwayIsNotKept() throws Exception {
        Path classes = compilePluginPayload();

        WeakReference<ClassLoader> loader = logWithOwnLoader(classes);
        logger.bundleChanged(new BundleEvent(BundleEvent.UPDATED, mock(Bundle.class)));

        Collected.await("the plugin's class loader", loader);
        assertThat(logger.accepted()).isEqualTo(2);
    }

    /**
     * Logs a payload whose class only a loader of this method knows, as a rule's event and as a column of a
     * {@code log.request}; returns a weak reference to the loader.
     */
    private WeakReference<ClassLoader> logWithOwnLoader(Path classes) throws Exception {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Class<?> type = loader.loadClass("plugin.Score");
            Object score = type.getConstructors()[0].newInstance("alice", 3);
            logger.handle(events.event("cytube.event.score", score, "daz.plugin.leak", Optional.empty(), true));
            logger.handle(events.event(
                    EventLogger.LOG_REQUEST,
                    Map.of("table", "scores", "row", Map.of("score", score, "all", List.of(score))),
                    "daz.plugin.leak",
                    Optional.empty(),
                    true));
            return new WeakReference<>(loader);
        }
    }

    /** A record (with an annotation of its own) of a plugin, compiled into a folder of its own. */
    private Path compilePluginPayload() throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/plugin"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(
                sources.resolve("Tag.java"),
                "package plugin; @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)"
                        + " public @interface Tag {}");
        Files.writeString(
                sources.resolve("Score.java"),
                "package plugin; @Tag public record Score(@Tag String name, int points) {}");
        int result = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        sources.resolve("Tag.java").toString(),
                        sources.resolve("Score.java").toString());
        assertThat(result).isZero();
        return classes;
    }
}
