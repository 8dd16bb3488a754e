package io.amsfleet.cli.output;

import java.util.List;

/**
 * CSV as Go's {@code encoding/csv} writes it for {@code lxc … --format csv}: RFC 4180 quoting,
 * {@code \n} line ends, no header line. The columns are those of the table, in the same order.
 */
public final class Csv {
    private Csv() {
    }

    public static String render(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(field(row.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String field(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
