package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordMaskTest {

    @Test
    void aPasswordInAUrlIsMaskedAndTheRestKept() {
        assertThat(PasswordMask.apply("jdbc:postgresql://db:5432/daz?user=bot&password=s3cr%20t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/daz?user=bot&password=***&ssl=true");
        assertThat(PasswordMask.apply("jdbc:postgresql://db/daz;PASSWORD=x;a=b"))
                .isEqualTo("jdbc:postgresql://db/daz;PASSWORD=***;a=b");
    }

    @Test
    void aPasswordQuotedInAnErrorMessageEndsAtWhiteSpace() {
        assertThat(PasswordMask.apply("connect to ?password=hunter2 failed: refused"))
                .isEqualTo("connect to ?password=*** failed: refused");
    }

    @Test
    void textWithoutAPasswordIsUnchanged() {
        assertThat(PasswordMask.apply("jdbc:postgresql://db:5432/daz?user=bot"))
                .isEqualTo("jdbc:postgresql://db:5432/daz?user=bot");
    }
}
