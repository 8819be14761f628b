package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRecordCodecTest {

    static final List<String> HOSTILE = List.of(
            "it's \"quoted\"",
            "'; DROP TABLE chat_log; --",
            "nul \u0000 inside",
            "emoji 😀🎉 and ünïcödé",
            "tab\there, newline\nhere, cr\rhere, backslash \\ and \\N",
            "x".repeat(10 * 1024),
            "");

    @Test
    void everyStringSurvivesTheRoundTripVerbatim() {
        List<String> columns = List.of("a", "b", "c", "d", "e", "f", "g");
        LogRecord record = new LogRecord("", List.of(new LogRow("daz_sql", "chat_log", columns, HOSTILE)));
        LogRecord back = new LogRecordCodec.Decoder().decode(LogRecordCodec.encode(record));
        assertThat(back).isEqualTo(record);
    }

    @Test
    void nullsOriginAndSeveralRowsSurvive() {
        LogRow one = new LogRow("daz_x", "t", List.of("a", "b"), Arrays.asList(null, "1"));
        LogRow two = new LogRow("daz_x", "u", List.of("c"), Arrays.asList((String) null));
        LogRecord record = new LogRecord("daz.plugin.x", List.of(one, two));
        assertThat(new LogRecordCodec.Decoder().decode(LogRecordCodec.encode(record)))
                .isEqualTo(record);
    }

    @Test
    void decodedRowsOfOneShapeShareTheirColumnList() {
        LogRecordCodec.Decoder decoder = new LogRecordCodec.Decoder();
        LogRow row = new LogRow("s", "t", List.of("a"), List.of("1"));
        byte[] bytes = LogRecordCodec.encode(new LogRecord("", List.of(row)));
        assertThat(decoder.decode(bytes).rows().get(0).columns())
                .isSameAs(decoder.decode(bytes).rows().get(0).columns());
    }

    @Test
    void truncatedOrForeignBytesAreRefused() {
        byte[] bytes =
                LogRecordCodec.encode(new LogRecord("", List.of(new LogRow("s", "t", List.of("a"), List.of("value")))));
        LogRecordCodec.Decoder decoder = new LogRecordCodec.Decoder();
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[] {9})).hasMessageContaining("version");
    }
}
