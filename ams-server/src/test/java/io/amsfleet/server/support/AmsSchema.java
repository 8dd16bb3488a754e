package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

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
 *
 * <p>The schema is Canonical's file and stays out of this repository: it is looked for in
 * {@code AMS_API_SCHEMA}, then in a {@code shared/reference/} beside or above the checkout. Where it
 * is absent, {@link #problems} finds none and notes that it could not look, every other assertion
 * of the test still runs, and {@link SkipReport} then reports the test as skipped, naming why.
 */
public final class AmsSchema {
    private static final Path FILE = locate();
    private static final JsonNode DEFINITIONS = FILE == null ? null : load(FILE);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> SKIPPED = ThreadLocal.withInitial(() -> false);

    private AmsSchema() {
    }

    private static Path locate() {
        String env = System.getenv("AMS_API_SCHEMA");
        if (env != null && !env.isBlank()) {
            return Files.isRegularFile(Path.of(env)) ? Path.of(env) : null;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path c : new Path[]{p.resolve("shared/reference/ams-api.yaml"),
                    p.resolveSibling("shared").resolve("reference/ams-api.yaml")}) {
                if (Files.isRegularFile(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The schema file, or null when it is absent. */
    public static Path file() {
        return FILE;
    }

    private static JsonNode load(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).get("definitions");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The problems of {@code node} against definition {@code name}; empty when it conforms — or
     * when the schema is absent, which the test's {@link SkipReport} then reports.
     */
    public static Set<ValidationMessage> problems(String name, JsonNode node) {
        if (DEFINITIONS == null) {
            SKIPPED.set(true);
            return Set.of();
        }
        JsonSchema schema = CACHE.computeIfAbsent(name, n -> {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("$ref", "#/definitions/" + n);
            root.set("definitions", DEFINITIONS);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
        });
        return schema.validate(node);
    }

    /**
     * Reports a test whose schema assertions could not run as skipped once its other assertions
     * have passed, so that a clone without the schema neither fails nor claims what it did not check.
     */
    public static final class SkipReport implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
        @Override
        public void beforeTestExecution(ExtensionContext context) {
            SKIPPED.set(false);
        }

        @Override
        public void afterTestExecution(ExtensionContext context) {
            boolean skipped = SKIPPED.get();
            SKIPPED.set(false);
            if (skipped && context.getExecutionException().isEmpty()) {
                throw new TestAbortedException("the official AMS schema (shared/reference/ams-api.yaml, or"
                        + " AMS_API_SCHEMA) is absent: its assertions were skipped; the test's other assertions passed");
            }
        }
    }
}
