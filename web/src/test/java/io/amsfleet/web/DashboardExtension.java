package io.amsfleet.web;

import io.amsfleet.server.support.TestSql;
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
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One real server (in-process, on a random port, with its own data directory; on the PostgreSQL
 * database AMS_TEST_DB_URL names when it is set, else on H2) and one headless Chromium for all
 * browser tests, started on first use and stopped when the run ends. Without
 * Debian's chromium and chromium-driver each test is aborted by an assumption before it starts,
 * so that it is reported as skipped, never passed.
 */
final class DashboardExtension implements BeforeEachCallback, ParameterResolver {
    static final String TOKEN = "test-token";

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
                String postgres = System.getenv("AMS_TEST_DB_URL");
                if (postgres != null && !postgres.isBlank()) {
                    // The same database the server tests use: emptied first, as they empty it per class.
                    TestSql.resetPostgres(postgres);
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
