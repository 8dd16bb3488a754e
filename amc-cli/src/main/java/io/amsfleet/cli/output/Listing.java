package io.amsfleet.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.List;

/**
 * What a list command shows: the server's objects (for {@code json} and {@code yaml}) and the
 * rows cut from them (for {@code table} and {@code csv}).
 */
public record Listing(JsonNode objects, List<String> headers, List<List<String>> rows) {

    /**
     * With {@code idsOnly} ({@code -q/--quiet} on a list whose first column is the ID), the ids
     * alone, one a line, whatever the format: what a script passes on to the next command.
     */
    public void print(OutputFormat format, PrintStream out, boolean idsOnly) {
        if (!idsOnly) {
            print(format, out);
            return;
        }
        for (List<String> row : rows) {
            out.println(row.get(0));
        }
    }

    public void print(OutputFormat format, PrintStream out) {
        switch (format) {
            case table -> out.print(Table.render(headers, rows));
            case csv -> out.print(Csv.render(rows));
            case json -> out.print(Documents.json(objects));
            case yaml -> out.print(objects.isEmpty() ? "[]\n" : Documents.yaml(objects));
        }
    }
}
