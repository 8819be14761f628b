package daz.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCell() {
        String out = new Table("ID", "Bundle")
                .row("1", "daz.eventbus")
                .row("12", "daz.api")
                .render();
        assertThat(out).isEqualTo("ID  Bundle\n1   daz.eventbus\n12  daz.api\n");
    }

    @Test
    void rowWithWrongNumberOfCellsIsRejected() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 cells");
    }

    @Test
    void stateNamesAreReadable() {
        assertThat(StatusCommand.stateName(org.osgi.framework.Bundle.ACTIVE)).isEqualTo("ACTIVE");
        assertThat(StatusCommand.stateName(99)).isEqualTo("UNKNOWN(99)");
    }
}
