package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutational fuzz over the committed corpus, run in every build (fast, no instrumentation): byte flips,
 * insertions, deletions, truncations, splices of two corpus entries and invalid UTF-8, each checked like the Jazzer
 * target checks its inputs.
 */
class FrameCodecMutationTest {

    private static final int MUTATIONS = 60_000;
    private static final byte[] INTERESTING =
            "\"[]{},:0-9e.\\u\u00ff\u0080\u00c3\u00e2\u00f0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void noMutationOfTheCorpusBreaksTheInboundPath() throws Exception {
        List<byte[]> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(30);
        Random random = new Random(20261129L);
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] input = mutate(corpus, random);
            try {
                InboundFrames.check(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(
                        "mutation " + i + " broke the inbound path: "
                                + new String(input, java.nio.charset.StandardCharsets.ISO_8859_1),
                        e);
            }
        }
    }

    static List<byte[]> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(FrameCodecMutationTest.class
                .getResource("FrameCodecFuzzTestInputs/decodeAndTranslate")
                .toURI());
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                inputs.add(Files.readAllBytes(f));
            }
        }
        return inputs;
    }

    private static byte[] mutate(List<byte[]> corpus, Random random) {
        byte[] base = corpus.get(random.nextInt(corpus.size())).clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            int len = base.length;
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (len > 0) {
                        base[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    byte[] next = new byte[len + 1];
                    int at = random.nextInt(len + 1);
                    System.arraycopy(base, 0, next, 0, at);
                    next[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(base, at, next, at + 1, len - at);
                    base = next;
                }
                case 2 -> {
                    if (len > 0) {
                        int at = random.nextInt(len);
                        byte[] next = new byte[len - 1];
                        System.arraycopy(base, 0, next, 0, at);
                        System.arraycopy(base, at + 1, next, at, len - at - 1);
                        base = next;
                    }
                }
                case 3 -> base = java.util.Arrays.copyOf(base, random.nextInt(len + 1));
                case 4 -> {
                    byte[] other = corpus.get(random.nextInt(corpus.size()));
                    int cut = random.nextInt(len + 1);
                    int from = random.nextInt(other.length + 1);
                    byte[] next = new byte[cut + other.length - from];
                    System.arraycopy(base, 0, next, 0, cut);
                    System.arraycopy(other, from, next, cut, other.length - from);
                    base = next;
                }
                default -> {
                    if (len > 0) {
                        base[random.nextInt(len)] = (byte) (0x80 + random.nextInt(0x80));
                    }
                }
            }
        }
        return base;
    }
}
