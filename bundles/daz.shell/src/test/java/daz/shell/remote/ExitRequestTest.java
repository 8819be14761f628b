package daz.shell.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExitRequestTest {

    @Test
    void exitQuitAndLogoutEndTheSessionWithStatusZero() {
        for (String line : new String[] {"exit", "quit", "logout", "  exit  "}) {
            assertThat(ExitRequest.parse(line)).as(line).contains(new ExitRequest(0));
        }
    }

    @Test
    void exitTakesAStatus() {
        assertThat(ExitRequest.parse("exit 3")).contains(new ExitRequest(3));
        assertThat(ExitRequest.parse("exit -1")).contains(new ExitRequest(-1));
    }

    @Test
    void aStatusThatIsNoNumberIsRefusedNotPassedOnToGogo() {
        assertThatThrownBy(() -> ExitRequest.parse("exit $x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'$x'");
    }

    @Test
    void otherCommandsAreNoExit() {
        for (String line : new String[] {"lb", "exitcode", "echo exit", "system:exit 0", "daz:shutdown", ""}) {
            assertThat(ExitRequest.parse(line)).as(line).isEmpty();
        }
    }
}
