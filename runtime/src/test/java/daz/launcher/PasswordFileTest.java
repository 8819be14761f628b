package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

    @TempDir
    Path home;

    @Test
    void theFirstRunMakesALongRandomPasswordOnlyItsOwnerCanRead() throws Exception {
        Path file = home.resolve("data/pg.password");

        String password = PasswordFile.ensure(file).read();

        assertThat(password).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(home.resolve("data")).isDirectoryNotContaining("glob:**.new");
    }

    @Test
    void laterRunsKeepThePasswordAndTightenAFileOthersCouldRead() throws Exception {
        Path file = home.resolve("data/pg.password");
        String first = PasswordFile.ensure(file).read();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        String second = PasswordFile.ensure(file).read();

        assertThat(second).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void twoInstallationsGetDifferentPasswords() throws Exception {
        assertThat(PasswordFile.ensure(home.resolve("a/pg.password")).read())
                .isNotEqualTo(PasswordFile.ensure(home.resolve("b/pg.password")).read());
    }
}
