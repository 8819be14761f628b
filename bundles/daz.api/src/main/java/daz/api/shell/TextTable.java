package daz.api.shell;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for shell output: columns as wide as their widest cell, two spaces apart. */
public final class TextTable {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers. */
    public TextTable(String... header) {
        this.header = header;
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if the number of cells differs from the number of columns
     */
    public TextTable row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    /** The header and the rows, one line each. */
    public String render() {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        for (int i = 0; i < cells.length; i++) {
            out.append(cells[i]);
            if (i < cells.length - 1) {
                out.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        out.append('\n');
    }
}
