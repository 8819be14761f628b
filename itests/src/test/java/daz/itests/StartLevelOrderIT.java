package daz.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import daz.itests.witness.StartOrderWitness;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/** Bundles reach ACTIVE in the order of the start levels the features declare. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StartLevelOrderIT extends DazTestSupport {

    @Override
    protected Option[] firstBundles() {
        // The witness goes first, at level 1, so it sees every bundle that starts after it.
        return new Option[] {
            streamBundle(TinyBundles.bundle()
                            .addClass(StartOrderWitness.class)
                            .setHeader(Constants.BUNDLE_SYMBOLICNAME, "daz.itests.witness")
                            .setHeader(Constants.BUNDLE_ACTIVATOR, StartOrderWitness.class.getName())
                            .build(TinyBundles.bndBuilder()))
                    .startLevel(1)
                    .start()
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    public void bundlesBecomeActiveInDeclaredStartLevelOrder() throws Exception {
        Await.until(
                Duration.ofSeconds(30),
                "the final start level",
                () -> context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel() == FINAL_START_LEVEL);
        ServiceReference<Supplier> ref = context.getServiceReferences(Supplier.class, null).stream()
                .filter(r -> "daz.itests.witness".equals(r.getBundle().getSymbolicName()))
                .findFirst()
                .orElseThrow();
        List<String> started = (List<String>) context.getService(ref).get();

        // fragments are never started: they attach to their hosts
        Set<String> featureLocations = Features.bundles().stream()
                .filter(b -> !b.fragment())
                .map(b -> b.jar().toUri().toString())
                .collect(Collectors.toSet());
        Set<String> featureBundles = Arrays.stream(context.getBundles())
                .filter(b -> featureLocations.contains(b.getLocation()))
                .map(b -> b.getSymbolicName())
                .collect(Collectors.toSet());
        List<String> startedFeatureBundles = started.stream()
                .filter(e -> featureBundles.contains(e.substring(0, e.lastIndexOf('@'))))
                .toList();

        assertEquals(
                "every feature bundle started once: " + started, featureBundles.size(), startedFeatureBundles.size());
        int previous = 0;
        for (String entry : startedFeatureBundles) {
            int level = Integer.parseInt(entry.substring(entry.lastIndexOf('@') + 1));
            assertTrue(
                    "started out of order: " + entry + " after level " + previous + " in " + started,
                    level >= previous);
            previous = level;
        }
        assertEquals(Features.bundles().get(Features.bundles().size() - 1).startLevel(), previous);
    }
}
