package daz.slf4j.provider;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSettingsTest {

    @TempDir
    Path home;

    @Test
    void writesTheFileInThePatternAtTheConfiguredLevels() throws IOException {
        LoggerContext context = context();
        LogSettings.apply(
                context, home, Map.of("level", "WARN", "level.chatty", "DEBUG", "pattern", "%level %logger %msg%n"));

        context.getLogger("quiet").info("not written");
        context.getLogger("quiet").warn("written");
        context.getLogger("chatty.inner").debug("detail");
        context.stop();

        assertThat(Files.readAllLines(home.resolve("data/log/daz.log")))
                .containsExactly("WARN quiet written", "DEBUG chatty.inner detail");
    }

    @Test
    void anEditChangesLevelsAndTheSameSettingsChangeNothing() {
        LoggerContext context = context();
        Map<String, Object> file = Map.of("level.org.eclipse.jetty", "WARN", "service.pid", LogSettings.PID);
        assertThat(LogSettings.apply(context, home, file)).isTrue();
        assertThat(LogSettings.apply(context, home, Map.of("level.org.eclipse.jetty", "WARN")))
                .isFalse();

        assertThat(LogSettings.apply(context, home, Map.of("level.org.eclipse.jetty", "DEBUG", "level", "ERROR")))
                .isTrue();
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("ROOT").getLevel()).isEqualTo(Level.ERROR);
        context.stop();
    }

    @Test
    void sizesAndCountsThatCannotBeReadAreSaidAndTheDefaultsTaken() throws IOException {
        LoggerContext context = context();
        assertThat(LogSettings.apply(
                        context,
                        home,
                        Map.of("file.max.size", "lots", "file.max.history", "-3", "file.total.size.cap", "1GB")))
                .isTrue();

        context.getLogger("x").info("still logged");
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .extracting(status -> status.getMessage())
                .anyMatch(m -> m.contains("file.max.size = 'lots' cannot be read; 20MB is used"))
                .anyMatch(m -> m.contains("file.max.history = '-3' cannot be read; 30 is used"));
        context.stop();
        assertThat(Files.readAllLines(home.resolve("data/log/daz.log"))).anyMatch(l -> l.contains("still logged"));
    }

    @Test
    void withoutARuntimeHomeOnlyTheConsoleIsWritten() {
        LoggerContext context = context();
        LogSettings.apply(context, null, Map.of("level", "DEBUG"));
        assertThat(context.getLogger("ROOT").getAppender("CONSOLE")).isNotNull();
        assertThat(context.getLogger("ROOT").getAppender("FILE")).isNull();
        context.stop();
    }

    /** A context as Logback's SLF4J provider makes it. */
    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    @Test
    void readsTheConfigurationFile() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(
                home.resolve("etc/daz.logging.cfg"), "# levels\nlevel = DEBUG\nlevel.com.zaxxer.hikari = WARN\n");

        assertThat(LogSettings.read(home))
                .containsExactly(Map.entry("level", "DEBUG"), Map.entry("level.com.zaxxer.hikari", "WARN"));
        assertThat(LogSettings.read(home.resolve("nowhere"))).isEmpty();
    }
}
