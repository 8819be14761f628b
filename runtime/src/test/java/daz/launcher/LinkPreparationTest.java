package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import org.junit.jupiter.api.Test;

class LinkPreparationTest {

    @Test
    void referencesPerCacheLineAreJettysSixtyFourByteLineOverTheSizeOfAReference() {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        boolean uncompressed = runtime.getInputArguments().contains("-XX:-UseCompressedOops")
                || Runtime.getRuntime().maxMemory() >= 32L << 30;

        assertThat(LinkPreparation.referencesPerCacheLine()).hasValue(uncompressed ? 8 : 16);
    }
}
