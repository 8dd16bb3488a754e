package io.amsfleet.server.api;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Reads optional JSON bodies given as text, so that malformed JSON gets an error envelope that
 * says so, whatever the request's content type.
 */
@Singleton
public class JsonBodies {
    private final JsonMapper json;

    public JsonBodies(JsonMapper json) {
        this.json = json;
    }

    /** The body as {@code type}, or null when there is none. */
    public <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("the request body is not valid JSON for this request: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl > 0 ? m.substring(0, nl) : m;
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
