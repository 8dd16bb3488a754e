package io.amsfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark suite behind {@code bin/bench}: five figures, each measured beside its limit in the
 * same run, written to {@code performance.md} with charts. See docs/performance.md.
 */
public final class BenchSuite {
    private static final String LIST = "/1.0/images?recursion=1&limit=100";
    /** A batch delete as large as the server takes (ECR's caps at 100), and how many of them. */
    private static final int BATCH = 1000;
    private static final int BATCHES = 3;
    /** The scale section's warm-up of deletes: window, ceiling (seconds), the JIT's share that ends it. */
    private static final double WARM_WINDOW = 2;
    private static final double WARM_MAX = 40;
    private static final double JIT_SETTLED = 0.05;

    /** How big and how long: the full run, or the smoke that only proves the suite works. */
    record Plan(int[] clients, int deleteImages, int deleteVersions, double serverWarmup, double wrkWarmup,
                double wrkSeconds, int jmhForks, int jmhWarmupMs, int jmhMeasureMs, long[] sizes, int scaleVersions,
                double listWarmup, double listSeconds, double warmDeletes, double scaleDeletes,
                int scaleRounds, long[] uploadSizes, int uploadRuns, int startRuns, int cliRuns, long retentionImages,
                long loadImages, int loadClients, double loadSeconds) {
        static Plan full() {
            return new Plan(new int[]{1, 8, 32}, 4000, 41, 60, 3, 5, 1, 2000, 4000,
                    new long[]{100, 10_000, 200_000}, 5, 10, 1, 6, 1, 5,
                    new long[]{64L << 20, 1L << 30}, 5, 8, 30, 100_000, 20_000, 8, 20);
        }

        Plan withClients(int[] c) {
            return new Plan(c, deleteImages, deleteVersions, serverWarmup, wrkWarmup, wrkSeconds, jmhForks, jmhWarmupMs,
                    jmhMeasureMs, sizes, scaleVersions, listWarmup, listSeconds, warmDeletes, scaleDeletes,
                    scaleRounds, uploadSizes, uploadRuns, startRuns, cliRuns, retentionImages, loadImages, loadClients, loadSeconds);
        }

        static Plan smoke() {
            // wrk runs last whole seconds; 0 skips a warm-up.
            return new Plan(new int[]{1, 4}, 100, 41, 0, 0, 1, 0, 200, 300,
                    new long[]{10, 100}, 5, 0, 1, 1, 1, 2,
                    new long[]{1L << 20, 4L << 20}, 1, 1, 2, 200, 50, 2, 2);
        }
    }

    private final Path root;
    private final Path work;
    private final Path out;
    private final boolean smoke;
    private final Plan plan;
    private final List<String> dbs;
    private final String pgAdminUrl;
    private final Set<String> sections;
    private final Results results = new Results();
    private final Wrk wrk;
    private int serverLogs;

    private BenchSuite(Path root, Path work, Path out, boolean smoke, List<String> dbs, String pgAdminUrl,
                       Set<String> sections, int[] clients) {
        this.root = root;
        this.work = work;
        this.out = out;
        this.smoke = smoke;
        Plan p = smoke ? Plan.smoke() : Plan.full();
        this.plan = clients == null ? p : p.withClients(clients);
        this.dbs = dbs;
        this.pgAdminUrl = pgAdminUrl;
        this.sections = sections;
        this.wrk = new Wrk(work);
    }

    public static void main(String[] args) throws Exception {
        Path root = null;
        Path out = null;
        Path work = null;
        boolean smoke = false;
        String db = "both";
        String pg = null;
        Set<String> sections = new LinkedHashSet<>(List.of("delete", "scale", "retention", "upload", "start", "cli"));
        int[] clients = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                case "--smoke" -> smoke = true;
                case "--db" -> db = args[++i];
                case "--pg-url" -> pg = args[++i];
                case "--only" -> sections = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--clients" -> clients = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--server-cp" -> Server.classpath = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (root == null || out == null || work == null) {
            throw new IllegalArgumentException("--root, --out and --work are required (bin/bench gives them)");
        }
        List<String> dbs = switch (db) {
            case "h2" -> List.of(Catalogue.H2);
            case "postgresql" -> List.of(Catalogue.POSTGRESQL);
            case "both" -> pg == null || pg.isBlank() ? List.of(Catalogue.H2) : List.of(Catalogue.H2, Catalogue.POSTGRESQL);
            default -> throw new IllegalArgumentException("--db must be h2, postgresql or both");
        };
        if (dbs.contains(Catalogue.POSTGRESQL) && (pg == null || pg.isBlank())) {
            throw new IllegalArgumentException("--db postgresql needs a PostgreSQL URL (--pg-url or AMS_BENCH_DB_URL)");
        }
        Files.createDirectories(work);
        Files.createDirectories(out);
        BenchSuite suite = new BenchSuite(root, work, out, smoke, dbs, pg, sections, clients);
        if (db.equals("both") && !dbs.contains(Catalogue.POSTGRESQL)) {
            suite.results.notes.add("PostgreSQL was not measured: no PostgreSQL URL (AMS_BENCH_DB_URL, AMS_TEST_DB_URL"
                    + " or .ci/pg-setup as root).");
        }
        suite.run();
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        machine();
        log("load average at start: " + results.machine.get("load at start"));
        // The start and amc figures first, each on a quiet machine: after the database sections,
        // PostgreSQL's autovacuum and checkpoints over the seeded catalogues and the kernel's
        // writeback of the uploads run for minutes, and both figures are a few hundred
        // milliseconds of CPU on the same two cores.
        if (sections.contains("start")) {
            results.machine.put("CPU idle before the start section", quiet());
            start();
        }
        if (sections.contains("cli")) {
            results.machine.put("CPU idle before the amc section", quiet());
            cli();
        }
        for (String db : dbs) {
            if (sections.contains("delete")) {
                deletes(db);
            }
        }
        for (String db : dbs) {
            if (sections.contains("scale")) {
                scale(db);
            }
        }
        for (String db : dbs) {
            if (sections.contains("retention")) {
                retention(db);
            }
        }
        if (sections.contains("upload")) {
            for (String db : dbs) {
                upload(db);
            }
        }
        results.machine.put("load at end", loadAverage());
        results.machine.put("suite run time", String.format("%.0f s", (System.nanoTime() - started) / 1e9));
        for (String db : dbs) {
            if (db.equals(Catalogue.POSTGRESQL)) {
                List<String> names = new ArrayList<>(List.of("limit", "server", "pgbench", "retention", "upload"));
                for (long n : plan.sizes()) {
                    names.add("scale" + n);
                }
                for (String name : names) {
                    Catalogue.dropPostgres(pgAdminUrl, pgPrefix() + name);
                }
            }
        }
        Path charts = out.resolve("performance");
        Files.createDirectories(charts);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(charts.resolve("results.json").toFile(),
                results);
        new Report(results, smoke).write(out.resolve("performance.md"), charts);
        log("report: " + out.resolve("performance.md") + " (" + results.machine.get("suite run time") + ")");
    }

    // ---- 1. delete throughput and latency beside the JDBC limit ----

    private void deletes(String db) throws IOException {
        int n = plan.deleteImages();
        int v = plan.deleteVersions();
        long supply = (long) n * (v - 1);
        log(db + ": seeding two catalogues of " + n + " images x " + v + " versions (limit and server)");
        Catalogue limit = catalogue(db, "limit").migrate().seed(1, n, v).settle();
        Catalogue served = catalogue(db, "server").migrate().seed(1, n, v).settle();
        Catalogue raw = db.equals(Catalogue.POSTGRESQL) ? catalogue(db, "pgbench").migrate().seed(1, n, v).settle() : null;
        long rawNext = 0;
        Path progress = work.resolve(db + "-limit.progress");
        Files.deleteIfExists(progress);
        try (Server server = startServer(served, dataDirOf(served, "server"))) {
            long next = 0;
            if (plan.serverWarmup() > 0) {
                Wrk.Result warm = wrk.deletes(server.url(), Server.TOKEN, 8, plan.serverWarmup(), n, 1, 1, next, supply);
                next = Math.max(next, warm.last() + 1);
            }
            for (int c : plan.clients()) {
                log(db + ": deletes, " + c + " client(s): JDBC limit (JMH)");
                checkpoint(db);
                double[] lim = jmh(limit, c, progress, n, v, db);
                log(db + ": deletes, " + c + " client(s): REST (wrk)");
                if (plan.wrkWarmup() > 0) {
                    Wrk.Result w = wrk.deletes(server.url(), Server.TOKEN, c, plan.wrkWarmup(), n, 1, 1, next, supply);
                    next = Math.max(next, w.last() + 1);
                }
                checkpoint(db);
                long[] cpu0 = serverCpu(server, served);
                Wrk.Result r = wrk.deletes(server.url(), Server.TOKEN, c, plan.wrkSeconds(), n, 1, 1, next, supply);
                long[] cpu1 = serverCpu(server, served);
                next = Math.max(next, r.last() + 1);
                double serverCpu = r.requests() > 0 ? (cpu1[0] - cpu0[0]) * PgBench.Cpu.MS_PER_TICK / r.requests() : Double.NaN;
                double dbCpu = cpu0[1] >= 0 && r.requests() > 0 ? (cpu1[1] - cpu0[1]) * PgBench.Cpu.MS_PER_TICK
                        / r.requests() : Double.NaN;
                if (raw != null) {
                    for (String shape : List.of(PgBench.FULL, PgBench.MINIMAL)) {
                        log(db + ": deletes, " + c + " client(s): pgbench, " + shape + " shape");
                        checkpoint(db);
                        PgBench.Result pb = pgbench(raw, shape, c, n, rawNext);
                        rawNext += (long) Math.ceil(pb.transactions() / (double) c + 2) * c;
                        results.pgbench.add(new Results.PgBenchRow(shape, c, pb.perSecond(), pb.latencyMs(), pb.p99Ms(),
                                pb.transactions(), pb.dbCpuMs(), pb.clientCpuMs()));
                        log(String.format("%s: %d clients: pgbench %s %.0f tx/s avg %.2f p99 %.2f ms; CPU/tx backends %.3f"
                                + " ms, pgbench %.3f ms", db, c, shape, pb.perSecond(), pb.latencyMs(), pb.p99Ms(),
                                pb.dbCpuMs(), pb.clientCpuMs()));
                    }
                }
                if (next >= supply) {
                    results.notes.add(db + ", " + c + " clients: the seeded catalogue ran out of versions to delete;"
                            + " the REST figure covers fewer requests than its duration allowed.");
                }
                results.deletes.add(new Results.DeleteRow(db, c, r.perSecond(), r.p50(), r.p99(), r.requests(),
                        r.errors(), lim[0], lim[1], lim[2], serverCpu, dbCpu));
                log(String.format("%s: %d clients: REST %.0f/s p50 %.2f p99 %.2f ms (%d errors), CPU/delete server %.3f"
                        + " ms, backends %.3f ms; limit %.0f/s p50 %.2f p99 %.2f ms", db, c, r.perSecond(), r.p50(),
                        r.p99(), r.errors(), serverCpu, dbCpu, lim[0], lim[1], lim[2]));
            }
        }
    }

    /**
     * PostgreSQL: a CHECKPOINT of the whole cluster before a measured window, so that none is under
     * way in it. The seeding writes gigabytes of WAL, and the checkpoint that triggers spreads its
     * writes over minutes: measured first, the server's run had every commit waiting behind it
     * (fsyncs of 0.5 to 1.8 s, JFR) while pgbench, later, ran on a quiet disk. Every side now
     * starts from a finished checkpoint.
     */
    private void checkpoint(String db) {
        if (!db.equals(Catalogue.POSTGRESQL)) {
            return;
        }
        try (Connection c = java.sql.DriverManager.getConnection(pgAdminUrl); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("CHECKPOINT: " + e.getMessage(), e);
        }
    }

    /** pgbench of one shape on the raw catalogue; fails the suite when pgbench is missing or fails. */
    private PgBench.Result pgbench(Catalogue raw, String shape, int clients, int images, long base) {
        try {
            return PgBench.run(raw, shape, clients, plan.wrkSeconds(), images, base, work);
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("pgbench " + shape + " at " + clients + " clients: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU ticks so far of the server process and (PostgreSQL) of the backends serving its database,
     * its pool and its event listener; {@code -1} for the backends on H2. The pool's connections stay
     * open for the whole run, so before and after see the same backends.
     */
    private long[] serverCpu(Server server, Catalogue served) {
        long process = PgBench.Cpu.ticks(server.pid());
        if (!served.vendor().equals(Catalogue.POSTGRESQL)) {
            return new long[]{process, -1};
        }
        try (Connection c = java.sql.DriverManager.getConnection(pgAdminUrl)) {
            return new long[]{process, PgBench.Cpu.sum(PgBench.backends(c, PgBench.database(served.url()), null))};
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDBC limit at {@code clients} threads: {ops/s, p50 ms, p99 ms}. */
    private double[] jmh(Catalogue c, int clients, Path progress, int images, int versions, String db) {
        Options options = new OptionsBuilder()
                .include(JdbcDelete.class.getName() + ".deleteVersion")
                .param("url", c.url())
                .param("user", c.user() == null ? "" : c.user())
                .param("progress", progress.toString())
                .param("images", Integer.toString(images))
                .param("versions", Integer.toString(versions))
                .param("pool", Integer.toString(db.equals(Catalogue.H2) ? 10 : 16))
                .mode(Mode.Throughput).mode(Mode.SampleTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .threads(clients)
                .forks(plan.jmhForks())
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(plan.jmhWarmupMs()))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(plan.jmhMeasureMs()))
                .shouldFailOnError(true)
                .output(work.resolve("jmh-" + db + "-" + clients + ".log").toString())
                .build();
        try {
            Collection<RunResult> runs = new Runner(options).run();
            double perSecond = 0;
            double p50 = 0;
            double p99 = 0;
            for (RunResult r : runs) {
                if (r.getParams().getMode() == Mode.Throughput) {
                    perSecond = r.getPrimaryResult().getScore() * 1000;
                } else {
                    p50 = r.getPrimaryResult().getStatistics().getPercentile(50);
                    p99 = r.getPrimaryResult().getStatistics().getPercentile(99);
                }
            }
            return new double[]{perSecond, p50, p99};
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed; see " + work.resolve("jmh-" + db + "-" + clients + ".log"), e);
        }
    }

    // ---- 2. latency against catalogue size ----

    /**
     * Latency against catalogue size. Every size has its catalogue and its server, all started and
     * warmed up first; then {@code scaleRounds} rounds, each measuring every size in turn (the
     * first-page list, then single deletes), the first size moving on by one each round. A
     * figure is the median of its rounds': on a shared two-core virtual machine whose speed drifts by
     * a third within minutes, sizes measured one after the other compared the minutes as much as
     * the sizes (the 100-image figure was the slower in three runs of 2026-12-02 on one machine).
     *
     * <p>On PostgreSQL, pgbench's full delete transaction runs in each round right after the REST
     * deletes, one client, as many transactions: the database's own latency at that size. REST
     * takes versions 0 and 1, pgbench versions 2 and 3; on the largest catalogue pgbench takes
     * version 2 of the images after those the batches take (versions 3, 2 and 1 of the first
     * {@link #batchImages} in stride order). The rounds start from a finished checkpoint, and the
     * WAL each side wrote is read from the server's LSN.
     */
    private void scale(String db) {
        int v = plan.scaleVersions();
        long[] sizes = plan.sizes();
        long largest = sizes[sizes.length - 1];
        boolean pg = db.equals(Catalogue.POSTGRESQL);
        int rounds = plan.scaleRounds();
        List<Sized> all = new ArrayList<>();
        try {
            for (long n : sizes) {
                log(db + ": seeding " + n + " images x " + v + " versions");
                Catalogue c = catalogue(db, "scale" + n).migrate().seed(1, n, v).seed(n + 1, n + 1, v)
                        .settle();
                Path dataDir = dataDirOf(c, "scale" + n);
                c.withRealContent(dataDir, n + 1, 0);
                all.add(new Sized(n, c, startServer(c, dataDir), v, pg, largest, rounds));
            }
            for (Sized z : all) {
                // Warm up on the same paths: the list, and deletes of the last image's versions.
                if (plan.listWarmup() > 0) {
                    wrk.gets(z.server.url(), Server.TOKEN, LIST, 1, plan.listWarmup());
                }
                if (plan.warmDeletes() > 0) {
                    warmDeletes(db, z.server, z.n + 1);
                }
            }
            // One checkpoint, not one a window: after one, a page's first change writes it whole
            // into the WAL, which a small catalogue pays once over all its rounds and a big one on
            // nearly every delete, as between the checkpoints of a server in use; one a window would
            // charge the small catalogue's few deletes a round for its every page again.
            checkpoint(db);
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < all.size(); i++) {
                    measureRound(db, all.get((round + i) % all.size()), round);
                }
            }
            for (Sized z : all) {
                Results.ScaleRow row = z.row(db);
                results.scale.add(row);
                log(String.format("%s: %d images, median of %d rounds: delete p50 %.2f p99 %.2f ms (%d, %.1f KiB WAL"
                        + " each); list p50 %.2f p99 %.2f ms (%d)%s", db, z.n, rounds, row.deleteP50(),
                        row.deleteP99(), row.deletes(), row.deleteWalKiB(), row.listP50(), row.listP99(), row.lists(),
                        row.hasRaw() ? String.format("; pgbench p50 %.2f p99 %.2f ms (%d, %.1f KiB WAL each)",
                                row.rawP50(), row.rawP99(), row.rawTransactions(), row.rawWalKiB()) : ""));
            }
            Sized big = all.get(all.size() - 1);
            batchDeletes(db, big.server, big.n, v, big.stride, big.deletes / big.deleteSeconds);
        } finally {
            for (Sized z : all) {
                z.server.close();
            }
        }
    }

    /** One size's turn in one round: the list, REST deletes, and on PostgreSQL pgbench. */
    private void measureRound(String db, Sized z, int round) {
        Wrk.Result list = wrk.gets(z.server.url(), Server.TOKEN, LIST, 1, plan.listSeconds());
        long wal0 = z.pg ? walPosition(z.catalogue) : 0;
        long supply = Math.min(z.restSupply, z.restNext + Math.max(1, z.restSupply / z.rounds));
        Wrk.Result del = wrk.deletes(z.server.url(), Server.TOKEN, 1, plan.scaleDeletes(), z.n, 1, z.stride,
                z.restNext, round == z.rounds - 1 ? z.restSupply : supply);
        long restWal = z.pg ? walPosition(z.catalogue) - wal0 : 0;
        z.restNext = Math.max(z.restNext, del.last() + 1);
        z.add(list, del, restWal);
        if (z.pg && z.rawNext < z.rawEnd) {
            // As many transactions as REST made deletes: after a checkpoint, each first touch of a
            // page writes it whole into the WAL, so a longer run would pay for fewer of them.
            long count = Math.max(1, Math.min(z.rawEnd - z.rawNext, del.requests()));
            long w0 = walPosition(z.catalogue);
            PgBench.Result raw = pgbenchScale(z.catalogue, z.n, z.stride, z.rawNext, count, round);
            z.rawNext += raw.transactions();
            z.addRaw(raw, walPosition(z.catalogue) - w0);
        }
    }

    /** One catalogue size of the scale section: its catalogue, its server, and its rounds' figures. */
    private static final class Sized {
        final long n;
        final Catalogue catalogue;
        final Server server;
        final boolean pg;
        final int rounds;
        final long stride;
        final long restSupply;
        long restNext;
        /** pgbench's k already taken: the next run's base; and the last k it may take. */
        long rawNext;
        final long rawEnd;
        final List<Double> deleteP50 = new ArrayList<>();
        final List<Double> deleteP99 = new ArrayList<>();
        final List<Double> listP50 = new ArrayList<>();
        final List<Double> listP99 = new ArrayList<>();
        final List<Double> rawP50 = new ArrayList<>();
        final List<Double> rawP99 = new ArrayList<>();
        long deletes;
        double deleteSeconds;
        long lists;
        long errors;
        long restWal;
        long raws;
        long rawWal;

        Sized(long n, Catalogue catalogue, Server server, int versions, boolean pg, long largest, int rounds) {
            this.n = n;
            this.catalogue = catalogue;
            this.server = server;
            this.pg = pg;
            this.rounds = rounds;
            this.stride = gcd(997, n) == 1 ? 997 : 1;
            // Versions 0 and 1 (wrk's s div n) on PostgreSQL: a 100-image catalogue has 200 to give;
            // on the largest only version 0, as the batches take 3, 2 and 1 (200,000 is more than a
            // run deletes).
            this.restSupply = n == largest ? n : pg ? 2 * n : n * (versions - 1);
            // On the largest, only version 2 past the batches' images: the batches take 3 and 1 too.
            // pgbench's k counts from base + 1 (PgBench's PICK): base is the last k taken.
            this.rawNext = 2 * n + (n == largest ? batchImages(n) : 0) - 1;
            this.rawEnd = n == largest ? 3 * n - 1 : 4 * n - 1;
        }

        void add(Wrk.Result list, Wrk.Result del, long wal) {
            listP50.add(list.p50());
            listP99.add(list.p99());
            lists += list.requests();
            if (del.requests() > 0) {
                deleteP50.add(del.p50());
                deleteP99.add(del.p99());
            }
            deletes += del.requests();
            deleteSeconds += del.seconds();
            errors += list.errors() + del.errors();
            restWal += wal;
        }

        void addRaw(PgBench.Result raw, long wal) {
            rawP50.add(raw.p50Ms());
            rawP99.add(raw.p99Ms());
            raws += raw.transactions();
            rawWal += wal;
        }

        Results.ScaleRow row(String db) {
            return new Results.ScaleRow(db, n, median(deleteP50), median(deleteP99), deletes, median(listP50),
                    median(listP99), lists, errors, pg && deletes > 0 ? restWal / 1024.0 / deletes : Double.NaN,
                    median(rawP50), median(rawP99), raws, raws > 0 ? rawWal / 1024.0 / raws : Double.NaN);
        }

        private static double median(List<Double> xs) {
            if (xs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = xs.stream().sorted().toList();
            int m = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
        }
    }

    /**
     * The warm-up of deletes, one client, on an image of the catalogue's own shape: its oldest
     * version deleted, then restored from the recycle bin, again and again, in windows of
     * {@link #WARM_WINDOW} seconds: at least {@code warmDeletes} seconds, then until the server's
     * JIT compilers spent less than {@link #JIT_SETTLED} of a window's time, at most
     * {@link #WARM_MAX} seconds. On two cores a compiler still at work takes a CPU from the
     * requests: measured by hand, C2 kept compiling for some 20 s after a path was first used. The
     * warm-up used to delete the versions of one image of 4,001, which ran out before the JIT had
     * settled, and whose every delete read thousands of rows the measured ones do not (20 ms a
     * delete on H2).
     */
    private void warmDeletes(String db, Server server, long image) {
        HttpClient http = HttpClient.newHttpClient();
        URI delete = URI.create(server.url() + "/1.0/images/" + Catalogue.imageId(image) + "/0");
        long cycles = 0;
        double spent = 0;
        double share = 1;
        // The smoke only proves the path works: its least is its most.
        double most = smoke ? plan.warmDeletes() : WARM_MAX;
        while (spent < most && (spent < plan.warmDeletes() || share > JIT_SETTLED)) {
            long c0 = server.compilerTicks();
            long t0 = System.nanoTime();
            long end = t0 + (long) (WARM_WINDOW * 1e9);
            while (System.nanoTime() < end) {
                JsonNode op = send(http, HttpRequest.newBuilder(delete).DELETE(), 202, Duration.ofSeconds(30));
                String trash = op.path("metadata").path("metadata").path("trash_id").asText("");
                if (trash.isEmpty()) {
                    throw new IllegalStateException("the warm-up delete's operation names no trash_id: " + op);
                }
                send(http, HttpRequest.newBuilder(URI.create(server.url() + "/1.0/trash/" + trash + "/restore"))
                        .POST(HttpRequest.BodyPublishers.noBody()), 202, Duration.ofSeconds(30));
                cycles++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long c1 = server.compilerTicks();
            share = c0 < 0 || c1 < 0 ? 0 : (c1 - c0) * PgBench.Cpu.MS_PER_TICK / 1000 / seconds;
            spent += seconds;
        }
        log(String.format("%s: warmed up on %d deletes and restores in %.0f s; the JIT compilers' share of the last"
                + " window %.0f %%", db, cycles, spent, 100 * share));
    }

    /** One request with the suite's token, its answer parsed; fails the suite on another status. */
    private static JsonNode send(HttpClient http, HttpRequest.Builder request, int status, Duration timeout) {
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + Server.TOKEN)
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != status) {
                throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + ": HTTP "
                        + r.statusCode() + ": " + r.body());
            }
            return new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** pgbench's full delete shape, one client, {@code count} transactions, on a scale catalogue. */
    private PgBench.Result pgbenchScale(Catalogue c, long n, long stride, long base, long count, int round) {
        try {
            return PgBench.run(c, PgBench.FULL, 1, 0, count, n, stride, base, "-scale-" + n + "-" + round, work);
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("pgbench on " + n + " images: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL's current WAL position, in bytes. */
    private static long walPosition(Catalogue c) {
        try (Connection k = java.sql.DriverManager.getConnection(c.url()); Statement s = k.createStatement();
             var rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading the WAL position: " + e.getMessage(), e);
        }
    }

    /**
     * Batches of {@code DELETE /1.0/images} beside the single deletes just measured on the same
     * catalogue: each batch takes one version (counting down from the second newest) of as many
     * images as a batch may hold, in the single deletes' stride order, so no image of a batch was
     * touched by an earlier one and every image keeps its newest version. The per-version rate of a
     * batch is its versions over its wall time, the single deletes' is their requests over wrk's time.
     */
    private void batchDeletes(String db, Server server, long n, int versions, long stride, double singleRate) {
        int size = batchImages(n);
        HttpClient http = HttpClient.newHttpClient();
        for (int b = 0; b < BATCHES && versions - 2 - b >= 1; b++) {
            int version = versions - 2 - b;
            StringBuilder body = new StringBuilder("{\"images\":[");
            for (int k = 0; k < size; k++) {
                long image = 1 + (k * stride) % n;
                body.append(k == 0 ? "" : ",").append(String.format("{\"image\":\"bench%015d\",\"version\":%d}",
                        image, version));
            }
            body.append("]}");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/1.0/images"))
                    .header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString()));
            long t0 = System.nanoTime();
            JsonNode answer = send(http, request, 200, Duration.ofMinutes(5)).path("metadata");
            double ms = (System.nanoTime() - t0) / 1e6;
            int deleted = answer.path("deleted").size();
            int failed = answer.path("failures").size();
            double rate = deleted / (ms / 1000);
            results.batch.add(new Results.BatchRow(db, n, size, deleted, failed, ms, rate, singleRate));
            log(String.format("%s: %d images: batch of %d versions in %.0f ms (%d deleted, %d failed): %.0f/s beside"
                    + " %.0f/s single, %.0f %%%s", db, n, size, ms, deleted, failed, rate, singleRate,
                    100 * rate / singleRate, failed == 0 ? "" : "; the first failure: " + answer.path("failures").get(0)));
        }
    }

    /** How many images a batch takes one version of: {@link #BATCH}, or half a smaller catalogue. */
    private static int batchImages(long n) {
        return (int) Math.min(BATCH, n / 2);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    // ---- retention: a policy run beside deletes and uploads ----

    /**
     * Seeds {@code retentionImages} container images of 6 versions and {@code loadImages} VM images,
     * measures deletes of VM versions and VM uploads for {@code loadSeconds}, then puts a container
     * policy keeping the last 5 (one removal per image) on a schedule and measures the same load until
     * its run's report appears. The run's own time is the report's.
     */
    private void retention(String db) throws IOException, InterruptedException {
        long n = plan.retentionImages();
        long load = plan.loadImages();
        int v = 6;
        log(db + ": seeding " + n + " images x " + v + " versions, and " + load + " VM images for the load");
        Catalogue c = catalogue(db, "retention").migrate().seed(1, n + load, v).asVms(n + 1, n + load).settle();
        Path tarball = tarball(1L << 20);
        Path log = work.resolve("server-" + (++serverLogs) + ".log");
        try (Server server = Server.start(root, c, dataDirOf(c, "retention"), log,
                Map.of("AMS_RETENTION_CHECK_INTERVAL", "1s", "AMS_CLUSTER_POLL_INTERVAL", "500ms"))) {
            RetentionLoad loadGen = new RetentionLoad(server.url(), n + 1, load, v - 1, tarball);
            // A warm-up first, not counted: the reference window must not hold the server's cold
            // JIT, or the run would be compared with a slower server than the one it ran on.
            loadGen.run(plan.loadClients(), Math.min(10, plan.loadSeconds()), () -> true);
            log(db + ": the load without a policy run, " + plan.loadSeconds() + " s");
            RetentionLoad.Result without = loadGen.run(plan.loadClients(), plan.loadSeconds(), () -> true);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/1.0/retention/policies/bench")).header("Authorization", "Bearer " + Server.TOKEN)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"scope\":\"type\",\"target\":\"container\",\"keep_last\":5,\"schedule\":\"24h\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT of the policy: " + put.body());
            }
            log(db + ": the same load during the policy's run");
            JsonNode[] report = new JsonNode[1];
            RetentionLoad.Result during = loadGen.run(plan.loadClients(), 1, () -> {
                report[0] = runReport(http, server.url());
                return report[0] != null;
            });
            JsonNode run = report[0];
            if (loadGen.exhausted()) {
                // The deleters stop when the load images have no deletable version left: the
                // "during" figure then covers only part of the run, and the row says nothing.
                String why = db + ": the load ran out of deletable versions during the policy's run";
                if (!smoke) {
                    throw new IllegalStateException(why + "; seed more load images");
                }
                log(why + " (a smoke run: its figures only show that the section runs)");
            }
            Results.RetentionRow row = new Results.RetentionRow(db, n, v, run.path("removed_count").asLong(),
                    run.path("duration_ms").asLong() / 1000.0, without.deleteP99(), during.deleteP99(),
                    without.uploadP99(), during.uploadP99(), without.deletes() + without.uploads() + during.deletes()
                    + during.uploads(), without.errors() + during.errors());
            results.retention.add(row);
            log(String.format("%s: retention run over %d images removed %d in %.1f s; delete p99 %.1f -> %.1f ms"
                            + " (x%.2f), upload p99 %.1f -> %.1f ms (x%.2f), %d errors", db, n, row.removed(),
                    row.runSeconds(), row.deleteP99Without(), row.deleteP99During(), row.deleteRatio(),
                    row.uploadP99Without(), row.uploadP99During(), row.uploadRatio(), row.errors()));
        }
    }

    /** The bench policy's first run report, or null while it runs. */
    private static JsonNode runReport(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url
                    + "/1.0/retention/runs?recursion=1&policy=bench")).header("Authorization", "Bearer " + Server.TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode runs = new ObjectMapper().readTree(r.body()).path("metadata");
            return runs.isArray() && !runs.isEmpty() ? runs.get(0) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ---- 3. upload beside sha256sum ----

    private void upload(String db) throws IOException, InterruptedException {
        Catalogue c = catalogue(db, "upload").migrate();
        Path script = work.resolve("upload.sh");
        Files.writeString(script, """
                #!/bin/sh
                # bin/bench: POST /1.0/images of one tarball as a new image (a fresh name each time), streamed by
                # curl -T (which would append the file name to a URL that ends with a slash).
                code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -T "$1" -H 'Expect:' \\
                  -H "Authorization: Bearer $AMS_BENCH_TOKEN" -H 'Content-Type: application/octet-stream' \\
                  -H "X-AMS-Request: {\\"name\\":\\"upload-$(date +%s%N)\\"}" "$AMS_BENCH_URL/1.0/images")
                [ "$code" = 202 ] || { echo "upload answered $code" >&2; exit 1; }
                """);
        double maxHeap = maxHeapMiB();
        try (Server server = startServer(c, dataDirOf(c, "upload"))) {
            Map<String, String> env = toolEnv();
            env.put("AMS_BENCH_TOKEN", Server.TOKEN);
            env.put("AMS_BENCH_URL", server.url());
            Path small = tarball(1L << 20);
            for (int i = 0; i < (smoke ? 1 : 3); i++) {
                Proc.run(List.of("sh", script.toString(), small.toString()), work.resolve("upload-warm.log"), env);
            }
            for (long size : plan.uploadSizes()) {
                Path file = tarball(size);
                log(db + ": upload of " + (size >> 20) + " MiB beside sha256sum");
                try (HeapSampler heap = new HeapSampler(server.pid(), work.resolve("jstat-" + db + "-" + size + ".log"))) {
                    // A full GC before each run: the peak is then what the upload itself needs, not garbage
                    // left by what ran before (the collector has no reason to reclaim it in a 6 GiB heap).
                    String gc = Path.of(System.getProperty("java.home"), "bin", "jcmd") + " " + server.pid() + " GC.run";
                    List<Hyperfine.Result> r = Hyperfine.run(work, "upload-" + db + "-" + (size >> 20), smoke ? 0 : 1,
                            plan.uploadRuns(), false, gc, env, "sha256sum " + file, "sh " + script + " " + file);
                    results.uploads.add(new Results.UploadRow(db, Files.size(file), r.get(1).runs(), r.get(1).median(),
                            r.get(0).median(), heap.peakMiB(), heap.peakRetainedMiB(), maxHeap));
                    log(String.format("%s: %d MiB: upload %.0f ms, sha256sum %.0f ms, peak heap %.0f MiB (retained %.0f)",
                            db, size >> 20, r.get(1).median(), r.get(0).median(), heap.peakMiB(),
                            heap.peakRetainedMiB()));
                }
            }
        }
    }

    /** A plain tar: metadata.yaml first, then a payload of pseudo-random bytes, {@code payload} long. */
    private Path tarball(long payload) throws IOException {
        Path file = work.resolve("image-" + (payload >> 20) + "mib.tar");
        Path done = work.resolve("image-" + (payload >> 20) + "mib.done");
        if (Files.exists(done) && Files.exists(file)) {
            return file;
        }
        byte[] meta = "name: bench\narchitecture: x86_64\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream os = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new java.io.BufferedOutputStream(os, 1 << 20))) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry m = new TarArchiveEntry("metadata.yaml");
            m.setSize(meta.length);
            tar.putArchiveEntry(m);
            tar.write(meta);
            tar.closeArchiveEntry();
            TarArchiveEntry data = new TarArchiveEntry("rootfs.img");
            data.setSize(payload);
            tar.putArchiveEntry(data);
            SplittableRandom random = new SplittableRandom(payload);
            byte[] buf = new byte[1 << 20];
            for (long written = 0; written < payload; written += buf.length) {
                for (int i = 0; i < buf.length; i += 8) {
                    long x = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buf[i + b] = (byte) (x >>> (b * 8));
                    }
                }
                tar.write(buf, 0, (int) Math.min(buf.length, payload - written));
            }
            tar.closeArchiveEntry();
        }
        Files.writeString(done, "");
        return file;
    }

    /** The largest heap the server's JVM allows with its default options, in MiB. */
    private static double maxHeapMiB() {
        String flags = Proc.firstLineMatching(List.of(Server.javaBin(), "-XX:+PrintFlagsFinal", "-version"),
                "MaxHeapSize");
        if (flags == null) {
            return Double.NaN;
        }
        String[] parts = flags.trim().split("\\s+");
        return Long.parseLong(parts[3]) / 1048576.0;
    }

    /** Samples the server's used heap (all generations) every 100 ms with jstat. */
    static final class HeapSampler implements AutoCloseable {
        private final Process jstat;
        private final Thread reader;
        private final AtomicLong peakKiB = new AtomicLong();
        private final AtomicLong peakRetainedKiB = new AtomicLong();
        private final java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);

        HeapSampler(long pid, Path log) throws IOException {
            String jstatBin = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
            jstat = new ProcessBuilder(jstatBin, "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()));
                     var w = Files.newBufferedWriter(log)) {
                    String[] header = null;
                    String line;
                    while ((line = in.readLine()) != null) {
                        w.write(line);
                        w.newLine();
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 0 && f[0].equals("S0C")) {
                            header = f;
                            continue;
                        }
                        if (header == null || f.length != header.length) {
                            continue;
                        }
                        double used = 0;
                        double retained = 0;
                        for (int i = 0; i < header.length; i++) {
                            if (Set.of("S0U", "S1U", "EU", "OU").contains(header[i])) {
                                used += Double.parseDouble(f[i]);
                            }
                            // What survived a collection: the survivors and the old generation.
                            if (Set.of("S0U", "S1U", "OU").contains(header[i])) {
                                retained += Double.parseDouble(f[i]);
                            }
                        }
                        long u = (long) used;
                        peakKiB.accumulateAndGet(u, Math::max);
                        peakRetainedKiB.accumulateAndGet((long) retained, Math::max);
                        first.countDown();
                    }
                } catch (IOException | NumberFormatException e) {
                    // the figure stays at what was read
                }
            }, "jstat-reader");
            reader.setDaemon(true);
            reader.start();
            // jstat attaches in about a second: sample from the start of the runs.
            try {
                first.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        double peakMiB() {
            return peakKiB.get() / 1024.0;
        }

        double peakRetainedMiB() {
            return peakRetainedKiB.get() / 1024.0;
        }

        @Override
        public void close() throws InterruptedException {
            Thread.sleep(250);
            jstat.destroy();
            reader.join(2000);
        }
    }

    // ---- 4. server start to the first answer ----

    /** The command as one line of bash, each word in single quotes. */
    private static String shellWords(List<String> cmd) {
        StringBuilder line = new StringBuilder();
        for (String word : cmd) {
            line.append(line.isEmpty() ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    /**
     * Server start as a user gets it: {@code bin/ams} itself (its choice of JVM, its class archive
     * or AOT cache), until {@code GET /1.0} answers. Twice per JVM: an up-to-date schema (the
     * usual start) and an empty data dir (the first). On the JVM bin/ams picks (the newest Java 25
     * or later when one is installed) and, when that is another, on the suite's own JVM (Java 17),
     * each beside a hello-world JVM of the same JDK. A start ends in a kill -9, as a crash would.
     */
    private void start() throws IOException {
        Path hello = hello();
        Path script = work.resolve("start.sh");
        Files.writeString(script, """
                #!/usr/bin/env bash
                # bin/bench: bin/ams on the data dir $2, until it has answered its first request (GET /1.0).
                port=$1
                AMS_DATA_DIR=$2 AMS_HTTP_PORT=$port AMS_ADMIN_TOKEN=%s %s >>$3 2>&1 &
                pid=$!
                # Polled with bash's own builtins: a curl and a sleep forked every 10 ms took half a
                # core of the two the server starts on (1.5 s of CPU in 2.9 s, measured).
                exec {tick}<> <(:)
                while :; do
                  if { exec {http}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
                    printf 'GET /1.0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&$http
                    IFS= read -r -t 30 -u $http status || status=""
                    exec {http}>&-
                    case "$status" in "HTTP/1.1 200"*) break ;; esac
                  fi
                  kill -0 $pid 2>/dev/null || { echo "the server exited" >&2; exit 1; }
                  read -t 0.01 -u $tick || true
                done
                kill -9 $pid
                wait $pid 2>/dev/null
                exit 0
                """.formatted(Server.TOKEN, root.resolve("bin/ams")));
        List<String> jvms = new ArrayList<>();
        jvms.add(null); // whatever bin/ams chooses
        jvms.add(Server.javaBin());
        results.start = new ArrayList<>();
        String chosen = null;
        for (String asked : jvms) {
            Map<String, String> env = toolEnv();
            if (asked != null) {
                env.put("AMS_JAVA", asked);
            }
            String tag = asked == null ? "default" : "suite";
            Path log = work.resolve("start-server-" + tag + ".log");
            Files.deleteIfExists(log);
            // The archive or cache this JVM maps, as bin/ams writes it after a build.
            Proc.run(List.of(root.resolve("bin/ams").toString(), "--write-class-archive"), log, env);
            String jvm = jvmNamed(log);
            if (asked != null && jvm.equals(chosen)) {
                break; // bin/ams chose the suite's JVM: no second row
            }
            if (asked == null) {
                chosen = jvm;
            }
            String java = jvm.substring(jvm.indexOf('(') + 1, jvm.length() - 1) + "/bin/java";
            String helloCmd = java + " -cp " + hello + " Hello";
            int port = Server.freePort();
            Path current = work.resolve("start-data-" + tag);
            Path empty = work.resolve("start-empty-" + tag);
            Catalogue.deleteTree(current);
            // One start creates the schema; the timed ones find it up to date.
            Proc.run(List.of("bash", script.toString(), Integer.toString(port), current.toString(), log.toString()),
                    work.resolve("start-first-" + tag + ".log"), env);
            log("start: bin/ams on " + jvm + ", up-to-date schema (hyperfine)");
            List<Hyperfine.Result> up = Hyperfine.run(work, "start-" + tag, smoke ? 0 : 1, plan.startRuns(), false,
                    null, env, "bash " + script + " " + port + " " + current + " " + log, helloCmd,
                    Server.jvmWithServerClasses(root, java));
            log("start: bin/ams on " + jvm + ", empty data dir (hyperfine)");
            List<Hyperfine.Result> first = Hyperfine.run(work, "start-empty-" + tag, smoke ? 0 : 1, plan.startRuns(),
                    false, "rm -rf " + empty, env, "bash " + script + " " + port + " " + empty + " " + log);
            for (var row : List.of(Map.entry("up-to-date schema", up.get(0)), Map.entry("empty data dir", first.get(0)))) {
                Hyperfine.Result s = row.getValue();
                results.start.add(new Results.StartRow(jvm, asked == null, row.getKey(), s.runs(), s.median(), s.mean(), s.stddev(),
                        s.min(), s.user() + s.system(), up.get(1).median(), up.get(2).median()));
                log(String.format("start: %s, %s: median %.0f ms (hello-world JVM %.0f ms, the JVM with the server's"
                        + " classes %.0f ms)", jvm, row.getKey(), s.median(), up.get(1).median(), up.get(2).median()));
            }
        }
    }

    /** The JVM bin/ams named on its first log line ({@code ams: java 25.0.3 (/usr/lib/jvm/…)}). */
    private static String jvmNamed(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("ams: java ")) {
                return line.substring("ams: java ".length());
            }
        }
        throw new IllegalStateException("bin/ams did not name its JVM in " + log);
    }

    /** The JVM options bin/amc runs amc with (C1 only, the serial GC, no perf-data file). */
    private static final String AMC_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData";

    /**
     * The JDK's HTTP client alone, beside amc: what a JVM that makes one request with java.net.http
     * and nothing else takes. Not amc's bound: amc sends a plain-http server its JSON requests
     * without that client (PlainHttp), which it keeps for uploads, the event stream and https; the
     * row shows what the client costs a run. One JVM that builds the client as amc does (HTTP/1.1,
     * no TLS context for a plain http:// server), sends the
     * {@code GET /1.0/images} amc image list sends,
     * reads the answer and exits the way amc does (its selector thread interrupted, else the JVM's
     * exit waits for it). No command line, no JSON, no table. It runs with amc's JVM options and a
     * class archive of its own, recorded from one run as bin/amc records amc's: an AOT cache on
     * Java 25 and later, AppCDS on 17.
     */
    private static final String ONE_REQUEST = """
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;

            public class OneRequest {
                public static void main(String[] a) throws Exception {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .sslContext(new javax.net.ssl.SSLContext(new NoTls(), null, "none") { }).build();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(System.getenv("AMC_URL") + "/1.0/images"))
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + System.getenv("AMC_TOKEN")).build();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    System.out.println(response.statusCode() + " " + response.body().length);
                    Thread[] threads = new Thread[Thread.activeCount() + 16];
                    for (int i = Thread.enumerate(threads) - 1; i >= 0; i--) {
                        if (threads[i].getName().endsWith("-SelectorManager")) {
                            threads[i].interrupt();
                        }
                    }
                    System.exit(response.statusCode() == 200 ? 0 : 1);
                }
            }

            class NoTls extends javax.net.ssl.SSLContextSpi {
                protected void engineInit(javax.net.ssl.KeyManager[] k, javax.net.ssl.TrustManager[] t,
                                          java.security.SecureRandom r) { }
                protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() { throw new IllegalStateException(); }
                protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() { throw new IllegalStateException(); }
                protected javax.net.ssl.SSLEngine engineCreateSSLEngine() { throw new IllegalStateException(); }
                protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String h, int p) { throw new IllegalStateException(); }
                protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() { throw new IllegalStateException(); }
                protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() { throw new IllegalStateException(); }
                protected javax.net.ssl.SSLParameters engineGetDefaultSSLParameters() { return new javax.net.ssl.SSLParameters(); }
                protected javax.net.ssl.SSLParameters engineGetSupportedSSLParameters() { return new javax.net.ssl.SSLParameters(); }
            }
            """;

    /** {@link #ONE_REQUEST} compiled into a jar, its class archive recorded; the command that runs it. */
    private String oneRequest(String java, Map<String, String> env) throws IOException {
        Path dir = work.resolve("one-request");
        Catalogue.deleteTree(dir);
        Files.createDirectories(dir.resolve("classes"));
        Path src = dir.resolve("OneRequest.java");
        Files.writeString(src, ONE_REQUEST);
        if (javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                dir.resolve("classes").toString(), src.toString()) != 0) {
            throw new IllegalStateException("cannot compile " + src);
        }
        // A jar, not a directory: the JVM archives no classes from a directory on the class path.
        Path jar = dir.resolve("one-request.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             var classes = Files.list(dir.resolve("classes"))) {
            for (Path c : (Iterable<Path>) classes::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(c.getFileName().toString()));
                Files.copy(c, out);
                out.closeEntry();
            }
        }
        // The kind of archive bin/amc wrote for amc on this JVM (its first run, just before).
        boolean aot = Files.isRegularFile(root.resolve("amc-cli/target/amc.aot"));
        List<String> base = new ArrayList<>(List.of(java));
        base.addAll(List.of(AMC_JVM_OPTIONS.split(" ")));
        Path archive = dir.resolve(aot ? "one-request.aot" : "one-request.jsa");
        if (aot) {
            Path conf = dir.resolve("one-request.aotconf");
            List<String> record = new ArrayList<>(base);
            record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf, "-cp", jar.toString(),
                    "OneRequest"));
            Proc.run(record, dir.resolve("record.log"), env);
            List<String> create = new ArrayList<>(base);
            create.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + archive,
                    "-cp", jar.toString()));
            Proc.run(create, dir.resolve("create.log"), env);
        } else {
            List<String> record = new ArrayList<>(base);
            record.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", jar.toString(), "OneRequest"));
            Proc.run(record, dir.resolve("record.log"), env);
        }
        return asBinAmc(java, archive, aot, false) + " -cp " + jar + " OneRequest";
    }

    /**
     * A java command with amc's JVM options and the archive options bin/amc gives amc: mapped
     * without relocation, no profiles replayed. required: fail rather than run without the archive.
     */
    private static String asBinAmc(String java, Path archive, boolean aot, boolean required) {
        return java + " " + AMC_JVM_OPTIONS + " -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 "
                + (aot ? (required ? "-XX:AOTMode=on " : "") + "-XX:AOTCache=" + archive + " -XX:-AOTReplayTraining"
                        : (required ? "-Xshare:on " : "") + "-XX:SharedArchiveFile=" + archive)
                + " -Xlog:disable";
    }

    /**
     * amc's JVM created as bin/amc creates it (its options, class path and the archive its first run
     * wrote), running {@code -version}: the JVM's own work on amc's classes (mapping the archive,
     * loading and linking what it holds) before any code of amc runs. The archive is required
     * ({@code -XX:AOTMode=on}, {@code -Xshare:on}): one the JVM could not map would make this row
     * the hello-world's.
     */
    private String amcClasses(String java) {
        Path target = root.resolve("amc-cli/target");
        boolean aot = Files.isRegularFile(target.resolve("amc.aot"));
        // bin/amc's class path, as it names the jar.
        return asBinAmc(java, target.resolve(aot ? "amc.aot" : "amc.jsa"), aot, true) + " -Xss512k -cp "
                + target.resolve("amc-cli-0.1.0-SNAPSHOT.jar") + ":" + target.resolve("lib") + "/* -version";
    }

    /** A hello-world class, compiled here. */
    private Path hello() throws IOException {
        Path dir = work.resolve("hello");
        Files.createDirectories(dir);
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, "public class Hello { public static void main(String[] a) {"
                + " System.out.println(\"hello\"); } }\n");
        int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                src.toString());
        if (status != 0) {
            throw new IllegalStateException("cannot compile " + src);
        }
        return dir;
    }

    // ---- 5. amc image list ----

    private void cli() throws IOException {
        Path hello = hello();
        Catalogue c = catalogue(Catalogue.H2, "cli").migrate().seed(1, 3, 2);
        try (Server server = startServer(c, dataDirOf(c, "cli"))) {
            Map<String, String> env = toolEnv();
            env.put("AMC_URL", server.url());
            env.put("AMC_TOKEN", Server.TOKEN);
            Path home = work.resolve("home");
            Files.createDirectories(home);
            env.put("HOME", home.toString());
            String amc = root.resolve("bin/amc").toString();
            // A warm server answers what amc asks: the same request for a while first, so that its
            // JIT's first compilations of that path (some 4 ms an answer, against 0.6 ms after
            // 20 s) are not counted in amc's figure.
            log("cli: warming the server up on amc's request");
            wrk.gets(server.url(), Server.TOKEN, "/1.0/images?recursion=1", 1, smoke ? 1 : 20);
            log("cli: building amc if needed and writing its class archive");
            Proc.run(List.of(amc, "image", "list"), work.resolve("amc-first.log"), env);
            // The hello-world runs on the JVM bin/amc chose (Java 25 where one is installed, not
            // necessarily the java on the PATH that runs this suite), which AMC_DEBUG names.
            Map<String, String> debug = new HashMap<>(env);
            debug.put("AMC_DEBUG", "1");
            String said = Proc.run(List.of(amc, "image", "list"), work.resolve("amc-jvm.log"), debug);
            Matcher jvm = Pattern.compile("(?m)^amc: java (\\S+) \\((.+)\\)$")
                    .matcher(said);
            if (!jvm.find()) {
                throw new IllegalStateException("bin/amc did not name its JVM; see " + work.resolve("amc-jvm.log"));
            }
            String java = jvm.group(2) + "/bin/java";
            String oneRequest = oneRequest(java, env);
            log("cli: amc image list beside a hello-world JVM, the JVM with amc's classes and the JDK HTTP client's"
                    + " one request on amc's JVM, java " + jvm.group(1) + " (hyperfine)");
            List<Hyperfine.Result> r = Hyperfine.run(work, "cli", smoke ? 1 : 5, plan.cliRuns(), false, null, env,
                    amc + " image list", java + " " + AMC_JVM_OPTIONS + " -cp " + hello + " Hello", oneRequest,
                    amcClasses(java));
            Hyperfine.Result a = r.get(0);
            results.cli = new Results.CliRow(a.runs(), a.median(), a.mean(), a.stddev(), a.min(), r.get(1).median(),
                    r.get(1).min(), r.get(2).median(), r.get(2).min(), r.get(3).median(), r.get(3).min(),
                    jvm.group(1) + " (" + jvm.group(2) + ")");
            log(String.format("cli: amc image list median %.0f ms (hello-world JVM %.0f ms, the JVM with amc's classes"
                    + " %.0f ms, one JDK HTTP client request %.0f ms, java %s)", a.median(), r.get(1).median(),
                    r.get(3).median(), r.get(2).median(), jvm.group(1)));
        }
    }

    // ---- helpers ----

    private Catalogue catalogue(String db, String name) {
        if (db.equals(Catalogue.H2)) {
            return Catalogue.h2(work.resolve("h2-" + name));
        }
        Catalogue.deleteTree(work.resolve("pg-" + name + "-data"));
        return Catalogue.postgres(pgAdminUrl, pgPrefix() + name);
    }

    /**
     * The suite's databases are named after the one --pg-url names when that is an ams_bench_*
     * database ({@code ams_bench_x} → {@code ams_bench_x_server}…), so that two runs on one cluster
     * need not collide; else {@code ams_bench_server}….
     */
    private String pgPrefix() {
        String given = PgBench.database(pgAdminUrl);
        return given.startsWith("ams_bench_") ? given + "_" : "ams_bench_";
    }

    private Path dataDirOf(Catalogue c, String name) {
        return c.dataDir() != null ? c.dataDir() : work.resolve("pg-" + name + "-data");
    }

    private Server startServer(Catalogue c, Path dataDir) {
        Path log = work.resolve("server-" + (++serverLogs) + ".log");
        return Server.start(root, c, dataDir, log);
    }

    /** The caller's environment without AMS_* settings, for the tools. */
    private static Map<String, String> toolEnv() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("AMS_") || k.startsWith("AMC_"));
        return env;
    }

    private void machine() {
        Map<String, String> m = results.machine;
        m.put("date", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC");
        m.put("mode", smoke ? "smoke (tiny sizes, short runs: the figures mean nothing)" : "full");
        m.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        m.put("memory", memory());
        m.put("server JVM", Server.serverJvm(root) + " (bin/ams's choice, with its class archive or AOT cache)");
        m.put("os", firstLine("/etc/debian_version", "Debian ") + ", kernel " + Proc.firstLine(List.of("uname", "-r")));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("h2", org.h2.engine.Constants.FULL_VERSION);
        if (dbs.contains(Catalogue.POSTGRESQL)) {
            try (Connection c = java.sql.DriverManager.getConnection(pgAdminUrl); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                m.put("postgresql", rs.getString(1) + " (same machine, over TCP on 127.0.0.1, Debian's defaults)");
            } catch (java.sql.SQLException e) {
                m.put("postgresql", "unknown: " + e.getMessage());
            }
        }
        m.put("wrk", String.valueOf(Proc.firstLine(List.of("wrk", "--version"))).replaceAll(" Copyright.*", ""));
        m.put("hyperfine", String.valueOf(Proc.firstLine(List.of("hyperfine", "--version"))));
        m.put("pgbench", String.valueOf(Proc.firstLine(List.of("pgbench", "--version"))));
        String commit = Proc.firstLine(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"));
        String dirty = Proc.firstLine(List.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no"));
        m.put("commit", commit + (dirty != null && !dirty.isBlank() ? " (with uncommitted changes)" : ""));
        m.put("load at start", loadAverage());
    }

    /**
     * Waits, at most a minute, until a whole second passes with the CPUs at least 90 % idle
     * (/proc/stat; I/O wait and time stolen by the hypervisor count as busy); says how idle the
     * last second was and how long the wait took.
     */
    private String quiet() throws InterruptedException {
        long start = System.nanoTime();
        double idle = 0;
        while (System.nanoTime() - start < 60_000_000_000L) {
            long[] before = cpuTimes();
            Thread.sleep(1000);
            long[] after = cpuTimes();
            if (before == null || after == null) {
                return "unknown (no /proc/stat)";
            }
            long total = 0;
            for (int i = 0; i < after.length; i++) {
                total += after[i] - before[i];
            }
            idle = total == 0 ? 0 : 100.0 * (after[3] - before[3]) / total;
            if (idle >= 90) {
                break;
            }
        }
        String said = String.format("%.0f %% (after %.0f s)", idle, (System.nanoTime() - start) / 1e9);
        log("CPU idle for a second: " + said);
        return said;
    }

    /** The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal (clock ticks). */
    private static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] t = new long[Math.min(8, f.length - 1)];
            for (int i = 0; i < t.length; i++) {
                t[i] = Long.parseLong(f[i + 1]);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f GiB", kib / 1048576.0);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String firstLine(String file, String prefix) {
        try {
            return prefix + Files.readAllLines(Path.of(file)).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    static void log(String line) {
        System.err.println("bench: " + line);
    }
}
