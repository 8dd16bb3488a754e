package io.amsfleet.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One real server (in-process, on a random port, with its own data directory) and one headless
 * Chromium for all browser tests, started on first use and stopped when the run ends. Without
 * Debian's chromium and chromium-driver each test is aborted by an assumption before it starts,
 * so that it is reported as skipped, never passed.
 */
final class DashboardExtension implements BeforeEachCallback, ParameterResolver {
    static final String TOKEN = "test-token";
    /**
     * A PostgreSQL database for the dashboard's server instead of the embedded H2; its schema is
     * emptied first. A variable of its own rather than AMS_TEST_DB_URL, so that the browser tests
     * never empty the database the server tests are given.
     */
    static final String POSTGRES = "AMS_WEB_TEST_DB_URL";

    @Override
    public void beforeEach(ExtensionContext context) {
        // Per test rather than per class: Surefire reports a class aborted in @BeforeAll as zero
        // tests run, which would hide that the browser tests did not run.
        assumeTrue(Browser.available(), "browser tests need Debian's chromium and chromium-driver ("
                + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Session.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return session(context);
    }

    private static Session session(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Session.class, k -> new Session(), Session.class);
    }

    /** The server, an API client for it, and the browser. */
    static final class Session implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final EmbeddedServer server;
        final Fleet fleet;
        final Browser browser;
        private final Path dataDir;

        Session() {
            try {
                dataDir = Files.createTempDirectory("ams-web-test-");
                Map<String, Object> settings = new HashMap<>(Map.of(
                        "micronaut.server.port", -1,
                        "ams.data-dir", dataDir.toString(),
                        "ams.admin-token", TOKEN,
                        // the suite refuses on purpose, from one address, more often than a person would
                        "ams.audit.refusals-per-caller", "off",
                        "ams.auth-failure-limit", "100000/60s"));
                String postgres = System.getenv(POSTGRES);
                if (postgres != null && !postgres.isBlank()) {
                    emptySchema(postgres);
                    settings.put("ams.db.url", postgres);
                }
                server = ApplicationContext.run(EmbeddedServer.class, settings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fleet = new Fleet(server, TOKEN);
            // The first image of a type becomes its default; these stay so, so that the images the
            // tests create are ordinary ones unless a test makes one default.
            fleet.image("base-container");
            fleet.image("base-vm", "vm");
            try {
                browser = new Browser("http://127.0.0.1:" + server.getPort());
            } catch (IOException | RuntimeException e) {
                server.getApplicationContext().close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }

        private static void emptySchema(String url) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA public CASCADE");
                s.execute("CREATE SCHEMA public");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot empty the PostgreSQL database in " + POSTGRES, e);
            }
        }

        @Override
        public void close() {
            try {
                browser.close();
            } finally {
                server.getApplicationContext().close();
                Browser.deleteTree(dataDir);
            }
        }
    }
}
