package daz.api.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCell() {
        String out = new TextTable("ID", "Bundle")
                .row("1", "daz.eventbus")
                .row("12", "daz.api")
                .render();
        assertThat(out).isEqualTo("ID  Bundle\n1   daz.eventbus\n12  daz.api\n");
    }

    @Test
    void rowWithWrongNumberOfCellsIsRejected() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 cells");
    }
}
