package io.amsfleet.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.List;

/**
 * What a list command shows: the server's objects (for {@code json} and {@code yaml}) and the
 * rows cut from them (for {@code table} and {@code csv}).
 */
public record Listing(JsonNode objects, List<String> headers, List<List<String>> rows) {

    public void print(OutputFormat format, PrintStream out) {
        switch (format) {
            case table -> out.print(Table.render(headers, rows));
            case csv -> out.print(Csv.render(rows));
            case json -> out.print(Documents.json(objects));
            case yaml -> out.print(objects.isEmpty() ? "[]\n" : Documents.yaml(objects));
        }
    }
}
