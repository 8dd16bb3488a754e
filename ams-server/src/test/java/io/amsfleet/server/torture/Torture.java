package io.amsfleet.server.torture;

import io.amsfleet.server.support.TestSql;
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
import java.util.HashMap;
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
 * bucket (or one process on its embedded H2 database and local content store), a random workload
 * from concurrent clients, and SIGKILLs of random processes at random moments. The recycle bin is
 * on with a short window (issue 17), so that restores, purges (requested and by the job) and
 * protection changes are part of the mix. Afterwards it checks the catalogue, the content store and its own log of acknowledged
 * answers against the invariants, and prints each violation with the requests that led to it.
 *
 * <p>An answer is acknowledged when it is a 2xx; a request whose connection broke (its process was
 * killed) has an unknown outcome, and the checks allow for both outcomes. A 5xx is a violation.
 *
 * <p>Run by {@code bin/torture} (long runs) and by {@link TortureTest} (a short run in the suite).
 */
public final class Torture {
    private static final String TOKEN = "torture-admin-token";

    /**
     * What a run does. {@code dbUrl} null: one process on its embedded H2 database and local
     * content store. {@code retention}: the recycle bin's window ({@code AMS_TRASH_RETENTION}).
     */
    public record Options(int ops, int processes, int clients, long seed, Duration killEvery, String dbUrl,
                          Duration retention, Path workDir, PrintStream out) {
        boolean h2() {
            return dbUrl == null;
        }
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
    // The recycle bin: entries the clients know of (from deletes' answers and listings), what was
    // attempted on them (registered before the request is sent) and what was acknowledged.
    private final Map<String, Binned> binned = new ConcurrentHashMap<>();                // trash id -> entry
    private final Set<String> binAttempts = ConcurrentHashMap.newKeySet();              // trash ids restored or purged
    private final Set<String> restoreCovered = ConcurrentHashMap.newKeySet();           // id, id/version or id/*
    private final Map<String, AtomicInteger> restoresAcknowledged = new ConcurrentHashMap<>(); // trash id -> count
    private final Map<String, AtomicInteger> purgesAcknowledged = new ConcurrentHashMap<>();   // trash id -> count
    private final List<Restored> restored = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Long> purgeBeforeCutoffs = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> lastDeleteEnd = new ConcurrentHashMap<>();          // id or id/version -> ms
    private final Map<String, Long> deleteAckStart = new ConcurrentHashMap<>();         // id or id/version -> ms, latest
    private final Map<String, long[]> protectAcknowledged = new ConcurrentHashMap<>();  // id -> {start, end}
    private final Map<String, Long> unprotectEnd = new ConcurrentHashMap<>();           // id -> ms, latest attempt
    private final Set<String> withImageAttempts = ConcurrentHashMap.newKeySet();      // image ids
    private final AtomicInteger earlyChecks = new AtomicInteger();
    private final AtomicInteger races = new AtomicInteger();
    private long trashPurgeStarted;
    private final ExecutorService racers = Executors.newCachedThreadPool();
    private final Map<String, Integer> checked = new LinkedHashMap<>();
    private volatile boolean running = true;
    private String contentUrl;

    public Torture(Options options) {
        if (options.h2() && options.processes() != 1) {
            throw new IllegalArgumentException("an embedded H2 database serves one process");
        }
        this.options = options;
        this.seeds = new Random(options.seed());
    }

    /**
     * A recycle bin entry as the clients know it. {@code purgeAtLow} is its {@code purge_at}, or
     * when only the delete's start is known, that plus the window (the server's is no earlier);
     * {@code deletedAtLow} likewise. {@code ackedAt}: when its delete was acknowledged (0 when it
     * was only seen in a listing: then it is not held to the early-purge check of listings).
     */
    record Binned(String id, String imageId, Integer version, List<Integer> versions, long purgeAtLow,
                  long deletedAtLow, long ackedAt) {
        boolean wholeImage() {
            return version == null;
        }

        /** What its restore brings back, as the keys of the acknowledged-delete checks. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            if (wholeImage()) {
                keys.add(imageId);
                versions.forEach(v -> keys.add(imageId + "/" + v));
            } else {
                keys.add(imageId + "/" + version);
            }
            return keys;
        }
    }

    /** An acknowledged restore: when it was sent and the versions it brought back. */
    record Restored(String trashId, long start, String imageId, List<Integer> versions) {
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
            System.err.println("torture: needs PostgreSQL (--db jdbc:postgresql://… or AMS_TEST_DB_URL), or --db h2"
                    + " --processes 1");
            System.exit(2);
        }
        Options o = new Options(Integer.parseInt(a.getOrDefault("ops", "5000")),
                Integer.parseInt(a.getOrDefault("processes", "3")), Integer.parseInt(a.getOrDefault("clients", "6")),
                Long.parseLong(a.getOrDefault("seed", String.valueOf(System.nanoTime()))),
                Duration.ofMillis(Long.parseLong(a.getOrDefault("kill-every-ms", "4000"))),
                db.equals("h2") ? null : db, Duration.ofSeconds(Long.parseLong(a.getOrDefault("retention-s", "20"))),
                Files.createTempDirectory("ams-torture-"), System.out);
        Report r = new Torture(o).run();
        System.exit(r.violations().isEmpty() ? 0 : 1);
    }

    public Report run() throws Exception {
        long t0 = System.nanoTime();
        PrintStream out = options.out();
        out.printf("torture: %d ops, %d processes on %s, %d clients, a kill every ~%d ms, a recycle bin window of %d s,"
                        + " seed %d%n", options.ops(), options.processes(), options.h2() ? "H2" : "PostgreSQL",
                options.clients(), options.killEvery().toMillis(), options.retention().toSeconds(), options.seed());
        Map<String, String> env = new LinkedHashMap<>();
        if (options.h2()) {
            contentUrl = "";
        } else {
            resetDatabase();
            contentUrl = S3TestServer.get().newContentUrl();
            env.put("AMS_DB_URL", options.dbUrl());
            env.put("AMS_CONTENT_URL", contentUrl);
            env.put("AMS_CONTENT_ACCESS_KEY", S3TestServer.ACCESS_KEY);
            env.put("AMS_CONTENT_SECRET_KEY", S3TestServer.SECRET_KEY);
        }
        // A short window, so that entries are restored, purged on request and purged by the job
        // (every 2 s: its interval has no AMS_ setting) within one run; a short protection cooldown.
        env.put("AMS_TRASH_RETENTION", options.retention().toSeconds() + "s");
        env.put("AMS_PROTECTION_COOLDOWN", "1s");
        env.put("JAVA_TOOL_OPTIONS", "-Dams.trash.purge-interval=2s");
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
            long worked = System.nanoTime();
            for (Node n : nodes) {
                if (n.api == null || !n.process.isAlive()) {
                    n.api = n.process.start();
                }
            }
            // Every entry binned by the workload is due by then: after the purge job and a sweep
            // have run past it, nothing changes any more while the checks read.
            waitForJobsAfter(System.currentTimeMillis() + Math.max(6_000, options.retention().toMillis() + 500));
            long waited = System.nanoTime();
            check();
            out.printf("torture: start and workload %d s, waiting for the window, purge and sweep %d s, checks %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(worked - t0), TimeUnit.NANOSECONDS.toSeconds(waited - worked),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waited));
        } finally {
            running = false;
            clients.shutdownNow();
            racers.shutdownNow();
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
        TestSql.resetPostgres(options.dbUrl());
    }

    // ---------------------------------------------------------------- the workload

    private void killAtRandom() {
        Random random = new Random(options.seed() ^ 0x5eed);
        long every = options.killEvery().toMillis();
        try {
            // The first kill early, so that a short run has one: after a random part of the
            // interval, or once a quarter of the requests have started if that comes first (a fast
            // machine finished the 400 requests of the short H2 run before the first kill).
            long first = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(every / 4 + (long) (random.nextDouble() * every / 2));
            while (running && System.nanoTime() - first < 0 && started.get() < options.ops() / 4) {
                Thread.sleep(10);
            }
            while (running) {
                Node victim = nodes.get(random.nextInt(nodes.size()));
                victim.api = null;
                victim.process.kill();
                kills.incrementAndGet();
                Thread.sleep(200 + random.nextInt(1000));
                victim.api = victim.process.start();
                Thread.sleep(every / 2 + (long) (random.nextDouble() * every));
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
            // 0–99: the mix before the recycle bin; 100–121: the bin and protection.
            int pick = random.nextInt(122);
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
                } else if (pick < 100) {
                    revokeToken(client, random);
                } else if (pick < 108) {
                    restore(client, random, randomEntry(random), random.nextInt(10) < 3);
                } else if (pick < 111) {
                    purge(client, random, randomEntry(random));
                } else if (pick < 112) {
                    purgeBefore(client, random);
                } else if (pick < 115) {
                    listBin(client, random);
                } else if (pick < 119) {
                    protect(client, random);
                } else {
                    race(client, random);
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
        // Up to 30 s for a live process, as a client retrying would: with one process, a kill
        // is an outage for its restart, and requests sent into it would only be lost.
        for (int tries = 0; tries < 1500; tries++) {
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
        long start = System.currentTimeMillis();
        Sent s = send(client, random, "delete version" + (force ? " (force)" : ""), key,
                api -> api.delete("/1.0/images/" + id + "/" + v, "{\"force\":" + force + "}"));
        noteDelete(s, key, force, start);
        if (s.ok()) {
            versions.getOrDefault(id, Set.of()).remove(v);
            noteBinned(s.reply().metadata().path("metadata"), id, v, start);
        }
    }

    private void deleteImage(int client, Random random) {
        String id = randomImage(random);
        boolean force = random.nextInt(10) < 3;
        long start = System.currentTimeMillis();
        Sent s = send(client, random, "delete image" + (force ? " (force)" : ""), id,
                api -> api.delete("/1.0/images/" + id, "{\"force\":" + force + "}"));
        noteDelete(s, id, force, start);
        if (s.ok()) {
            imageIds.values().remove(id);
            noteBinned(s.reply().metadata().path("metadata"), id, null, start);
        }
    }

    /** A delete that was not refused may have happened (lost answer) or did (acknowledged). */
    private void noteDelete(Sent s, String key, boolean force, long start) {
        if (s.lost() || s.ok()) {
            deleteAttempts.add(key);
            lastDeleteEnd.merge(key, System.currentTimeMillis(), Math::max);
            if (force) {
                forceDeleteAttempts.add(key);
            }
        }
        if (s.ok()) {
            deletesAcknowledged.add(key);
            deleteAckStart.merge(key, start, Math::max);
        }
    }

    /** The bin entry an acknowledged delete made: its {@code trash_id}, and {@code purge_at} when given. */
    private void noteBinned(JsonNode meta, String imageId, Integer version, long start) {
        String trashId = meta.path("trash_id").asText("");
        if (trashId.isEmpty()) {
            synchronized (violations) {
                violations.add("an acknowledged delete of " + imageId + (version == null ? "" : "/" + version)
                        + " with the bin on names no trash_id: " + meta + history(imageId));
            }
            return;
        }
        List<Integer> removed = new ArrayList<>();
        meta.path("removed_versions").forEach(v -> removed.add(v.asInt()));
        long purgeAt = meta.hasNonNull("purge_at") ? java.time.Instant.parse(meta.path("purge_at").asText()).toEpochMilli()
                : start + options.retention().toMillis();
        binned.put(trashId, new Binned(trashId, imageId, version, removed, purgeAt, start, System.currentTimeMillis()));
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
        long start = System.currentTimeMillis();
        Sent s = send(client, random, "batch delete" + (force ? " (force)" : ""), String.join(" ", keys),
                api -> api.delete("/1.0/images", body));
        if (s.lost()) {
            keys.forEach(k -> noteDelete(s, k, force, start));
        } else if (s.ok()) {
            for (JsonNode d : s.reply().metadata().path("deleted")) {
                String key = d.path("id").asText() + "/" + d.path("version").asText();
                noteDelete(s, key, force, start);
                versions.getOrDefault(d.path("id").asText(), Set.of()).remove(d.path("version").asInt());
                noteBinned(d, d.path("id").asText(), d.path("version").asInt(), start);
                if (d.hasNonNull("operation")) {
                    operationsAcknowledged.add(d.path("operation").asText().replaceAll(".*/", ""));
                }
            }
        }
    }

    private Binned randomEntry(Random random) {
        List<Binned> known = new ArrayList<>(binned.values());
        return known.isEmpty() ? null : known.get(random.nextInt(known.size()));
    }

    /**
     * Restores the entry ({@code withImage}: a version together with its binned image). A name
     * taken since the delete is retried once under a new name.
     */
    private void restore(int client, Random random, Binned entry, boolean withImageAsked) {
        if (entry == null) {
            return;
        }
        boolean withImage = withImageAsked && !entry.wholeImage();
        binAttempts.add(entry.id());
        restoreCovered.addAll(entry.keys());
        if (withImage) {
            // The image's entry comes back too; which versions it holds the clients may not know.
            restoreCovered.add(entry.imageId());
            restoreCovered.add(entry.imageId() + "/*");
            withImageAttempts.add(entry.imageId());
        }
        String body = withImage ? "{\"with_image\":true}" : "{}";
        long start = System.currentTimeMillis();
        Sent s = send(client, random, "restore" + (withImage ? " (with image)" : ""), entry.id() + " " + entry.keys(),
                api -> api.postJson("/1.0/trash/" + entry.id() + "/restore", body));
        if (s.reply() != null && "name_taken".equals(s.reply().reason()) && entry.wholeImage()) {
            String name = "r" + seq.incrementAndGet();
            start = System.currentTimeMillis();
            s = send(client, random, "restore as " + name, entry.id() + " " + entry.keys(),
                    api -> api.postJson("/1.0/trash/" + entry.id() + "/restore", "{\"name\":\"" + name + "\"}"));
        }
        if (s.ok()) {
            JsonNode meta = s.reply().metadata().path("metadata");
            String imageId = meta.path("image_id").asText();
            List<Integer> back = new ArrayList<>();
            meta.path("versions").forEach(v -> back.add(v.asInt()));
            restored.add(new Restored(entry.id(), start, imageId, back));
            restoresAcknowledged.computeIfAbsent(entry.id(), k -> new AtomicInteger()).incrementAndGet();
            binned.remove(entry.id());
            if (meta.hasNonNull("image_trash_id")) {
                String imageEntry = meta.path("image_trash_id").asText();
                restoresAcknowledged.computeIfAbsent(imageEntry, k -> new AtomicInteger()).incrementAndGet();
                binned.remove(imageEntry);
            }
            imageIds.put(meta.path("name").asText(), imageId);
            versions.computeIfAbsent(imageId, k -> ConcurrentHashMap.newKeySet()).addAll(back);
        }
    }

    /** Purges one entry on request. */
    private void purge(int client, Random random, Binned entry) {
        if (entry == null) {
            return;
        }
        binAttempts.add(entry.id());
        Sent s = send(client, random, "purge", entry.id() + " " + entry.keys(),
                api -> api.delete("/1.0/trash/" + entry.id()));
        if (s.ok()) {
            purgesAcknowledged.computeIfAbsent(entry.id(), k -> new AtomicInteger()).incrementAndGet();
            binned.remove(entry.id());
        }
    }

    /** Purges what was deleted more than half a window ago. */
    private void purgeBefore(int client, Random random) {
        long cutoff = System.currentTimeMillis() - options.retention().toMillis() / 2;
        purgeBeforeCutoffs.add(cutoff);
        String before = java.time.Instant.ofEpochMilli(cutoff).toString();
        send(client, random, "purge before", before, api -> api.delete("/1.0/trash?before=" + before));
    }

    /**
     * Lists the bin, learns its entries, and checks that every entry whose delete was acknowledged
     * before the listing was sent is listed, unless its window had passed when the answer came, or
     * a restore or purge of it was sent.
     */
    private void listBin(int client, Random random) {
        long sent = System.currentTimeMillis();
        Sent s = send(client, random, "list bin", "", api -> api.get("/1.0/trash?recursion=1"));
        long answered = System.currentTimeMillis();
        if (!s.ok()) {
            return;
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode e : s.reply().metadata()) {
            String id = e.path("id").asText();
            listed.add(id);
            List<Integer> held = new ArrayList<>();
            e.path("versions").forEach(v -> held.add(v.asInt()));
            Integer version = e.path("kind").asText().equals("version") ? e.path("version").asInt() : null;
            long purgeAt = java.time.Instant.parse(e.path("purge_at").asText()).toEpochMilli();
            long deletedAt = java.time.Instant.parse(e.path("deleted_at").asText()).toEpochMilli();
            binned.compute(id, (k, known) -> new Binned(id, e.path("image_id").asText(), version, held, purgeAt,
                    deletedAt, known == null ? 0 : known.ackedAt()));
        }
        for (Binned b : new ArrayList<>(binned.values())) {
            if (b.ackedAt() == 0 || b.ackedAt() >= sent || listed.contains(b.id()) || answered >= b.purgeAtLow()
                    || mayHaveLeftOnRequest(b)) {
                continue;
            }
            earlyChecks.incrementAndGet();
            synchronized (violations) {
                violations.add("recycle bin entry " + b.id() + " " + b.keys() + " left the bin before its window ("
                        + java.time.Instant.ofEpochMilli(b.purgeAtLow()) + ") with no restore or purge asked: not in"
                        + " the listing answered at " + java.time.Instant.ofEpochMilli(answered) + history(b.id()));
            }
        }
        earlyChecks.incrementAndGet();
    }

    /** A restore or purge of it was sent, or a purge of what was deleted before it. */
    private boolean mayHaveLeftOnRequest(Binned b) {
        if (binAttempts.contains(b.id()) || b.wholeImage() && withImageAttempts.contains(b.imageId())) {
            return true;
        }
        synchronized (purgeBeforeCutoffs) {
            return purgeBeforeCutoffs.stream().anyMatch(c -> c > b.deletedAtLow());
        }
    }

    /** Protects an image, or asks for its protection to end (after the cooldown). */
    private void protect(int client, Random random) {
        String id = randomImage(random);
        boolean on = random.nextInt(10) < 6;
        long start = System.currentTimeMillis();
        Sent s = send(client, random, on ? "protect" : "unprotect", id,
                api -> api.patchJson("/1.0/images/" + id, "{\"protected\":" + on + "}"));
        long end = System.currentTimeMillis();
        if (!on && (s.ok() || s.lost())) {
            unprotectEnd.merge(id, end, Math::max);
        }
        if (on && s.ok()) {
            protectAcknowledged.merge(id, new long[]{start, end}, (a, b) -> b[0] > a[0] ? b : a);
        }
    }

    /**
     * Two requests on one entry at once, through random processes: a restore and a purge, or two
     * restores. At most one may succeed (checked with every other restore and purge at the end).
     */
    private void race(int client, Random random) {
        Binned entry = randomEntry(random);
        if (entry == null) {
            return;
        }
        boolean twoRestores = random.nextBoolean();
        races.incrementAndGet();
        Random first = new Random(random.nextLong());
        Random second = new Random(random.nextLong());
        Future<?> other = racers.submit(() -> {
            if (twoRestores) {
                restore(client, second, entry, false);
            } else {
                purge(client, second, entry);
            }
        });
        restore(client, first, entry, false);
        try {
            other.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
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

    /** The catalogue, for the checks: on H2 only while its process is down (the file is locked). */
    private Connection db() throws SQLException {
        if (options.h2()) {
            return DriverManager.getConnection("jdbc:h2:file:" + options.workDir().resolve(nodes.get(0).process.name())
                    .resolve("catalogue").toAbsolutePath() + ";FILE_LOCK=FS", "sa", "");
        }
        return DriverManager.getConnection(options.dbUrl());
    }

    /**
     * Waits until a recycle bin purge that started after {@code after} has finished, and then a
     * content sweep (which collects whatever that purge released). By {@code after} every entry is
     * due, so the first purge after it (within its 2 s interval) empties the bin and later ones
     * find nothing; a sweep that started 4 s after {@code after} came after that first purge.
     * On H2 the process is stopped to look (and started again when they have not run yet), and
     * left stopped for the checks.
     */
    private void waitForJobsAfter(long after) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        Thread.sleep(Math.max(0, after - System.currentTimeMillis()));
        while (System.currentTimeMillis() < deadline) {
            // On H2, long enough for both jobs to run in one incarnation: a purge every 2 s, a sweep
            // every 3 s, and a lease of 5 s left by an incarnation killed before.
            Thread.sleep(options.h2() ? 10_000 : 500);
            if (options.h2()) {
                nodes.get(0).api = null;
                nodes.get(0).process.kill();
            }
            boolean done = true;
            try (Connection c = db(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT p.last_started_at, p.last_finished_at, w.last_started_at,"
                         + " w.last_finished_at, w.lease_until FROM cluster_jobs p, cluster_jobs w"
                         + " WHERE p.name = 'trash-purge' AND w.name = 'content-sweep'")) {
                if (rs.next()) {
                    boolean purged = rs.getLong(1) > after && rs.getLong(2) >= rs.getLong(1);
                    done = purged && rs.getLong(3) > after + 4_000 && rs.getLong(4) >= rs.getLong(3) && rs.getLong(5) == 0;
                    trashPurgeStarted = done ? rs.getLong(1) : 0;
                } else {
                    done = false;
                }
            }
            if (done) {
                return;
            }
            if (options.h2()) {
                nodes.get(0).api = nodes.get(0).process.start();
            }
        }
        violations.add("no recycle bin purge and content sweep after it completed within two minutes after the workload");
        if (options.h2()) {
            nodes.get(0).api = null;
            nodes.get(0).process.kill();
        }
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
        try (Connection c = db()) {
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
                boolean restoreAsked = restoreCovered.contains(key)
                        || key.contains("/") && restoreCovered.contains(key.substring(0, key.indexOf('/')) + "/*");
                if ((key.contains("/") ? present.contains(key) : images.contains(key)) && !restoreAsked) {
                    violation("acknowledged delete of " + key + " did not happen, or it came back without a restore", key);
                }
            }
            checkBin(c, present);
            checkProtection(c, images);
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

    /**
     * The recycle bin: restored versions are back with the bytes uploaded for them (unless deleted
     * again); no entry was restored twice or both restored and purged; acknowledged purges
     * happened; every entry that left the bin without a request did so through the job, not
     * before its window; nothing past its window is left.
     */
    private void checkBin(Connection c, Set<String> present) throws SQLException {
        Map<String, String> content = new HashMap<>();
        for (String row : strings(c, "SELECT i.id || '/' || v.version || ' ' || v.content_sha256 FROM image_versions v"
                + " JOIN images i ON i.pk = v.image_pk WHERE v.content_sha256 IS NOT NULL")) {
            content.put(row.substring(0, row.indexOf(' ')), row.substring(row.indexOf(' ') + 1));
        }
        int back = 0;
        synchronized (restored) {
            for (Restored r : restored) {
                for (int v : r.versions()) {
                    String key = r.imageId() + "/" + v;
                    if (!present.contains(key)) {
                        long deletedAfter = Math.max(lastDeleteEnd.getOrDefault(key, 0L),
                                lastDeleteEnd.getOrDefault(r.imageId(), 0L));
                        if (deletedAfter < r.start()) {
                            violation("restored version " + key + " (entry " + r.trashId() + ") is gone, and no delete"
                                    + " was sent after the restore", key, r.trashId());
                        }
                        continue;
                    }
                    String uploaded = uploadedFingerprints.get(key);
                    if (uploaded != null) {
                        back++;
                        if (!uploaded.equals(content.get(key))) {
                            violation("restored version " + key + " holds content " + content.get(key)
                                    + ", not the bytes uploaded for it (" + uploaded + ")", key, r.trashId());
                        }
                    }
                }
            }
        }
        checked.put("restored versions holding their uploaded bytes", back);
        Set<String> ids = new HashSet<>(restoresAcknowledged.keySet());
        ids.addAll(purgesAcknowledged.keySet());
        for (String id : ids) {
            int restores = restoresAcknowledged.getOrDefault(id, new AtomicInteger()).get();
            int purges = purgesAcknowledged.getOrDefault(id, new AtomicInteger()).get();
            if (restores + purges > 1) {
                violation("recycle bin entry " + id + " was acknowledged " + restores + " time(s) restored and " + purges
                        + " time(s) purged", id);
            }
        }
        checked.put("restores acknowledged", restoresAcknowledged.size());
        checked.put("purges acknowledged", purgesAcknowledged.size());
        checked.put("races on one entry", races.get());
        Set<String> inBin = new HashSet<>(strings(c, "SELECT id FROM trash_items"));
        for (String id : purgesAcknowledged.keySet()) {
            if (inBin.contains(id)) {
                violation("acknowledged purge of recycle bin entry " + id + " did not happen", id);
            }
        }
        Map<String, List<Long>> jobPurges = new HashMap<>();
        for (String row : strings(c, "SELECT image_id || '/' || COALESCE(CAST(version AS VARCHAR(12)), '-') || ' ' || at"
                + " FROM audit_events WHERE action = 'trash.purge' AND status = 200 AND operation_id IS NULL")) {
            String[] parts = row.split(" ");
            jobPurges.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
        }
        int byJob = 0;
        for (Binned b : binned.values()) {
            if (inBin.contains(b.id()) || mayHaveLeftOnRequest(b)) {
                continue;
            }
            List<Long> at = jobPurges.getOrDefault(b.imageId() + "/" + (b.wholeImage() ? "-" : b.version()), List.of());
            if (at.stream().anyMatch(t -> t >= b.purgeAtLow())) {
                byJob++;
            } else {
                violation("recycle bin entry " + b.id() + " " + b.keys() + " left the bin with no request, "
                        + (at.isEmpty() ? "and no purge by the job was recorded" : "purged by the job at " + at
                        + ", before its window (" + b.purgeAtLow() + ")"), b.id(), b.imageId());
            }
        }
        checked.put("entries purged by the job after their window", byJob);
        checked.put("bin listings checked for early purges", earlyChecks.get());
        if (trashPurgeStarted > 0) {
            for (String id : strings(c, "SELECT id FROM trash_items WHERE purge_at < " + (trashPurgeStarted - 1_000))) {
                violation("recycle bin entry " + id + " is past its window and still in the bin after a purge job ran", id);
            }
        }
    }

    /**
     * A protection acknowledged with no unprotection sent after it: the image is still there,
     * still protected, and no delete of it or its versions was acknowledged after the protection.
     */
    private void checkProtection(Connection c, Set<String> images) throws SQLException {
        Set<String> protectedNow = new HashSet<>(strings(c, "SELECT id FROM images WHERE deletion_protected"));
        int held = 0;
        for (Map.Entry<String, long[]> p : protectAcknowledged.entrySet()) {
            String id = p.getKey();
            long[] when = p.getValue();
            if (unprotectEnd.getOrDefault(id, 0L) > when[0]) {
                continue;
            }
            held++;
            if (!images.contains(id) || !protectedNow.contains(id)) {
                violation("image " + id + " was protected and never unprotected, yet it is "
                        + (images.contains(id) ? "no longer protected" : "gone"), id);
            }
            deleteAckStart.forEach((key, start) -> {
                if ((key.equals(id) || key.startsWith(id + "/")) && start > when[1]) {
                    violation("a delete of " + key + " was acknowledged while its image was protected", id);
                }
            });
        }
        checked.put("protected images held", held);
    }

    /** Every referenced blob is there with the right bytes; nothing unreferenced is left. */
    private void checkContent(Connection c) throws Exception {
        // On H2 the content is the process's own directory.
        DataDirectory checkerDir = new DataDirectory(new AmsSettings(options.workDir()
                .resolve(options.h2() ? nodes.get(0).process.name() : "checker")));
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
