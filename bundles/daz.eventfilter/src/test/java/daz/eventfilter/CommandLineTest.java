package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void readsTheWordInLowerCaseAndTheTrimmedRest() {
        assertThat(CommandLine.parse("!", "  !HeLp   uptime  now ")).contains(new CommandLine("help", "uptime  now"));
    }

    @Test
    void aLineWithoutThePrefixIsNoCommand() {
        assertThat(CommandLine.parse("!", "help me")).isEmpty();
    }

    @Test
    void aBarePrefixIsNoCommand() {
        assertThat(CommandLine.parse("!", "!")).isEmpty();
        assertThat(CommandLine.parse("!", "! help")).isEmpty();
    }

    @Test
    void aMultiCharacterPrefixWorks() {
        assertThat(CommandLine.parse("daz:", "daz:about")).contains(new CommandLine("about", ""));
    }

    @Test
    void punctuationAndOverlongWordsAreNoCommand() {
        assertThat(CommandLine.parse("!", "!!!")).isEmpty();
        assertThat(CommandLine.parse("!", "!<script>")).isEmpty();
        assertThat(CommandLine.parse("!", "!" + "a".repeat(33))).isEmpty();
    }

    @Test
    void unicodeArgumentsAreKept() {
        assertThat(CommandLine.parse("!", "!help 🎉 <b> 'x'")).contains(new CommandLine("help", "🎉 <b> 'x'"));
    }
}
