package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP client for the tests: the server is reached over real HTTP, like any client. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api withToken(String otherToken) {
        return new Api(base, otherToken);
    }

    /** One answer: status, headers and the JSON body (null when the body is not JSON). */
    public record Reply(int status, java.net.http.HttpHeaders headers, JsonNode json, String text) {
        public JsonNode metadata() {
            return json.get("metadata");
        }

        public String reason() {
            return json != null && json.path("metadata").has("reason") ? json.path("metadata").path("reason").asText() : null;
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply delete(String path, String jsonBody, String... headers) {
        HttpRequest.Builder b = request(path, headers).method("DELETE", HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json");
        return send(b);
    }

    public Reply postJson(String path, String jsonBody) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(jsonBody)).header("Content-Type",
                "application/json"));
    }

    public Reply putJson(String path, String jsonBody) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(jsonBody)).header("Content-Type",
                "application/json"));
    }

    public Reply patchJson(String path, String jsonBody) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Content-Type", "application/json"));
    }

    public Reply upload(String method, String path, byte[] body, String... headers) {
        return send(request(path, headers).method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream"));
    }

    public Reply send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        return send(request(path, headers).method(method, body));
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // leave json null; the test will see the text
            }
            return new Reply(r.statusCode(), r.headers(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isObject() ? n.path("id").asText() : n.asText()));
        return out;
    }
}
