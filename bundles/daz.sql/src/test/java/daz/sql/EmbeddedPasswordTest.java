package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPasswordTest {

    @TempDir
    Path folder;

    @Test
    void thePasswordIsTheFilesTextWithoutItsLineEnd() throws Exception {
        Path file = folder.resolve("pg.password");
        Files.writeString(file, "s3cret-Value_1\n");

        assertThat(EmbeddedPassword.read(file.toString())).contains("s3cret-Value_1");
    }

    @Test
    void noPropertyMeansNoPassword() {
        assertThat(EmbeddedPassword.read(null)).isEmpty();
        assertThat(EmbeddedPassword.read(" ")).isEmpty();
    }

    @Test
    void aMissingOrEmptyFileGivesNoPasswordInsteadOfFailingThePool() throws Exception {
        assertThat(EmbeddedPassword.read(folder.resolve("absent").toString())).isEmpty();
        Path empty = Files.writeString(folder.resolve("empty"), "\n");
        assertThat(EmbeddedPassword.read(empty.toString())).isEmpty();
    }
}
