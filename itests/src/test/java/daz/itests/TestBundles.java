package daz.itests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Builds plugin bundles the way a plugin author's build would (bnd through TinyBundles), in the test driver before
 * the framework starts; tests install them from the shell, from deploy/ or with the BundleContext.
 */
public final class TestBundles {

    private TestBundles() {}

    /**
     * Builds {@code <dir>/<symbolicName>-<version>.jar} from the given classes, text resources (path → content) and
     * extra manifest headers, and returns its path.
     */
    public static Path build(
            Path dir,
            String symbolicName,
            String version,
            Map<String, String> headers,
            Map<String, String> resources,
            Class<?>... classes) {
        TinyBundle bundle = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, version);
        headers.forEach(bundle::setHeader);
        resources.forEach((path, text) ->
                bundle.addResource(path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        for (Class<?> type : classes) {
            bundle.addClass(type);
        }
        Path jar = dir.resolve(symbolicName + "-" + version + ".jar");
        try (InputStream in = bundle.build(TinyBundles.bndBuilder())) {
            Files.createDirectories(dir);
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
