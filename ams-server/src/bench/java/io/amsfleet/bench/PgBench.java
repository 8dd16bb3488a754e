package io.amsfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own limit for a delete: pgbench running the transaction a delete must do, on a
 * seeded catalogue of its own, with no server in between. Two shapes (docs/performance.md, section
 * 1): {@link #FULL}, what a delete must do today (lock, counts, the version moved to the recycle
 * bin, the revision, the operation and audit rows, the two events as {@code pg_notify}), each
 * statement as a minimal client would send it; and {@link #MINIMAL}, the performance issue's
 * shape (lock, counts, delete, audit row). Each transaction deletes a version no other
 * transaction touches: version {@code k / images} of image {@code 1 + (k % images) * stride %
 * images} (wrk's order for REST deletes), {@code k} counting up per client above {@code base}.
 */
final class PgBench {
    static final String FULL = "full";
    static final String MINIMAL = "minimal";

    private static final String PICK = """
            \\set n :n + 1
            \\set k :base + :client_id + :clients * :n
            \\set img 1 + ((:k % :images) * :stride) % :images
            \\set ver :k / :images
            """;

    /** The image id as the catalogue spells it ({@link Catalogue#imageId}). */
    private static final String LOCK = "SELECT pk FROM images WHERE id = 'bench' || lpad(:img::text, 15, '0') FOR UPDATE \\gset\n";
    private static final String PINS = "SELECT count(*) FROM application_versions WHERE image_pk = :pk AND image_version = :ver;\n";
    private static final String VERSIONS = "SELECT count(*) FROM image_versions WHERE image_pk = :pk;\n";
    private static final String DELETE = "DELETE FROM image_versions WHERE image_pk = :pk AND version = :ver;\n";
    private static final String AUDIT = "INSERT INTO audit_events (request_id, at, actor, client_address, action, image_id,"
            + " image_name, version, force, dry_run, status, operation_id) VALUES (md5(random()::text)::uuid::text,"
            + " 1764600000000, 'admin', '127.0.0.1', 'image_version_delete', 'bench' || lpad(:img::text, 15, '0'),"
            + " 'bench-' || :img, :ver, false, false, 202, md5(random()::text)::uuid::text);\n";

    static String script(String shape) {
        if (shape.equals(MINIMAL)) {
            return PICK + "BEGIN;\n" + LOCK + PINS + VERSIONS + DELETE + AUDIT + "END;\n";
        }
        // The bin entry and its version row in one statement (a CTE), as a client that knows the
        // version row need not read it first; the operation and lifecycle events (about the size the
        // server sends) in one SELECT of two pg_notify. pgbench takes ":word" anywhere, in literals
        // too, for a variable: every JSON colon has a space after it and the timestamps use dots.
        String bin = "WITH t AS (INSERT INTO trash_items (id, kind, image_pk, image_id, name, type, architecture, variant,"
                + " immutable, status_code, next_version, image_created_at, version, deleted_at, deleted_by, forced,"
                + " purge_at) SELECT substr(md5(random()::text), 1, 20), 'version', pk, id, name, type, architecture,"
                + " variant, immutable, status_code, next_version, created_at, :ver, 1764600000000, 'admin', false,"
                + " 1765204800000 FROM images WHERE pk = :pk RETURNING pk)"
                + " INSERT INTO trash_versions (trash_pk, version, fingerprint, content_sha256, size, created_at,"
                + " status_code, remote_id, error_message, remote_path) SELECT t.pk, v.version, v.fingerprint,"
                + " v.content_sha256, v.size, v.created_at, v.status_code, v.remote_id, v.error_message, v.remote_path"
                + " FROM image_versions v, t WHERE v.image_pk = :pk AND v.version = :ver;\n";
        String touch = "UPDATE images SET revision = revision + 1 WHERE pk = :pk;\n";
        String meta = "{\"image_id\": \"bench' || lpad(:img::text, 15, '0') || '\",\"name\": \"bench-' || :img || '\","
                + "\"type\": \"container\",\"version\": ' || :ver || ',\"force\": false,\"removed_versions\": [' || :ver"
                + " || '],\"kept_by_applications\": [],\"trash_id\": \"c0ffee0123456789abcd\","
                + "\"purge_at\": \"2026-12-08T16.00.00Z\"}";
        String operation = "INSERT INTO operations (id, class, description, status_code, err, resources, metadata,"
                + " created_at, updated_at, may_cancel) VALUES (md5(random()::text)::uuid::text, 'task',"
                + " 'Delete version ' || :ver || ' of image bench-' || :img, 200, '',"
                + " '{\"images\": [\"/1.0/images/bench' || lpad(:img::text, 15, '0') || '\"]}', '" + meta
                + "', 1764600000000, 1764600000000, false);\n";
        String lifecycle = "'p.1 lifecycle {\"type\": \"lifecycle\",\"timestamp\": \"2026-12-01T16.00.00.123Z\","
                + "\"metadata\": {\"action\": \"image-version-deleted\",\"source\": \"/1.0/images/bench' || lpad(:img::text,"
                + " 15, '0') || '\",\"context\": {\"name\": \"bench-' || :img || '\",\"version\": ' || :ver"
                + " || ',\"trash_id\": \"c0ffee0123456789abcd\"}}}'";
        String opEvent = "'p.2 operation {\"type\": \"operation\",\"timestamp\": \"2026-12-01T16.00.00.123Z\","
                + "\"metadata\": {\"id\": \"' || md5(random()::text)::uuid::text || '\",\"class\": \"task\","
                + "\"description\": \"Delete version ' || :ver || ' of image bench-' || :img || '\","
                + "\"created_at\": \"2026-12-01T16.00.00.123Z\",\"updated_at\": \"2026-12-01T16.00.00.123Z\","
                + "\"status\": \"Success\",\"status_code\": 200,\"resources\": {\"images\": [\"/1.0/images/bench'"
                + " || lpad(:img::text, 15, '0') || '\"]},\"metadata\": " + meta + ",\"may_cancel\": false,\"err\": \"\"}}'";
        String notify = "SELECT pg_notify('ams_events', " + lifecycle + "), pg_notify('ams_events', " + opEvent + ");\n";
        return PICK + "BEGIN;\n" + LOCK + PINS + VERSIONS + bin + DELETE + touch + operation + AUDIT + notify + "END;\n";
    }

    /**
     * One run: transactions per second, latency (mean, and p50 and p99 from the per-transaction
     * log), and CPU per transaction (ms) of the backends and of pgbench.
     */
    record Result(String shape, int clients, double perSecond, double latencyMs, double p50Ms, double p99Ms,
                  long transactions, double dbCpuMs, double clientCpuMs) {
    }

    /**
     * Runs {@code shape} for {@code seconds} at {@code clients}, deleting from the versions after
     * {@code base}. The backends' CPU is read from /proc while they run (they end with pgbench),
     * over the window between the first and last sample, divided by the transactions committed in
     * that window (the bin's or the audit's identity sequence, which every transaction advances once).
     */
    static Result run(Catalogue c, String shape, int clients, double seconds, int images, long base, Path work)
            throws IOException, InterruptedException, SQLException {
        return run(c, shape, clients, seconds, 0, images, 1, base, "", work);
    }

    /**
     * As {@link #run(Catalogue, String, int, double, int, long, Path)}, with the images taken in
     * {@code stride} order, and with {@code transactions} &gt; 0 that many transactions per client
     * instead of {@code seconds} (a catalogue with fewer versions to spare than a run would take);
     * {@code tag} tells its logs apart from other runs of the same shape and clients.
     */
    static Result run(Catalogue c, String shape, int clients, double seconds, long transactions, long images,
                      long stride, long base, String tag, Path work) throws IOException, InterruptedException,
            SQLException {
        Path script = work.resolve("pgbench-" + shape + ".sql");
        Files.writeString(script, script(shape));
        String name = "pgbench-" + shape + "-" + clients + tag;
        Path log = work.resolve(name + ".log");
        String prefix = name + "-tx";
        try (var old = Files.list(work)) {
            for (Path f : old.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.delete(f);
            }
        }
        List<String> cmd = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(clients, 2)),
                transactions > 0 ? "-t" : "-T", Long.toString(transactions > 0 ? transactions : Math.max(1, Math.round(seconds))),
                "-D", "n=0", "-D", "base=" + base, "-D", "clients=" + clients, "-D", "images=" + images,
                "-D", "stride=" + stride,
                "-f", script.toString(), "-r", "-l", "--log-prefix=" + work.resolve(prefix)));
        Map<String, String> env = new HashMap<>(System.getenv());
        String url = c.url();
        cmd.addAll(List.of("-h", host(url), "-p", port(url), "-U", param(url, "user"), database(url)));
        env.put("PGPASSWORD", param(url, "password") == null ? "" : param(url, "password"));
        String sequence = shape.equals(MINIMAL) ? "audit_events_id_seq" : "trash_items_pk_seq";
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        long pgbenchPid = p.pid();
        Map<Long, Long> first = new HashMap<>();
        Map<Long, Long> last = new HashMap<>();
        long firstCount = -1;
        long lastCount = -1;
        long firstClient = -1;
        long lastClient = -1;
        try (Connection admin = DriverManager.getConnection(url)) {
            Thread.sleep(500);
            while (p.isAlive()) {
                List<Long> pids = backends(admin, database(url), "pgbench");
                long count = sequenceValue(admin, sequence);
                long client = Cpu.ticks(pgbenchPid);
                Map<Long, Long> now = new HashMap<>();
                for (long pid : pids) {
                    long t = Cpu.ticks(pid);
                    if (t >= 0) {
                        now.put(pid, t);
                    }
                }
                if (!p.isAlive() || now.size() < clients || client < 0) {
                    break;
                }
                if (firstCount < 0) {
                    first.putAll(now);
                    firstCount = count;
                    firstClient = client;
                }
                last.clear();
                last.putAll(now);
                lastCount = count;
                lastClient = client;
                Thread.sleep(200);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed; see " + log + "\n" + Proc.tail(Files.readString(log)));
        }
        String out = Files.readString(log);
        long done = lastCount - firstCount;
        double dbCpu = 0;
        for (var e : last.entrySet()) {
            dbCpu += e.getValue() - first.getOrDefault(e.getKey(), e.getValue());
        }
        double perTxDb = done > 0 ? dbCpu * Cpu.MS_PER_TICK / done : Double.NaN;
        double perTxClient = done > 0 ? (lastClient - firstClient) * Cpu.MS_PER_TICK / done : Double.NaN;
        List<Long> us = latencies(work, prefix);
        return new Result(shape, clients, number(out, "tps = ([0-9.]+)"), number(out, "latency average = ([0-9.]+) ms"),
                percentile(us, 0.50), percentile(us, 0.99),
                count(out, "number of transactions actually processed: ([0-9]+)"), perTxDb, perTxClient);
    }

    /** The per-transaction log's latencies (its third field, in µs), sorted. */
    private static List<Long> latencies(Path work, String prefix) throws IOException {
        List<Long> us = new ArrayList<>();
        try (var logs = Files.list(work)) {
            for (Path f : logs.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] fields = line.split(" ");
                    if (fields.length > 2) {
                        us.add(Long.parseLong(fields[2]));
                    }
                }
            }
        }
        java.util.Collections.sort(us);
        return us;
    }

    /** The {@code q} quantile (nearest rank) of sorted latencies in µs, in ms. */
    private static double percentile(List<Long> us, double q) {
        if (us.isEmpty()) {
            return Double.NaN;
        }
        return us.get(Math.max(0, Math.min(us.size() - 1, (int) Math.ceil(us.size() * q) - 1))) / 1000.0;
    }

    /** The pids of the backends serving {@code database} (optionally only those of one application). */
    static List<Long> backends(Connection admin, String database, String application) throws SQLException {
        List<Long> pids = new ArrayList<>();
        String sql = "SELECT pid FROM pg_stat_activity WHERE datname = '" + database.replace("'", "''") + "'"
                + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + (application == null ? "" : " AND application_name = '" + application + "'");
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
        }
        return pids;
    }

    private static long sequenceValue(Connection admin, String sequence) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT last_value FROM " + sequence)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static long count(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String host(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    static String port(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? "5432" : hostPort.substring(colon + 1);
    }

    static String database(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        String path = rest.substring(rest.indexOf('/') + 1);
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    static String param(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String kv : url.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** CPU time of processes from /proc/{pid}/stat: utime + stime. */
    static final class Cpu {
        /** USER_HZ is 100 on Linux (getconf CLK_TCK). */
        static final double MS_PER_TICK = 10.0;

        private Cpu() {
        }

        /** utime + stime of {@code pid} in clock ticks, or -1 when it is gone. */
        static long ticks(long pid) {
            return read(Path.of("/proc", Long.toString(pid), "stat"));
        }

        /** utime + stime of one thread of {@code pid}, or -1 when it is gone. */
        static long ticks(long pid, String thread) {
            return read(Path.of("/proc", Long.toString(pid), "task", thread, "stat"));
        }

        private static long read(Path file) {
            try {
                String stat = Files.readString(file);
                // The command name (field 2) may hold spaces; fields after its ')' are plain.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        static long sum(List<Long> pids) {
            long total = 0;
            for (long pid : pids) {
                long t = ticks(pid);
                if (t > 0) {
                    total += t;
                }
            }
            return total;
        }
    }

    private PgBench() {
    }
}
