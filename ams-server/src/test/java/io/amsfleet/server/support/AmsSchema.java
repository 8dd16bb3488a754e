package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates responses against the definitions of the official AMS schema
 * ({@code shared/reference/ams-api.yaml}, Swagger 2.0, whose definitions are JSON Schema draft 4).
 */
public final class AmsSchema {
    private static final JsonNode DEFINITIONS = load();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private AmsSchema() {
    }

    private static JsonNode load() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/reference/ams-api.yaml");
            Path sibling = p.resolveSibling("shared").resolve("reference/ams-api.yaml");
            for (Path c : new Path[]{candidate, sibling}) {
                if (Files.isRegularFile(c)) {
                    try {
                        return new ObjectMapper(new YAMLFactory()).readTree(c.toFile()).get("definitions");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        throw new IllegalStateException("shared/reference/ams-api.yaml not found above " + here);
    }

    /** The problems of {@code node} against definition {@code name}; empty when it conforms. */
    public static Set<ValidationMessage> problems(String name, JsonNode node) {
        JsonSchema schema = CACHE.computeIfAbsent(name, n -> {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("$ref", "#/definitions/" + n);
            root.set("definitions", DEFINITIONS);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
        });
        return schema.validate(node);
    }
}
