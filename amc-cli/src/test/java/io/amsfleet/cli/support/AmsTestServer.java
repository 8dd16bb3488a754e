package io.amsfleet.cli.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real AMS server for one test class, on a free port with its own data directory and the
 * admin token {@value #TOKEN}. Register it as a static extension.
 */
public final class AmsTestServer implements BeforeAllCallback, AfterAllCallback {
    public static final String TOKEN = "test-token";
    private final boolean tls;
    private final Map<String, Object> extra = new HashMap<>();
    private EmbeddedServer server;
    private Path root;

    /** A server on plain http. */
    public AmsTestServer() {
        this(false);
    }

    private AmsTestServer(boolean tls) {
        this.tls = tls;
    }

    /**
     * A server on https, as {@code AMS_TLS=on} runs it: its self-signed certificate generated into
     * its data directory ({@link #serverCertificate()}), client certificates asked for and checked
     * against its trust store.
     */
    public static AmsTestServer withTls() {
        return new AmsTestServer(true);
    }

    /** A server setting of this test class's own (e.g. a bound it exercises). */
    public AmsTestServer with(String property, Object value) {
        extra.put(property, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("amc-test");
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "ams.data-dir", root.resolve("data").toString(),
                "ams.admin-token", TOKEN,
                // the suite refuses on purpose, from one address, far more often than a person would
                "ams.audit.refusals-per-caller", "off",
                "ams.auth-failure-limit", "100000/60s"));
        if (tls) {
            properties.put("micronaut.server.ssl.enabled", true);
            properties.put("micronaut.server.ssl.port", -1);
        }
        properties.putAll(extra);
        server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    /** The certificate the server presents (self-signed, generated on start), PEM. */
    public Path serverCertificate() {
        return root.resolve("data").resolve("server.crt");
    }

    /** The server's private key for {@link #serverCertificate()}, PEM as the server writes it (SEC 1). */
    public Path serverKey() {
        return root.resolve("data").resolve("server.key");
    }

    /** One of the server's beans, for what a test makes happen that no request does (an image-server sync). */
    public <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
        deleteTree(root);
    }

    /** A scratch directory removed with the server: for tarballs and home directories. */
    public Path scratch() {
        try {
            return Files.createTempDirectory(Files.createDirectories(root.resolve("scratch")), "s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        // localhost, not 127.0.0.1, over TLS: the name the generated certificate is for.
        return tls ? "https://localhost:" + server.getPort() : "http://127.0.0.1:" + server.getPort();
    }

    /** A command line against this server, with its URL and token in the environment. */
    public Amc amc() {
        return new Amc(url(), TOKEN, scratch());
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
