package io.amsfleet.server.torture;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.server.config.AmsSettings;
import io.amsfleet.server.config.DataDirectory;
import io.amsfleet.server.content.BlobStore;
import io.amsfleet.server.content.BlobStoreFactory;
import io.amsfleet.server.support.Api;
import io.amsfleet.server.support.S3TestServer;
import io.amsfleet.server.support.ServerProcess;
import io.amsfleet.server.support.TestTarballs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The torture test of issue 8: several server processes on one PostgreSQL database and one S3
 * bucket, a random workload from concurrent clients, and SIGKILLs of random processes at random
 * moments. Afterwards it checks the catalogue, the content store and its own log of acknowledged
 * answers against the invariants, and prints each violation with the requests that led to it.
 *
 * <p>An answer is acknowledged when it is a 2xx; a request whose connection broke (its process was
 * killed) has an unknown outcome, and the checks allow for both outcomes. A 5xx is a violation.
 *
 * <p>Run by {@code bin/torture} (long runs) and by {@link TortureTest} (a short run in the suite).
 */
public final class Torture {
    private static final String TOKEN = "torture-admin-token";

    /** What a run does. */
    public record Options(int ops, int processes, int clients, long seed, Duration killEvery, String dbUrl,
                          Path workDir, PrintStream out) {
    }

    /** What a run found. */
    public record Report(int ops, int acknowledged, int unknown, int refused, int kills, List<String> violations,
                         Duration took) {
    }

    private final Options options;
    private final Random seeds;
    private final List<Node> nodes = new ArrayList<>();
    private final ConcurrentLinkedQueue<Entry> log = new ConcurrentLinkedQueue<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();

    // What the clients know and what the answers acknowledged.
    private final Map<String, String> imageIds = new ConcurrentHashMap<>();          // name -> id
    private final Map<String, Set<Integer>> versions = new ConcurrentHashMap<>();    // id -> versions
    private final Map<String, String> uploadedFingerprints = new ConcurrentHashMap<>(); // id/version -> sha256
    private final Set<String> deleteAttempts = ConcurrentHashMap.newKeySet();        // id or id/version, not refused
    private final Set<String> forceDeleteAttempts = ConcurrentHashMap.newKeySet();   // id or id/version, with force
    private final Set<String> deletesAcknowledged = ConcurrentHashMap.newKeySet();   // id or id/version
    private final Set<String> appsCreated = ConcurrentHashMap.newKeySet();
    private final Set<String> appDeleteAttempts = ConcurrentHashMap.newKeySet();
    private final Set<String> appsDeleted = ConcurrentHashMap.newKeySet();
    private final Set<String> tokensCreated = ConcurrentHashMap.newKeySet();
    private final Set<String> tokenRevokeAttempts = ConcurrentHashMap.newKeySet();
    private final Set<String> tokensRevoked = ConcurrentHashMap.newKeySet();
    private final Set<String> operationsAcknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> checked = new LinkedHashMap<>();
    private volatile boolean running = true;
    private String contentUrl;

    public Torture(Options options) {
        this.options = options;
        this.seeds = new Random(options.seed());
    }

    /** One request and its outcome, for the history printed with a violation. */
    record Entry(long seq, int client, String node, String action, String target, String outcome) {
        @Override
        public String toString() {
            return String.format("#%d client %d via %s: %s %s -> %s", seq, client, node, action, target, outcome);
        }
    }

    /** A server process and the client for its current incarnation (null while it is down). */
    private static final class Node {
        final ServerProcess process;
        volatile Api api;

        Node(ServerProcess process) {
            this.process = process;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String db = a.getOrDefault("db", System.getenv("AMS_TEST_DB_URL"));
        if (db == null || db.isBlank()) {
            System.err.println("torture: needs PostgreSQL: --db jdbc:postgresql://… or AMS_TEST_DB_URL");
            System.exit(2);
        }
        Options o = new Options(Integer.parseInt(a.getOrDefault("ops", "5000")),
                Integer.parseInt(a.getOrDefault("processes", "3")), Integer.parseInt(a.getOrDefault("clients", "6")),
                Long.parseLong(a.getOrDefault("seed", String.valueOf(System.nanoTime()))),
                Duration.ofMillis(Long.parseLong(a.getOrDefault("kill-every-ms", "4000"))), db,
                Files.createTempDirectory("ams-torture-"), System.out);
        Report r = new Torture(o).run();
        System.exit(r.violations().isEmpty() ? 0 : 1);
    }

    public Report run() throws Exception {
        long t0 = System.nanoTime();
        PrintStream out = options.out();
        out.printf("torture: %d ops, %d processes, %d clients, a kill every ~%d ms, seed %d%n", options.ops(),
                options.processes(), options.clients(), options.killEvery().toMillis(), options.seed());
        resetDatabase();
        S3TestServer s3 = S3TestServer.get();
        contentUrl = s3.newContentUrl();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AMS_DB_URL", options.dbUrl());
        env.put("AMS_CONTENT_URL", contentUrl);
        env.put("AMS_CONTENT_ACCESS_KEY", S3TestServer.ACCESS_KEY);
        env.put("AMS_CONTENT_SECRET_KEY", S3TestServer.SECRET_KEY);
        // Fast background work, so that takeovers and sweeps happen within a short run.
        env.put("AMS_CLUSTER_POLL_INTERVAL", "1s");
        env.put("AMS_CLUSTER_LEASE", "5s");
        env.put("AMS_CONTENT_SWEEP_INTERVAL", "3s");
        env.put("AMS_CONTENT_ORPHAN_GRACE", "5s");
        for (int i = 0; i < options.processes(); i++) {
            Node n = new Node(new ServerProcess("ams-" + (i + 1), options.workDir().resolve("ams-" + (i + 1)), TOKEN, env));
            n.api = n.process.start();
            nodes.add(n);
        }
        ExecutorService clients = Executors.newFixedThreadPool(options.clients() + 1);
        try {
            Future<?> killer = clients.submit(this::killAtRandom);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < options.clients(); c++) {
                int client = c;
                long clientSeed = seeds.nextLong();
                work.add(clients.submit(() -> drive(client, new Random(clientSeed))));
            }
            for (Future<?> f : work) {
                f.get();
            }
            running = false;
            killer.get();
            for (Node n : nodes) {
                if (n.api == null || !n.process.isAlive()) {
                    n.api = n.process.start();
                }
            }
            waitForSweepAfter(System.currentTimeMillis() + 6_000);
            check();
        } finally {
            running = false;
            clients.shutdownNow();
            for (Node n : nodes) {
                n.process.kill();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Report report = new Report(started.get(), acknowledged.get(), unknown.get(), refused.get(), kills.get(),
                List.copyOf(violations), took);
        out.printf("torture: %d requests (%d acknowledged, %d refused, %d unknown: connection lost to a killed process),"
                        + " %d kills, %s, %d violation(s)%n", report.ops(), report.acknowledged(), report.refused(),
                report.unknown(), report.kills(), took.withNanos(0), report.violations().size());
        out.println("torture: checked " + checked);
        for (String v : violations) {
            out.println("VIOLATION: " + v);
        }
        return report;
    }

    private void resetDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(options.dbUrl()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
    }

    // ---------------------------------------------------------------- the workload

    private void killAtRandom() {
        Random random = new Random(options.seed() ^ 0x5eed);
        long every = options.killEvery().toMillis();
        try {
            while (running) {
                Thread.sleep(every / 2 + (long) (random.nextDouble() * every));
                if (!running) {
                    return;
                }
                Node victim = nodes.get(random.nextInt(nodes.size()));
                victim.api = null;
                victim.process.kill();
                kills.incrementAndGet();
                Thread.sleep(200 + random.nextInt(1000));
                victim.api = victim.process.start();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            synchronized (violations) {
                violations.add("a killed process did not start again: " + e.getMessage());
            }
        }
    }

    private void drive(int client, Random random) {
        long t0 = System.nanoTime();
        while (started.get() < options.ops()) {
            int n = started.incrementAndGet();
            if (n % 10_000 == 0) {
                options.out().printf("torture: %d requests after %d s, %d kills%n", n,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), kills.get());
            }
            int pick = random.nextInt(100);
            try {
                if (imageIds.size() < 3 || pick < 12) {
                    uploadImage(client, random);
                } else if (pick < 32) {
                    uploadVersion(client, random);
                } else if (pick < 42) {
                    createApp(client, random);
                } else if (pick < 48) {
                    deleteApp(client, random);
                } else if (pick < 66) {
                    deleteVersion(client, random);
                } else if (pick < 72) {
                    deleteImage(client, random);
                } else if (pick < 78) {
                    dryRun(client, random);
                } else if (pick < 84) {
                    batchDelete(client, random);
                } else if (pick < 90) {
                    switchDefault(client, random);
                } else if (pick < 95) {
                    createToken(client);
                } else {
                    revokeToken(client, random);
                }
            } catch (RuntimeException e) {
                synchronized (violations) {
                    violations.add("client " + client + " failed: " + e);
                }
            }
        }
    }

    /** The outcome of one request: a reply, or null when the connection broke. */
    private record Sent(String node, Api.Reply reply) {
        boolean lost() {
            return reply == null;
        }

        boolean ok() {
            return reply != null && reply.status() / 100 == 2;
        }
    }

    private interface Call {
        Api.Reply on(Api api);
    }

    private Sent send(int client, Random random, String action, String target, Call call) {
        Node node = null;
        for (int tries = 0; tries < 50; tries++) {
            Node n = nodes.get(random.nextInt(nodes.size()));
            if (n.api != null) {
                node = n;
                break;
            }
            sleep(20);
        }
        if (node == null) {
            node = nodes.get(0);
        }
        Api api = node.api;
        String outcome;
        Api.Reply reply = null;
        if (api == null) {
            outcome = "no process up";
        } else {
            try {
                reply = call.on(api);
                outcome = reply.status() + (reply.reason() == null ? "" : " " + reply.reason());
            } catch (RuntimeException broken) {
                outcome = "connection lost (" + broken.getClass().getSimpleName() + ")";
            }
        }
        log.add(new Entry(seq.incrementAndGet(), client, node.process.name(), action, target, outcome));
        if (reply == null) {
            unknown.incrementAndGet();
        } else if (reply.status() >= 500) {
            synchronized (violations) {
                violations.add(action + " " + target + " answered " + reply + history(target));
            }
        } else if (reply.status() / 100 == 2) {
            acknowledged.incrementAndGet();
            if (reply.metadata() != null && reply.metadata().has("id") && reply.json().path("type").asText().equals("async")) {
                operationsAcknowledged.add(reply.metadata().path("id").asText());
            }
        } else {
            refused.incrementAndGet();
        }
        return new Sent(node.process.name(), reply);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String randomImage(Random random) {
        List<String> ids = new ArrayList<>(imageIds.values());
        return ids.isEmpty() ? "none" : ids.get(random.nextInt(ids.size()));
    }

    private Integer randomVersion(String id, Random random) {
        List<Integer> known = new ArrayList<>(versions.getOrDefault(id, Set.of()));
        return known.isEmpty() ? 0 : known.get(random.nextInt(known.size()));
    }

    private void uploadImage(int client, Random random) {
        String name = "t" + seq.incrementAndGet();
        byte[] tarball = TestTarballs.image();
        Sent s = send(client, random, "upload", name, api -> api.upload("POST", "/1.0/images/", tarball,
                "X-AMS-Request", "{\"name\":\"" + name + "\"}"));
        if (s.ok()) {
            String id = s.reply().metadata().path("metadata").path("image_id").asText();
            imageIds.put(name, id);
            versions.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(0);
            uploadedFingerprints.put(id + "/0", TestTarballs.sha256(tarball));
        }
    }

    private void uploadVersion(int client, Random random) {
        String id = randomImage(random);
        byte[] tarball = TestTarballs.image();
        Sent s = send(client, random, "update", id, api -> api.upload("PATCH", "/1.0/images/" + id, tarball));
        if (s.ok()) {
            int v = s.reply().metadata().path("metadata").path("version").asInt();
            versions.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(v);
            uploadedFingerprints.put(id + "/" + v, TestTarballs.sha256(tarball));
        }
    }

    private void createApp(int client, Random random) {
        String id = randomImage(random);
        String name = "app" + seq.incrementAndGet();
        String body = "{\"name\":\"" + name + "\",\"image\":\"" + id + "\""
                + (random.nextBoolean() ? ",\"image_version\":" + randomVersion(id, random) : "") + "}";
        Sent s = send(client, random, "create application", name + " on " + id,
                api -> api.postJson("/1.0/applications", body));
        if (s.ok()) {
            appsCreated.add(name);
        }
    }

    private void deleteApp(int client, Random random) {
        List<String> apps = new ArrayList<>(appsCreated);
        if (apps.isEmpty()) {
            return;
        }
        String name = apps.get(random.nextInt(apps.size()));
        appDeleteAttempts.add(name);
        Sent s = send(client, random, "delete application", name, api -> api.delete("/1.0/applications/" + name));
        if (s.ok()) {
            appsDeleted.add(name);
        }
    }

    private void deleteVersion(int client, Random random) {
        String id = randomImage(random);
        int v = randomVersion(id, random);
        boolean force = random.nextInt(10) < 3;
        String key = id + "/" + v;
        Sent s = send(client, random, "delete version" + (force ? " (force)" : ""), key,
                api -> api.delete("/1.0/images/" + id + "/" + v, "{\"force\":" + force + "}"));
        noteDelete(s, key, force);
        if (s.ok()) {
            versions.getOrDefault(id, Set.of()).remove(v);
        }
    }

    private void deleteImage(int client, Random random) {
        String id = randomImage(random);
        boolean force = random.nextInt(10) < 3;
        Sent s = send(client, random, "delete image" + (force ? " (force)" : ""), id,
                api -> api.delete("/1.0/images/" + id, "{\"force\":" + force + "}"));
        noteDelete(s, id, force);
        if (s.ok()) {
            imageIds.values().remove(id);
        }
    }

    /** A delete that was not refused may have happened (lost answer) or did (acknowledged). */
    private void noteDelete(Sent s, String key, boolean force) {
        if (s.lost() || s.ok()) {
            deleteAttempts.add(key);
            if (force) {
                forceDeleteAttempts.add(key);
            }
        }
        if (s.ok()) {
            deletesAcknowledged.add(key);
        }
    }

    private void dryRun(int client, Random random) {
        String id = randomImage(random);
        int v = randomVersion(id, random);
        Sent s = send(client, random, "dry-run delete", id + "/" + v,
                api -> api.delete("/1.0/images/" + id + "/" + v + "?dry_run=true", "{\"force\":true}"));
        if (s.ok() && !s.reply().json().path("type").asText().equals("sync")) {
            synchronized (violations) {
                violations.add("a dry run answered like a real delete: " + s.reply());
            }
        }
    }

    private void batchDelete(int client, Random random) {
        boolean force = random.nextInt(10) < 3;
        StringBuilder items = new StringBuilder();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(2); i++) {
            String id = randomImage(random);
            int v = randomVersion(id, random);
            keys.add(id + "/" + v);
            items.append(i == 0 ? "" : ",").append("{\"image\":\"").append(id).append("\",\"version\":").append(v).append('}');
        }
        String body = "{\"force\":" + force + ",\"images\":[" + items + "]}";
        Sent s = send(client, random, "batch delete" + (force ? " (force)" : ""), String.join(" ", keys),
                api -> api.delete("/1.0/images", body));
        if (s.lost()) {
            keys.forEach(k -> noteDelete(s, k, force));
        } else if (s.ok()) {
            for (JsonNode d : s.reply().metadata().path("deleted")) {
                String key = d.path("id").asText() + "/" + d.path("version").asText();
                deleteAttempts.add(key);
                deletesAcknowledged.add(key);
                if (force) {
                    forceDeleteAttempts.add(key);
                }
                if (d.hasNonNull("operation")) {
                    operationsAcknowledged.add(d.path("operation").asText().replaceAll(".*/", ""));
                }
            }
        }
    }

    private void switchDefault(int client, Random random) {
        String id = randomImage(random);
        send(client, random, "make default", id, api -> api.patchJson("/1.0/images/" + id, "{\"default\":true}"));
    }

    private void createToken(int client) {
        String name = "tok" + seq.incrementAndGet();
        Random random = new Random(name.hashCode());
        Sent s = send(client, random, "create token", name,
                api -> api.postJson("/1.0/tokens", "{\"name\":\"" + name + "\",\"role\":\"viewer\"}"));
        if (s.ok()) {
            tokensCreated.add(name);
        }
    }

    private void revokeToken(int client, Random random) {
        List<String> names = new ArrayList<>(tokensCreated);
        if (names.isEmpty()) {
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        tokenRevokeAttempts.add(name);
        Sent s = send(client, random, "revoke token", name, api -> api.delete("/1.0/tokens/" + name));
        if (s.ok()) {
            tokensRevoked.add(name);
        }
    }

    // ---------------------------------------------------------------- the checks

    /** Waits until a content sweep that started after {@code after} has finished. */
    private void waitForSweepAfter(long after) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = DriverManager.getConnection(options.dbUrl()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_started_at, last_finished_at, lease_until FROM cluster_jobs"
                         + " WHERE name = 'content-sweep'")) {
                if (rs.next() && rs.getLong(1) > after && rs.getLong(2) >= rs.getLong(1) && rs.getLong(3) == 0) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        violations.add("no content sweep completed within two minutes after the workload");
    }

    private void violation(String what, String... targets) {
        StringBuilder sb = new StringBuilder(what);
        for (String t : targets) {
            sb.append(history(t));
        }
        violations.add(sb.toString());
    }

    private String history(String target) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : log) {
            if (e.target().contains(target)) {
                sb.append("\n    ").append(e);
            }
        }
        return sb.toString();
    }

    private void check() throws Exception {
        try (Connection c = DriverManager.getConnection(options.dbUrl())) {
            for (String id : strings(c, "SELECT id FROM images i WHERE NOT EXISTS"
                    + " (SELECT 1 FROM image_versions v WHERE v.image_pk = i.pk)")) {
                violation("image " + id + " has no version", id);
            }
            for (String type : strings(c, "SELECT type FROM images WHERE default_type IS NOT NULL"
                    + " GROUP BY type HAVING COUNT(*) > 1")) {
                violation("more than one default image of type " + type);
            }
            // A released pin: the application's version lost its image version. Only a forced
            // delete of that version or of its image may do that.
            checked.put("released pins", (int) count(c, "SELECT COUNT(*) FROM application_versions WHERE image_pk IS NULL"));
            for (String pin : strings(c, "SELECT a.name || ' ' || av.parent_image_id || '/' || av.parent_image_version"
                    + " FROM application_versions av JOIN applications a ON a.pk = av.app_pk WHERE av.image_pk IS NULL")) {
                String[] parts = pin.split(" ");
                String key = parts[1];
                String image = key.substring(0, key.indexOf('/'));
                if (!forceDeleteAttempts.contains(key) && !forceDeleteAttempts.contains(image)) {
                    violation("application " + parts[0] + " lost its pinned version " + key + " without a forced delete",
                            image, parts[0]);
                }
            }
            Set<String> present = new HashSet<>(strings(c, "SELECT i.id || '/' || v.version FROM image_versions v"
                    + " JOIN images i ON i.pk = v.image_pk"));
            Set<String> images = new HashSet<>(strings(c, "SELECT id FROM images"));
            checked.put("acknowledged deletes", deletesAcknowledged.size());
            for (String key : deletesAcknowledged) {
                if (key.contains("/") ? present.contains(key) : images.contains(key)) {
                    violation("acknowledged delete of " + key + " did not happen", key);
                }
            }
            int uploads = 0;
            for (Map.Entry<String, String> up : uploadedFingerprints.entrySet()) {
                String key = up.getKey();
                String image = key.substring(0, key.indexOf('/'));
                if (deleteAttempts.contains(key) || deleteAttempts.contains(image)) {
                    continue;
                }
                uploads++;
                if (!present.contains(key)) {
                    violation("acknowledged upload " + key + " is gone", key);
                }
            }
            Set<String> fingerprints = new HashSet<>(strings(c, "SELECT i.id || '/' || v.version || ' ' || v.fingerprint"
                    + " FROM image_versions v JOIN images i ON i.pk = v.image_pk"));
            for (Map.Entry<String, String> up : uploadedFingerprints.entrySet()) {
                if (present.contains(up.getKey()) && !fingerprints.contains(up.getKey() + " " + up.getValue())) {
                    violation("version " + up.getKey() + " does not hold the content uploaded for it", up.getKey());
                }
            }
            checked.put("acknowledged uploads never deleted", uploads);
            checkContent(c);
            checked.put("acknowledged operations", operationsAcknowledged.size());
            checked.put("acknowledged tokens", tokensCreated.size());
            checked.put("acknowledged applications", appsCreated.size());
            Set<String> audited = new HashSet<>(strings(c, "SELECT operation_id FROM audit_events WHERE operation_id IS NOT NULL"));
            for (String op : operationsAcknowledged) {
                if (!audited.contains(op)) {
                    violation("acknowledged operation " + op + " has no audit record");
                }
            }
            Set<String> tokens = new HashSet<>(strings(c, "SELECT name FROM tokens"));
            Set<String> tokenAudits = new HashSet<>(strings(c, "SELECT action || ' ' || target FROM audit_events"
                    + " WHERE action LIKE 'token.%' AND status = 200"));
            for (String t : tokensCreated) {
                if (!tokenRevokeAttempts.contains(t) && !tokens.contains(t)) {
                    violation("acknowledged token " + t + " is gone", t);
                }
                if (!tokenAudits.contains("token.create " + t)) {
                    violation("acknowledged token creation " + t + " has no audit record", t);
                }
            }
            for (String t : tokensRevoked) {
                if (tokens.contains(t)) {
                    violation("acknowledged revocation of token " + t + " did not happen", t);
                }
            }
            Set<String> apps = new HashSet<>(strings(c, "SELECT name FROM applications"));
            for (String a : appsCreated) {
                if (!appDeleteAttempts.contains(a) && !apps.contains(a)) {
                    violation("acknowledged application " + a + " is gone", a);
                }
            }
            for (String a : appsDeleted) {
                if (apps.contains(a)) {
                    violation("acknowledged deletion of application " + a + " did not happen", a);
                }
            }
        }
    }

    /** Every referenced blob is there with the right bytes; nothing unreferenced is left. */
    private void checkContent(Connection c) throws Exception {
        DataDirectory checkerDir = new DataDirectory(new AmsSettings(options.workDir().resolve("checker")));
        BlobStore blobs = new BlobStoreFactory().blobStore(checkerDir, contentUrl, S3TestServer.ACCESS_KEY,
                S3TestServer.SECRET_KEY);
        Set<String> referenced = new HashSet<>(strings(c, "SELECT content_sha256 FROM image_versions WHERE content_sha256 IS NOT NULL"
                + " UNION SELECT content_sha256 FROM application_versions WHERE content_sha256 IS NOT NULL"
                + " UNION SELECT content_sha256 FROM trash_versions WHERE content_sha256 IS NOT NULL"));
        checked.put("referenced blobs read back", referenced.size());
        Map<String, List<String>> holders = new ConcurrentHashMap<>();
        for (String row : strings(c, "SELECT v.content_sha256 || ' ' || i.id || '/' || v.version FROM image_versions v"
                + " JOIN images i ON i.pk = v.image_pk WHERE v.content_sha256 IS NOT NULL")) {
            String[] parts = row.split(" ");
            holders.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
        for (String sha : referenced) {
            if (!blobs.exists(sha)) {
                List<String> versionsOfIt = holders.getOrDefault(sha, List.of());
                violation("content " + sha + " of " + versionsOfIt + " is referenced but missing from the store",
                        versionsOfIt.toArray(String[]::new));
                continue;
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = blobs.open(sha)) {
                digest.update(in.readAllBytes());
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
                violation("content " + sha + " does not match its sha256");
            }
        }
        for (String sha : strings(c, "SELECT sha256 FROM content")) {
            if (!referenced.contains(sha)) {
                violation("content row " + sha + " is left unreferenced after collection");
            }
        }
        Set<String> stored = new HashSet<>();
        blobs.forEach((sha, modified) -> stored.add(sha));
        stored.removeAll(referenced);
        for (String sha : stored) {
            violation("blob " + sha + " is left in the store with nothing referencing it");
        }
    }

    private static long count(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
