package daz.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The whole feature set boots in real Felix + SCR: every bundle active (a fragment resolved), every Daz component satisfied. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureBootIT extends DazTestSupport {

    @Inject
    ServiceComponentRuntime scr;

    @Test
    public void everyFeatureBundleIsActiveAtItsDeclaredStartLevel() {
        Await.until(
                Duration.ofSeconds(30),
                "the final start level",
                () -> context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel() == FINAL_START_LEVEL);
        for (Features.FeatureBundle feature : Features.bundles()) {
            Bundle bundle = Arrays.stream(context.getBundles())
                    .filter(b -> b.getLocation().equals(feature.jar().toUri().toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("not installed: " + feature.jar()));
            int expected = feature.fragment() ? Bundle.RESOLVED : Bundle.ACTIVE;
            Await.until(
                    Duration.ofSeconds(30),
                    bundle.getSymbolicName() + (feature.fragment() ? " resolved (a fragment)" : " active"),
                    () -> bundle.getState() == expected);
            assertEquals(
                    bundle.getSymbolicName(),
                    feature.startLevel(),
                    bundle.adapt(BundleStartLevel.class).getStartLevel());
        }
    }

    @Test
    public void everyDazComponentIsActiveOrWaitingForUse() {
        List<ComponentDescriptionDTO> daz = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.bundle.symbolicName.startsWith("daz."))
                .toList();
        assertTrue("Daz bundles declare components", daz.size() >= 2);
        for (ComponentDescriptionDTO description : daz) {
            Await.until(
                    Duration.ofSeconds(30),
                    description.name + " satisfied",
                    () -> scr.getComponentConfigurationDTOs(description).stream()
                            .allMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE
                                    || c.state == ComponentConfigurationDTO.SATISFIED));
        }
    }

    @Test
    public void dazStatusListsEveryDazBundleWithVersionStateAndLevel() throws Exception {
        String table = shell("daz:status");

        Set<Bundle> daz = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("daz."))
                .collect(Collectors.toSet());
        assertTrue(daz.size() >= 3);
        for (Bundle b : daz) {
            String row = table.lines()
                    .filter(l -> l.contains(" " + b.getSymbolicName() + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(b.getSymbolicName() + " missing from:\n" + table));
            assertTrue(row, row.contains(b.getVersion().toString()));
            // a fragment (daz.slf4j.provider) is never started: RESOLVED, attached to its host, is its working state
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            assertTrue(row, row.contains(fragment ? "RESOLVED" : "ACTIVE"));
            assertTrue(row, row.endsWith(" " + b.adapt(BundleStartLevel.class).getStartLevel()));
        }
    }
}
