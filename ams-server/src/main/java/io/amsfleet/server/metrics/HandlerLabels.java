package io.amsfleet.server.metrics;

import io.amsfleet.server.api.RouteTemplates;
import io.micronaut.http.HttpRequest;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code handler} label of the {@code ams_http_*} series, as AMS spells it:
 * {@code <transport>_<object>_<METHOD>} ({@code https_image_DELETE},
 * {@code http_image_version_DELETE}). It is derived from the route's template, never from the
 * path a caller sent, so there is one label per endpoint: {@code /1.0/images/{id}} gives
 * {@code image}, {@code /1.0/images/{id}/{version}} {@code image_version}, {@code /1.0}
 * {@code service}. A request no endpoint matched (a wrong path, a static file) is {@code unknown}.
 */
final class HandlerLabels {
    static final String UNKNOWN = "unknown";
    /** One entry per route template and method: bounded by the routes the server has. */
    private static final Map<String, String> OBJECTS = new ConcurrentHashMap<>();

    private HandlerLabels() {
    }

    static String of(HttpRequest<?> request) {
        String transport = request.isSecure() ? "https" : "http";
        String template = RouteTemplates.of(request).orElse(null);
        String object = template == null ? UNKNOWN : OBJECTS.computeIfAbsent(template, HandlerLabels::object);
        return transport + "_" + object + "_" + request.getMethodName().toUpperCase(Locale.ROOT);
    }

    /**
     * AMS's object name for a route template: its literal segments after the API version, a
     * collection named in the singular when an id follows it, and a second id in a row named
     * {@code version}.
     */
    static String object(String template) {
        String path = template.startsWith("/internal/1.0") ? "internal" + template.substring("/internal/1.0".length())
                : template.startsWith("/1.0") ? template.substring(4)
                : template.startsWith("/health/") ? template : null;
        if (path == null) {
            return "dashboard";
        }
        String[] segments = path.split("/");
        StringBuilder name = new StringBuilder();
        boolean previousWasId = false;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                continue;
            }
            boolean id = s.startsWith("{");
            if (id) {
                if (previousWasId) {
                    append(name, "version");
                }
                previousWasId = true;
                continue;
            }
            previousWasId = false;
            boolean idFollows = i + 1 < segments.length && segments[i + 1].startsWith("{");
            append(name, idFollows && s.endsWith("s") ? s.substring(0, s.length() - 1) : s);
        }
        return name.length() == 0 ? "service" : name.toString();
    }

    private static void append(StringBuilder name, String part) {
        if (name.length() > 0) {
            name.append('_');
        }
        name.append(part.replaceAll("[^A-Za-z0-9]", "_"));
    }
}
