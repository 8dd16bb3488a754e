package io.amsfleet.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.amsfleet.cli.client.Json;

import java.io.PrintStream;

/**
 * Prints the server's objects as JSON or YAML, unchanged: the JSON a script reads from
 * {@code amc … --format json} is the {@code metadata} of the API's answer, field for field.
 */
public final class Documents {
    /** Indented as jq and Go's MarshalIndent do: {@code "name": "foo"}, one array element a line. */
    private static final DefaultPrettyPrinter JQ_STYLE = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    private Documents() {
    }

    public static void print(JsonNode document, DocumentFormat format, PrintStream out) {
        out.print(format == DocumentFormat.json ? json(document) : yaml(document));
    }

    public static String json(JsonNode document) {
        try {
            return Json.MAPPER.writer(JQ_STYLE).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Block-style YAML without a {@code ---} marker, as amc (Go's yaml) prints it. */
    public static String yaml(JsonNode document) {
        // Built here, not held in a static: YAML output is rare and its classes cost start-up time.
        YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
        try {
            return yaml.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
