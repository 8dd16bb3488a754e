package io.amsfleet.server.remote;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an image server in Canonical's simplestreams format ({@code products:1.0}, as LXD image
 * servers publish it): {@code streams/v1/index.json} names the products file; each product is an
 * image, its versions are releases, and each release's items hold the tarball.
 */
@Singleton
public class SimpleStreams {
    private static final long MAX_INDEX_BYTES = 64L << 20;
    private final JsonMapper json;
    // Built at the first fetch, not with the bean: building one loads the JDK's default TLS
    // context and its trust store, some 150 ms of a server start (docs/performance.md) spent on
    // a feature that only servers with an image server configured use.
    private volatile HttpClient http;

    public SimpleStreams(JsonMapper json) {
        this.json = json;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                    http = client;
                }
            }
        }
        return client;
    }

    /** One downloadable tarball. */
    public record Item(String path, String sha256, long size, String ftype) {
    }

    /** One image on the server: its releases, oldest first. */
    public record Product(String name, String architecture, String type, String variant, Map<String, Item> releases) {
    }

    /** What the server offers, with the products it could not read and why. */
    public record Offer(List<Product> products, Map<String, String> broken) {
    }

    /**
     * Reads the whole offer. A products file the index places on another origin than the root's
     * is not read: it is reported in {@link Offer#broken()} under {@code index:<entry>}.
     */
    public Offer fetch(String root, String auth) throws IOException {
        origin(root);
        JsonNode index = getJson(root, "streams/v1/index.json", auth);
        Map<String, String> productFiles = new TreeMap<>();
        JsonNode entries = index.get("index");
        if (entries == null || !entries.isObject()) {
            throw new IOException("streams/v1/index.json has no index");
        }
        for (Map.Entry<String, JsonNode> e : entries.entries()) {
            JsonNode path = e.getValue().get("path");
            JsonNode format = e.getValue().get("format");
            if (path != null && (format == null || "products:1.0".equals(format.getStringValue()))) {
                productFiles.put(e.getKey(), path.getStringValue());
            }
        }
        List<Product> products = new ArrayList<>();
        Map<String, String> broken = new TreeMap<>();
        for (Map.Entry<String, String> file : productFiles.entrySet()) {
            if (!onOriginOf(root, file.getValue())) {
                broken.put("index:" + file.getKey(), "refused: streams/v1/index.json places its products at "
                        + file.getValue() + ", not on the origin of images.url (" + origin(root) + ")");
                continue;
            }
            JsonNode doc = getJson(root, file.getValue(), auth);
            JsonNode all = doc.get("products");
            if (all == null || !all.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> p : all.entries()) {
                try {
                    products.add(product(p.getKey(), p.getValue()));
                } catch (RuntimeException e) {
                    broken.put(p.getKey(), e.getMessage());
                }
            }
        }
        return new Offer(products, broken);
    }

    private static Product product(String key, JsonNode node) {
        String name = text(node, "name", key);
        Map<String, Item> releases = new TreeMap<>();
        JsonNode versions = node.get("versions");
        if (versions == null || !versions.isObject()) {
            throw new IllegalArgumentException("product " + key + " has no versions");
        }
        for (Map.Entry<String, JsonNode> v : versions.entries()) {
            JsonNode items = v.getValue().get("items");
            if (items == null || !items.isObject()) {
                throw new IllegalArgumentException("release " + v.getKey() + " of " + key + " has no items");
            }
            Item chosen = null;
            for (Map.Entry<String, JsonNode> i : items.entries()) {
                String ftype = text(i.getValue(), "ftype", "");
                if (ftype.startsWith("image.tar") || ftype.endsWith(".tar.xz") || ftype.endsWith(".tar.gz")
                        || ftype.endsWith(".tar.bz2") || ftype.equals("tar")) {
                    String path = text(i.getValue(), "path", null);
                    String sha = text(i.getValue(), "sha256", null);
                    JsonNode size = i.getValue().get("size");
                    if (path == null || sha == null || !sha.matches("[0-9a-f]{64}") || size == null || !size.isNumber()) {
                        throw new IllegalArgumentException("item " + i.getKey() + " of " + key + "@" + v.getKey()
                                + " needs path, sha256 and size");
                    }
                    if (path.startsWith("/") || path.contains("..") || path.contains("://")) {
                        throw new IllegalArgumentException("item path " + path + " must be relative to the server root");
                    }
                    chosen = new Item(path, sha, size.getLongValue(), ftype);
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("release " + v.getKey() + " of " + key + " has no image tarball");
            }
            releases.put(v.getKey(), chosen);
        }
        return new Product(name, text(node, "arch", "x86_64"), text(node, "type", "container"),
                text(node, "variant", "android"), releases);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? fallback : v.getStringValue();
    }

    private JsonNode getJson(String root, String path, String auth) throws IOException {
        try (InputStream in = open(root, path, auth)) {
            byte[] bytes = in.readNBytes((int) MAX_INDEX_BYTES + 1);
            if (bytes.length > MAX_INDEX_BYTES) {
                throw new IOException(path + " is larger than " + MAX_INDEX_BYTES + " bytes");
            }
            return json.readValue(new String(bytes, StandardCharsets.UTF_8), JsonNode.class);
        }
    }

    /**
     * Opens a file of the image server, {@code path} resolved against {@code root}. The credentials
     * are for the root's origin, so a path that leads anywhere else is refused, never asked for
     * with or without them; redirects are not followed for the same reason.
     */
    public InputStream open(String root, String path, String auth) throws IOException {
        if (!onOriginOf(root, path)) {
            throw new IOException("refused: " + path + " is not on the origin of images.url (" + origin(root) + ")");
        }
        URI uri = resolve(root, path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET();
        if (auth != null && !auth.isBlank()) {
            b.header("Authorization", auth.contains(":")
                    ? "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8))
                    : "Bearer " + auth);
        }
        try {
            HttpResponse<InputStream> r = http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException(uri + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }

    public static URI resolve(String root, String path) {
        String base = root.endsWith("/") ? root : root + "/";
        return URI.create(base).resolve(path);
    }

    private static boolean onOriginOf(String root, String path) throws IOException {
        try {
            return origin(root).equals(origin(resolve(root, path)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The root's {@code scheme://host:port}: whom its credentials are for. */
    static String origin(String root) throws IOException {
        String origin = null;
        try {
            origin = origin(URI.create(root));
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (origin == null) {
            throw new IOException("images.url " + root + " is not an http:// or https:// URL with a host");
        }
        return origin;
    }

    /** {@code scheme://host:port} with the port spelled out; null when the URI names no host. */
    static String origin(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
