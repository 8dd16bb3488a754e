package io.amsfleet.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server on loopback for the tests: s3proxy (from Maven Central) on a filesystem
 * backend, run as its own process from the jar the build copies to {@code target/s3proxy}. One per
 * test JVM, started on first use and stopped when the JVM exits; each caller takes its own bucket.
 */
public final class S3TestServer {
    public static final String ACCESS_KEY = "ams-test";
    public static final String SECRET_KEY = "ams-test-secret";
    private static S3TestServer shared;

    private final Process process;
    private final int port;
    private final Path root;

    private S3TestServer() throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("s3proxy jar not found at " + jar + " (the build copies it there)");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        root = Files.createTempDirectory("s3proxy-");
        Files.createDirectories(root.resolve("blobs"));
        Path properties = root.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + root.resolve("blobs"), ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("s3proxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!answers()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("s3proxy did not start; see " + root.resolve("s3proxy.log"));
            }
            Thread.sleep(100);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }));
    }

    private boolean answers() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The shared server, started on first use. */
    public static synchronized S3TestServer get() {
        if (shared == null) {
            try {
                shared = new S3TestServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An {@code AMS_CONTENT_URL} for a bucket of its own (the server creates it). */
    public String newContentUrl() {
        return "s3://ams-" + UUID.randomUUID().toString().substring(0, 12) + "?endpoint=" + endpoint();
    }
}
