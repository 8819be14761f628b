package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The bundle's component descriptors, as bnd writes them from the DS annotations before the tests run: each
 * configuration PID is read by one component, and an edit of either file in {@code etc/} is applied in place
 * ({@code modified}) rather than by a restart of the component and of what references it.
 */
class ComponentDescriptorsTest {

    /** Component name → its descriptor's root element. */
    private static Map<String, Element> components() throws Exception {
        Map<String, Element> byName = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("target/classes/OSGI-INF"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                Element root = DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(file.toFile())
                        .getDocumentElement();
                byName.put(root.getAttribute("name"), root);
            }
        } catch (IOException e) {
            throw new IllegalStateException("no descriptors: run the build's process-classes phase first", e);
        }
        return byName;
    }

    /** A component's PIDs: its configuration-pid attribute, or its name when it has none. */
    private static List<String> pids(Element component) {
        String pids = component.getAttribute("configuration-pid");
        return List.of((pids.isBlank() ? component.getAttribute("name") : pids).split("\\s+"));
    }

    @Test
    void eachConfigurationIsReadByOneComponent() throws Exception {
        Map<String, List<String>> readers = components().values().stream()
                .flatMap(c -> pids(c).stream().map(pid -> Map.entry(pid, c.getAttribute("name"))))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        assertThat(readers)
                .containsEntry(EventFilterConfiguration.PID, List.of("daz.eventfilter.CommandRegistry"))
                .containsEntry(RoutingConfiguration.PID, List.of("daz.eventfilter.RoutingFilter"))
                .allSatisfy((pid, names) -> assertThat(names).as(pid).hasSize(1));
    }

    @Test
    void anEditOfEitherFileIsAppliedInPlace() throws Exception {
        Map<String, Element> components = components();
        assertThat(components.get("daz.eventfilter.CommandRegistry").getAttribute("modified"))
                .isEqualTo("modified");
        assertThat(components.get("daz.eventfilter.RoutingFilter").getAttribute("modified"))
                .isEqualTo("modified");
    }
}
