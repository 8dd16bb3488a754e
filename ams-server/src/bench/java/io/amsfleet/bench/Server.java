package io.amsfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server as an operator runs it: the command line of {@code bin/ams} (the built jar and its
 * libraries, the JVM's default options), settings from {@code AMS_*} variables, on a free port.
 */
final class Server implements AutoCloseable {
    static final String TOKEN = "bench-admin-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private Server(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Another build's class path instead of this checkout's (--server-cp: to compare two builds). */
    static String classpath;

    /** The java command of bin/ams, without settings. */
    static List<String> command(Path root) {
        Path target = root.resolve("ams-server/target");
        String cp = classpath != null ? classpath : serverClasspath(target);
        List<String> command = new ArrayList<>();
        Path aot = target.resolve("ams.aot");
        List<String> gc = collector();
        Path jsa = target.resolve("ams.jsa");
        String aotJvm = classpath == null ? archiveJvm(aot) : null;
        String jsaJvm = classpath == null ? archiveJvm(jsa) : null;
        if (aotJvm != null) {
            // The JVM bin/ams chooses (Java 25 or later here) with the AOT cache it wrote for it,
            // which bin/bench has it write after the build: the server as a user runs it.
            command.add(aotJvm);
            command.addAll(gc);
            command.addAll(archiveOptions(aot));
        } else if (jsaJvm != null) {
            command.add(jsaJvm);
            command.addAll(gc);
            command.addAll(archiveOptions(jsa));
        } else {
            command.add(javaBin());
            command.addAll(gc);
        }
        command.addAll(List.of("-cp", cp, "io.amsfleet.server.AmsServer"));
        return command;
    }

    /**
     * The collector bin/ams gives the server (the parallel one), unless AMS_BENCH_SERVER_OPTS
     * names another, as bin/ams leaves it to AMS_JAVA_OPTS.
     */
    static List<String> collector() {
        String opts = System.getenv("AMS_BENCH_SERVER_OPTS");
        return opts != null && opts.matches("(^|.*\\s)-XX:\\+Use\\w*GC(\\s.*|$)") ? List.of() : List.of("-XX:+UseParallelGC");
    }

    /**
     * The options that map an archive bin/ams wrote (its AOT cache or AppCDS archive), quietly, as
     * bin/ams gives them (the cache's profiles not replayed).
     */
    private static List<String> archiveOptions(Path archive) {
        return archive.getFileName().toString().endsWith(".aot")
                ? List.of("-XX:AOTCache=" + archive, "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining",
                        "-Xlog:aot=off", "-Xlog:cds=off")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * The JVM {@code java} created as it is for the server, with the server's class path and the
     * archive bin/ams wrote for this JVM, running no code of ours ({@code -version}): what mapping,
     * loading and linking the start's classes costs before the server's main method runs.
     */
    static String jvmWithServerClasses(Path root, String java) {
        Path target = root.resolve("ams-server/target");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(collector());
        for (Path archive : List.of(target.resolve("ams.aot"), target.resolve("ams.jsa"))) {
            if (java.equals(archiveJvm(archive))) {
                command.addAll(archiveOptions(archive));
                break;
            }
        }
        command.addAll(List.of("-cp", serverClasspath(target), "-version"));
        return String.join(" ", command);
    }

    /** This checkout's server jar and its libraries, as bin/ams puts them on the class path. */
    private static String serverClasspath(Path target) {
        return target.resolve("ams-server-0.1.0-SNAPSHOT.jar") + ":" + target.resolve("lib") + "/*";
    }

    /** The java that wrote bin/ams's archive (named in the file beside it), or null without one. */
    private static String archiveJvm(Path archive) {
        Path named = archive.resolveSibling(archive.getFileName() + ".jvm");
        try {
            if (!Files.isRegularFile(archive) || !Files.isRegularFile(named)) {
                return null;
            }
            // Its first line (bin/ams writes the collector's options on the second).
            String java = Files.readString(named).lines().findFirst().orElse("").trim();
            return Files.isExecutable(Path.of(java)) ? java : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The JVM the suite's servers run on: bin/ams's choice when it wrote an archive for it. */
    static String serverJvm(Path root) {
        return command(root).get(0);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The environment for a server on this catalogue (the caller's AMS_* variables removed). */
    static Map<String, String> env(Catalogue catalogue, Path dataDir, int port) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("AMS_"));
        env.put("AMS_DATA_DIR", dataDir.toString());
        env.put("AMS_HTTP_PORT", Integer.toString(port));
        env.put("AMS_BIND", "127.0.0.1");
        env.put("AMS_ADMIN_TOKEN", TOKEN);
        if (catalogue != null && catalogue.vendor().equals(Catalogue.POSTGRESQL)) {
            env.put("AMS_DB_URL", catalogue.url());
        }
        return env;
    }

    static Server start(Path root, Catalogue catalogue, Path dataDir, Path log) {
        return start(root, catalogue, dataDir, log, Map.of());
    }

    /** With further {@code AMS_*} settings, for a section that needs them. */
    static Server start(Path root, Catalogue catalogue, Path dataDir, Path log, Map<String, String> settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(command(root));
        String opts = System.getenv("AMS_BENCH_SERVER_OPTS");
        if (opts != null && !opts.isBlank()) {
            // JVM options to try on the suite's servers (a collector, a flag), after bin/ams's own.
            command.addAll(1, List.of(opts.trim().split("\\s+")));
        }
        String jfr = System.getenv("AMS_BENCH_JFR");
        if ("on".equals(jfr)) {
            // A profile of each server the suite starts (JFR's "profile" settings), beside its log,
            // written when the server stops: where its CPU goes under the section's load.
            command.add(1, "-XX:StartFlightRecording=settings=profile,filename="
                    + log.resolveSibling(log.getFileName().toString().replaceAll("\\.log$", "") + ".jfr"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env(catalogue, dataDir, port));
        pb.environment().putAll(settings);
        try {
            Files.createDirectories(dataDir);
            Server s = new Server(pb.start(), port);
            s.awaitReady(Duration.ofSeconds(120), log);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU ticks so far of the server's JIT compiler threads (HotSpot names them "C1 CompilerThread"
     * and "C2 CompilerThread"), read from /proc; -1 when they cannot be read.
     */
    long compilerTicks() {
        Path tasks = Path.of("/proc", Long.toString(pid()), "task");
        long total = 0;
        try (var ids = Files.list(tasks)) {
            for (Path task : ids.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        long t = PgBench.Cpu.ticks(pid(), task.getFileName().toString());
                        total += Math.max(0, t);
                    }
                } catch (IOException e) {
                    // The thread ended between the listing and the read: it spends no more.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    private void awaitReady(Duration limit, Path log) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log);
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/1.0")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(50);
        }
        close();
        throw new IllegalStateException("the server did not answer within " + limit.toSeconds() + " s; see " + log);
    }

    /** GET with the admin token; the status code. */
    int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Authorization", "Bearer " + TOKEN)
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
