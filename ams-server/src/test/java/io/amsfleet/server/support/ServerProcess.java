package io.amsfleet.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server running as its own JVM process, from the test classpath, so that it can really be
 * killed ({@code SIGKILL}: no shutdown hooks, no cleanup) and restarted, and so that several can
 * share one database. Its output goes to a log file beside its data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Path dataDir;
    private final Map<String, String> env;
    private final String token;
    private Process process;
    private int port;

    /**
     * @param env {@code AMS_*} settings; {@code AMS_DATA_DIR}, {@code AMS_HTTP_PORT} and
     *            {@code AMS_ADMIN_TOKEN} are set here
     */
    public ServerProcess(String name, Path dataDir, String token, Map<String, String> env) {
        this.name = name;
        this.dataDir = dataDir;
        this.token = token;
        this.env = new LinkedHashMap<>(env);
    }

    /** Starts the process (on a new free port) and waits until it answers, at most a minute. */
    public Api start() throws IOException, InterruptedException {
        Process p = launch();
        Api api = new Api(url(), token);
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                if (api.get("/1.0").status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + log());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + " did not answer within a minute; see " + log());
            }
            Thread.sleep(50);
        }
    }

    /** Starts the process without waiting for it: for starts that are expected to fail. */
    public Process launch() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.amsfleet.server.AmsServer");
        pb.environment().remove("AMS_DB_URL");
        pb.environment().remove("AMS_CONTENT_URL");
        pb.environment().putAll(env);
        pb.environment().put("AMS_DATA_DIR", dataDir.toString());
        pb.environment().put("AMS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("AMS_ADMIN_TOKEN", token);
        Files.createDirectories(log().getParent());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = pb.start();
        return process;
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, as systemd or a container runtime stops a service; does not wait. */
    public void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits at most this long for the process to end; its exit code, or null if it still runs. */
    public Integer waitForExit(long seconds) throws InterruptedException {
        return process != null && process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
