package io.amsfleet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** amc reads answers without an ObjectMapper, into the tree an ObjectMapper would have built. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode read(String json) throws IOException {
        return JsonTree.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void buildsTheTreeReadTreeBuilds() throws IOException {
        String json = "{\"type\":\"sync\",\"metadata\":[{\"id\":\"a\",\"size\":1,\"big\":12345678901,"
                + "\"huge\":123456789012345678901234567890,\"ratio\":0.5,\"default\":true,\"immutable\":false,"
                + "\"error\":null,\"versions\":[],\"tags\":[\"x\",[1,{}]],\"name\":\"é\\u00e9\"}],\"d\":1,\"d\":2}";
        JsonNode tree = read(json);
        assertEquals(MAPPER.readTree(json), tree);
        assertEquals(2, tree.path("d").asInt(), "a repeated key keeps its last value, as readTree does");
        assertEquals(MAPPER.readTree(json).path("metadata").get(0).path("huge").getNodeType(),
                tree.path("metadata").get(0).path("huge").getNodeType());
    }

    @Test
    void readsScalarsAndDeepNestingAtTheTop() throws IOException {
        assertEquals(MAPPER.readTree("\"text\""), read("\"text\""));
        assertEquals(MAPPER.readTree("42"), read("42"));
        String deep = "[".repeat(900) + "]".repeat(900);
        assertEquals(MAPPER.readTree(deep), read(deep));
    }

    @Test
    void anEmptyBodyIsNoDocument() throws IOException {
        assertNull(read(""));
        assertNull(read("  \n"));
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThrows(IOException.class, () -> read("{\"a\":"));
        assertThrows(IOException.class, () -> read("<html>"));
    }
}
