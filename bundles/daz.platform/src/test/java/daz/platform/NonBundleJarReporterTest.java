package daz.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonBundleJarReporterTest {

    @TempDir
    Path dir;

    private final NonBundleJarReporter reporter = new NonBundleJarReporter();

    @Test
    void aBundleIsLeftToFileInstall() throws IOException {
        File bundle = jar("bundle.jar", "daz.plugin.x");
        assertThat(reporter.canHandle(bundle)).isFalse();
    }

    @Test
    void aPlainJarIsReportedForItsMissingSymbolicName() throws IOException {
        File plain = jar("plain.jar", null);
        assertThat(reporter.canHandle(plain)).isTrue();
        assertThat(NonBundleJarReporter.problem(plain)).contains("no Bundle-SymbolicName");
    }

    @Test
    void aFileThatIsNoJarIsReportedAsUnreadable() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "this is no jar");
        assertThat(reporter.canHandle(garbage.toFile())).isTrue();
        assertThat(NonBundleJarReporter.problem(garbage.toFile())).contains("not a readable jar");
    }

    @Test
    void otherFilesAreNotItsBusiness() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThat(reporter.canHandle(text.toFile())).isFalse();
    }

    private File jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path path = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.closeEntry();
        }
        return path.toFile();
    }
}
