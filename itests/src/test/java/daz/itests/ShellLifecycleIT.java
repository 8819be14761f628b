package daz.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.itests.greeter.Greeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * An operator's plugin lifecycle, typed into the Gogo shell: install a bundle, see its component active, update
 * it to a second version, uninstall it, while the framework stays up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellLifecycleIT extends DazTestSupport {

    @Inject
    ServiceComponentRuntime scr;

    @Override
    protected Option[] testOptions() {
        Path work = workDirectory(getClass());
        return new Option[] {
            systemProperty("greeter.v1").value(greeterBundle(work, "1.0.0").toString()),
            systemProperty("greeter.v2").value(greeterBundle(work, "2.0.0").toString())
        };
    }

    /** Builds a bundle with the Greeter DS component, as a plugin author's build would. */
    private static Path greeterBundle(Path work, String version) {
        Path jar = work.resolve("greeter-" + version + ".jar");
        try (InputStream in = TinyBundles.bundle()
                .addClass(Greeter.class)
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "daz.plugin.greeter")
                .setHeader(Constants.BUNDLE_VERSION, version)
                .setHeader("-dsannotations", "*")
                .build(TinyBundles.bndBuilder())) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    @Test
    public void installUpdateAndUninstallAPluginFromTheShell() throws Exception {
        String v1 = Path.of(System.getProperty("greeter.v1")).toUri().toString();
        String v2 = Path.of(System.getProperty("greeter.v2")).toUri().toString();
        Bundle framework = context.getBundle(0);

        // What the user sees: "Bundle ID: <id>"
        String answer = shell("install " + v1);
        Matcher bundleId = Pattern.compile("Bundle ID: (\\d+)").matcher(answer);
        assertTrue(answer, bundleId.find());
        long id = Long.parseLong(bundleId.group(1));
        Bundle installed = context.getBundle(id);
        assertNotNull(installed);
        shell("start " + id);
        assertEquals(Bundle.ACTIVE, installed.getState());
        awaitGreeter(new Version(1, 0, 0));

        shell("update " + id + " " + v2);
        // `refresh` returns before the framework has refreshed (and restarted) the bundle: an uninstall typed
        // meanwhile competes with the refresh for the bundle, so the test waits for the end as an operator would
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkListener listener = e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        };
        context.addFrameworkListener(listener);
        try {
            shell("refresh " + id); // a bare `refresh` fails in gogo.command 1.1.2 (NPE)
            assertTrue("the refresh ended", refreshed.await(10, TimeUnit.SECONDS));
        } finally {
            context.removeFrameworkListener(listener);
        }
        Bundle updated = context.getBundle(id);
        assertEquals(new Version(2, 0, 0), updated.getVersion());
        assertEquals(
                "the old revision is gone",
                1,
                updated.adapt(BundleRevisions.class).getRevisions().size());
        awaitGreeter(new Version(2, 0, 0));

        String uninstalled = shell("uninstall " + id);
        assertEquals(uninstalled, null, context.getBundle(id));
        assertTrue(
                "no greeter component after uninstall",
                scr.getComponentDescriptionDTOs().stream().noneMatch(d -> d.name.equals(Greeter.class.getName())));
        assertEquals("the framework stayed up", Bundle.ACTIVE, framework.getState());
    }

    /** Exactly one Greeter component, active, from the bundle of the given version. */
    private void awaitGreeter(Version version) {
        Await.until(Duration.ofSeconds(10), "the greeter " + version + " component active", () -> {
            List<ComponentDescriptionDTO> greeters = scr.getComponentDescriptionDTOs().stream()
                    .filter(d -> d.name.equals(Greeter.class.getName()))
                    .toList();
            if (greeters.size() != 1) {
                return false;
            }
            Bundle owner = context.getBundle(greeters.get(0).bundle.id);
            return owner.getVersion().equals(version)
                    && scr.getComponentConfigurationDTOs(greeters.get(0)).stream()
                            .anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE
                                    || c.state == ComponentConfigurationDTO.SATISFIED);
        });
    }
}
