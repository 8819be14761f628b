package daz.platform;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FileInstall passes a jar that is no bundle to its artifact installers and otherwise ignores it in silence. This
 * installer takes such jars in deploy/ and says, once per file, why nothing happened.
 */
@Component
public class NonBundleJarReporter implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(NonBundleJarReporter.class);

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && problem(artifact) != null;
    }

    @Override
    public void install(File artifact) {
        LOG.warn("Ignoring {}: {}. Only OSGi bundles can be deployed.", artifact, problem(artifact));
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.info("{} removed", artifact);
    }

    /** Why the file is no bundle, or null when it is one. */
    static String problem(File artifact) {
        try (JarFile jar = new JarFile(artifact)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "it has no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "its manifest has no Bundle-SymbolicName (a plain jar, not a bundle)";
            }
            return null;
        } catch (IOException e) {
            return "it is not a readable jar (" + e.getMessage() + ")";
        }
    }
}
