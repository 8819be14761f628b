package daz.core;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of everything a server frame goes through (UTF-8, {@link FrameCodec}, typed payloads) with
 * Jazzer. A normal test run replays the committed corpus ({@code src/test/resources/daz/core/
 * FrameCodecFuzzTestInputs/decodeAndTranslate}); {@code JAZZER_FUZZ=1 mvn -pl bundles/daz.core test
 * -Dtest=FrameCodecFuzzTest} fuzzes for {@code maxDuration} and adds what it finds to the corpus folder it reports.
 */
class FrameCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeAndTranslate(byte[] frame) {
        InboundFrames.check(frame);
    }
}
