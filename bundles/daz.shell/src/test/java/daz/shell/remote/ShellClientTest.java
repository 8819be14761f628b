package daz.shell.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellClientTest {

    @TempDir
    Path home;

    @Test
    void withNoRuntimeInTheFolderItSaysSoAndFails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ShellClient(home, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of("lb"), InputStream.nullInputStream(), false);

        assertThat(status).isEqualTo(ShellClient.UNREACHABLE);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("daz-shell: no Daz runtime is running in " + home + " (no data/shell/daz.sock)\n");
    }
}
