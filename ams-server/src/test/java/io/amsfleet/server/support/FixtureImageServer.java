package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simplestreams image server on loopback, serving a tree this test generates: products with
 * releases of small tarballs. It can lie about a checksum, cut a download short, require
 * credentials, or go away.
 */
public final class FixtureImageServer implements AutoCloseable {
    private final HttpServer http;
    private final Path root;
    private final Map<String, Map<String, byte[]>> products = new LinkedHashMap<>();
    private final Map<String, String> lies = new LinkedHashMap<>();
    /** Products published under another key: their name and type. */
    private final Map<String, String[]> named = new LinkedHashMap<>();
    private volatile boolean truncate;
    private volatile String requiredAuth;
    private volatile String productsPath = "streams/v1/images.json";
    public final AtomicInteger authorizedRequests = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();
    private volatile int slowChunk;
    private volatile long slowPauseMillis;
    /** Requests that carried an Authorization header, whatever it held. */
    public final AtomicInteger requestsWithAuthorization = new AtomicInteger();

    public FixtureImageServer() throws IOException {
        root = Files.createTempDirectory("simplestreams-");
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            try (exchange) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                requests.incrementAndGet();
                if (auth != null) {
                    requestsWithAuthorization.incrementAndGet();
                }
                if (requiredAuth != null) {
                    if (!requiredAuth.equals(auth)) {
                        exchange.sendResponseHeaders(401, -1);
                        return;
                    }
                    authorizedRequests.incrementAndGet();
                }
                Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                if (truncate && file.toString().endsWith(".tar.gz")) {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body, 0, body.length / 2);
                    return; // the connection closes short of the promised length
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    int chunk = slowChunk;
                    if (chunk > 0 && file.toString().endsWith(".tar.gz")) {
                        for (int at = 0; at < body.length; at += chunk) {
                            out.write(body, at, Math.min(chunk, body.length - at));
                            out.flush();
                            Thread.sleep(slowPauseMillis);
                        }
                    } else {
                        out.write(body);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } catch (IOException ignored) {
                // the client went away
            }
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fixture-image-server");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        writeIndex();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    public void publish(String product, String release, byte[] tarball) {
        products.computeIfAbsent(product, k -> new LinkedHashMap<>()).put(release, tarball);
        writeIndex();
    }

    /**
     * Publishes a product under {@code key} whose {@code name} and {@code type} are given, so that
     * two products (a container and a VM) can share one name.
     */
    public void publishAs(String key, String name, String type, String release, byte[] tarball) {
        named.put(key, new String[]{name, type});
        publish(key, release, tarball);
    }

    /** Advertise a wrong sha256 for this product's releases. */
    public void lieAbout(String product) {
        lies.put(product, "0".repeat(64));
        writeIndex();
    }

    /** Sends tarballs {@code chunk} bytes at a time with a pause after each: a download that takes a while. */
    public void slowDownloads(int chunk, long pauseMillis) {
        slowPauseMillis = pauseMillis;
        slowChunk = chunk;
    }

    public void truncateDownloads(boolean on) {
        truncate = on;
    }

    public void requireBasicAuth(String userColonPassword) {
        requiredAuth = "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes());
    }

    /** Makes the index name another products file: a path below the root or any URL. */
    public void productsAt(String pathOrUrl) {
        productsPath = pathOrUrl;
        writeIndex();
    }

    private void writeIndex() {
        try {
            ObjectNode productsNode = Api.JSON.createObjectNode();
            for (var p : products.entrySet()) {
                ObjectNode product = productsNode.putObject(p.getKey());
                product.put("arch", "amd64");
                product.put("variant", "android");
                if (named.containsKey(p.getKey())) {
                    product.put("name", named.get(p.getKey())[0]);
                    product.put("type", named.get(p.getKey())[1]);
                }
                ObjectNode versions = product.putObject("versions");
                for (var r : p.getValue().entrySet()) {
                    String path = "images/" + p.getKey().replace(':', '_') + "/" + r.getKey() + "/image.tar.gz";
                    Files.createDirectories(root.resolve(path).getParent());
                    Files.write(root.resolve(path), r.getValue());
                    ObjectNode item = versions.putObject(r.getKey()).putObject("items").putObject("image");
                    item.put("ftype", "image.tar.gz");
                    item.put("path", path);
                    item.put("sha256", lies.getOrDefault(p.getKey(), TestTarballs.sha256(r.getValue())));
                    item.put("size", r.getValue().length);
                }
            }
            ObjectNode images = Api.JSON.createObjectNode();
            images.put("format", "products:1.0");
            images.put("content_id", "images");
            images.set("products", productsNode);
            ObjectNode index = Api.JSON.createObjectNode();
            index.put("format", "index:1.0");
            ObjectNode entry = index.putObject("index").putObject("images");
            entry.put("datatype", "image-downloads");
            entry.put("path", productsPath);
            entry.put("format", "products:1.0");
            Files.createDirectories(root.resolve("streams/v1"));
            Files.writeString(root.resolve("streams/v1/index.json"), index.toString());
            Files.writeString(root.resolve("streams/v1/images.json"), images.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
