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
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real AMS server for one test class, on a free port with its own data directory and the
 * admin token {@value #TOKEN}. Register it as a static extension.
 */
public final class AmsTestServer implements BeforeAllCallback, AfterAllCallback {
    public static final String TOKEN = "test-token";
    private EmbeddedServer server;
    private Path root;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("amc-test");
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "ams.data-dir", root.resolve("data").toString(),
                "ams.admin-token", TOKEN));
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
        return "http://127.0.0.1:" + server.getPort();
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
