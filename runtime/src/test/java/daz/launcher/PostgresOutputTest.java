package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresOutputTest {

    @Test
    void theReasonIsTheLastTwoLinesWithoutTimestamps() {
        String output = """
                2026-12-05 09:48:54.383 UTC [28787] LOG:  starting PostgreSQL 14.22
                2026-12-05 09:48:54.383 UTC [28787] LOG:  invalid value for parameter "shared_buffers": "bogus"
                2026-12-05 09:48:54.384 UTC [28787] FATAL:  configuration file "postgresql.auto.conf" contains errors

                """;

        assertThat(PostgresOutput.lastLines(output))
                .isEqualTo(
                        "LOG:  invalid value for parameter \"shared_buffers\": \"bogus\" / FATAL:  configuration file"
                                + " \"postgresql.auto.conf\" contains errors");
    }

    @Test
    void noOutputIsSaidSo() {
        assertThat(PostgresOutput.lastLines("\n \n")).isEqualTo("no output");
    }
}
