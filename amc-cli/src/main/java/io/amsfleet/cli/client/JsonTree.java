package io.amsfleet.cli.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a server's answer into Jackson's tree with jackson-core's parser alone. Building an
 * {@code ObjectMapper} ({@link Json#MAPPER}) costs more than the rest of {@code amc image list}
 * once the JVM is up (its default date format alone sets up a {@code Calendar} and the locale
 * providers: docs/performance.md, section 5), and a command that only reads an answer needs none
 * of it. The tree is the one {@code ObjectMapper.readTree} builds with the CLI's settings: a
 * repeated key keeps its last value, integers are int, long or big-integer nodes by size,
 * decimals double nodes.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The document, or null when there is none (an empty body). */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t = p.nextToken();
            return t == null ? null : value(p, t);
        }
    }

    /** Iterative rather than recursive: a deeply nested answer must not overflow amc's small stack. */
    private static JsonNode value(JsonParser p, JsonToken first) throws IOException {
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonNode done = null;
        for (JsonToken t = first; t != null; t = p.nextToken()) {
            JsonNode node;
            switch (t) {
                case START_OBJECT -> {
                    open.push(NODES.objectNode());
                    continue;
                }
                case START_ARRAY -> {
                    open.push(NODES.arrayNode());
                    continue;
                }
                case FIELD_NAME -> {
                    names.push(p.currentName());
                    continue;
                }
                case END_OBJECT, END_ARRAY -> node = open.pop();
                case VALUE_STRING -> node = NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> node = switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> node = NODES.numberNode(p.getDoubleValue());
                case VALUE_TRUE -> node = NODES.booleanNode(true);
                case VALUE_FALSE -> node = NODES.booleanNode(false);
                case VALUE_NULL -> node = NODES.nullNode();
                default -> throw new IOException("unexpected " + t + " in JSON");
            }
            ContainerNode<?> parent = open.peek();
            if (parent == null) {
                done = node;
                break;
            }
            if (parent instanceof ObjectNode object) {
                object.set(names.pop(), node);
            } else {
                ((ArrayNode) parent).add(node);
            }
        }
        return done;
    }
}
