package io.amsfleet.server.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.amsfleet.server.support.AmsSchema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/api.md says what the server does: the extensions it advertises, and every AMS endpoint. */
class ApiDocsTest {
    private static final Path API_MD = Path.of("").toAbsolutePath().getParent().resolve("docs/api.md");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private static String section(String heading) throws IOException {
        String doc = Files.readString(API_MD);
        int at = doc.indexOf("\n## " + heading + "\n");
        assertThat(at).as("docs/api.md has a section '%s'", heading).isNotNegative();
        int end = doc.indexOf("\n## ", at + 1);
        return doc.substring(at, end < 0 ? doc.length() : end);
    }

    private static Set<String> firstColumn(String section) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(section);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theExtensionsTableListsExactlyTheAdvertisedExtensions() throws IOException {
        assertThat(firstColumn(section("API extensions"))).containsExactlyInAnyOrderElementsOf(ApiExtensions.names());
    }

    @Test
    void theEndpointTableHasEveryMethodAndPathOfTheSchema() throws IOException {
        Path schema = AmsSchema.file();
        Assumptions.assumeTrue(schema != null, "the official AMS schema (shared/reference/ams-api.yaml, or"
                + " AMS_API_SCHEMA) is absent: nothing to compare the table with");
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(schema.toFile()).get("paths");
        List<String> inSchema = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : paths.properties()) {
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    inSchema.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
                }
            });
        }
        Set<String> table = firstColumn(section("Every AMS endpoint"));
        assertThat(inSchema).isNotEmpty();
        assertThat(inSchema.stream().filter(e -> !table.contains(e)).toList())
                .as("in ams-api.yaml but not in docs/api.md's endpoint table").isEmpty();
        assertThat(table.stream().filter(e -> !inSchema.contains(e)).toList())
                .as("in docs/api.md's endpoint table but not in ams-api.yaml").isEmpty();
    }
}
