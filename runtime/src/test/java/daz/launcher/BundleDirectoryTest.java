package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aJarUnzippedOverAnInstalledOneIsWrittenAfterItsInstallThoughItCarriesTheBuildsDate() throws Exception {
        long installed = System.currentTimeMillis() - 60_000;
        Path jar = Files.write(dir.resolve("daz.core-0.1.0-SNAPSHOT.jar"), new byte[] {1, 2, 3});
        // what unzip does: the entry's date, here the reproducible build's
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(BundleDirectory.writtenAfter(jar, installed)).isTrue();
    }

    @Test
    void aJarWrittenBeforeItsBundleWasInstalledIsNotWrittenAfter() throws Exception {
        Path jar = Files.write(dir.resolve("daz.core-0.1.0-SNAPSHOT.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        long installed = System.currentTimeMillis() + 1_000;

        assertThat(BundleDirectory.writtenAfter(jar, installed)).isFalse();
    }
}
