package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void aShortLineIsOneLine() {
        assertThat(LineSplitter.split("hello", 320)).containsExactly("hello");
    }

    @Test
    void aLongTextIsCutAtWordsAndNothingIsLost() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2000; i++) {
            text.append("word").append(i).append(' ');
        }
        String original = text.toString().strip();
        List<String> lines = LineSplitter.split(original, 320);
        assertThat(lines)
                .hasSizeGreaterThanOrEqualTo(7)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(320));
        assertThat(String.join(" ", lines)).isEqualTo(original);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotStartWith(" ").doesNotEndWith(" "));
    }

    @Test
    void aWordLongerThanTheLimitIsCutHard() {
        List<String> lines = LineSplitter.split("x".repeat(25), 10);
        assertThat(lines).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
    }

    @Test
    void aSurrogatePairIsNeverCut() {
        String emoji = "\ud83d\ude00";
        List<String> lines = LineSplitter.split("a".repeat(9) + emoji + "b", 10);
        assertThat(lines).containsExactly("a".repeat(9), emoji + "b");
    }

    @Test
    void newlinesStartNewLinesAndBlankOnesAreLeftOut() {
        assertThat(LineSplitter.split("one\n\n  two \r\nthree\n", 320)).containsExactly("one", "two", "three");
        assertThat(LineSplitter.split(" \n ", 320)).isEmpty();
    }

    @Test
    void exactlyTheLimitIsOneLine() {
        assertThat(LineSplitter.split("y".repeat(320), 320)).containsExactly("y".repeat(320));
    }
}
