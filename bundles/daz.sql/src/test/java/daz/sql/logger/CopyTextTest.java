package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    private static String copy(String... values) {
        CopyText text = new CopyText(4);
        text.row(Arrays.asList(values));
        return new String(text.buffer(), 0, text.size(), StandardCharsets.UTF_8);
    }

    @Test
    void backslashesTabsNewlinesAndNullsAreEscapedForCopy() {
        assertThat(copy("a\\b", "tab\there", "line\nbreak\r", null, "\\N"))
                .isEqualTo("a\\\\b\ttab\\there\tline\\nbreak\\r\t\\N\t\\\\N\n");
    }

    @Test
    void textIsWrittenAsUtf8() {
        assertThat(copy("plain", "ünï", "∑€", "😀🎉", "x".repeat(10_000)))
                .isEqualTo("plain\tünï\t∑€\t😀🎉\t" + "x".repeat(10_000) + "\n");
    }

    @Test
    void valuesStraightFromJournalBytesAreWrittenAsFromStrings() {
        java.util.List<String> values = new java.util.ArrayList<>(LogRecordCodecTest.HOSTILE);
        values.add(null);
        values.add("lone \uD83D surrogate");
        java.util.List<String> columns = java.util.stream.IntStream.range(0, values.size())
                .mapToObj(i -> "c" + i)
                .toList();
        LogRow row = new LogRow("s", "t", columns, values);
        LogRow decoded = new LogRecordCodec.Decoder()
                .decode(LogRecordCodec.encode(new LogRecord("", java.util.List.of(row))))
                .rows()
                .get(0);
        assertThat(decoded.values()).isInstanceOf(LogRecordCodec.Utf8Values.class);
        CopyText fromStrings = new CopyText(16);
        fromStrings.row(values);
        CopyText fromBytes = new CopyText(16);
        fromBytes.row(decoded.values());
        assertThat(java.util.Arrays.copyOf(fromBytes.buffer(), fromBytes.size()))
                .isEqualTo(java.util.Arrays.copyOf(fromStrings.buffer(), fromStrings.size()));
    }

    @Test
    void whatPostgresTextCannotHoldIsReplaced() {
        assertThat(copy("nul\u0000", "lone \uD83D surrogate")).isEqualTo("nul\uFFFD\tlone ? surrogate\n");
    }
}
