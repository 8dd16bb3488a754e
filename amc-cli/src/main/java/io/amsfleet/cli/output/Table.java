package io.amsfleet.cli.output;

import java.util.List;

/**
 * The boxed table of amc (and lxc): centred upper-case headers, left-aligned cells.
 * <pre>
 * +----------------------+------+--------+----------+--------------+---------+
 * |          ID          | NAME | STATUS | VERSIONS | ARCHITECTURE | DEFAULT |
 * +----------------------+------+--------+----------+--------------+---------+
 * | btavtegj1qm58qg7ru50 | foo  | active | 1        | x86_64       | true    |
 * +----------------------+------+--------+----------+--------------+---------+
 * </pre>
 */
public final class Table {
    private Table() {
    }

    public static String render(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule);
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String h = headers.get(i);
            int left = (widths[i] - h.length()) / 2;
            int right = widths[i] - h.length() - left;
            out.append(' ').append(" ".repeat(left)).append(h).append(" ".repeat(right)).append(" |");
        }
        out.append('\n').append(rule);
        for (List<String> row : rows) {
            out.append('|');
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                out.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
            }
            out.append('\n');
        }
        if (!rows.isEmpty()) {
            out.append(rule);
        }
        return out.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder line = new StringBuilder("+");
        for (int w : widths) {
            line.append("-".repeat(w + 2)).append('+');
        }
        return line.append('\n').toString();
    }
}
