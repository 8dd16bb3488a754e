package io.amsfleet.server.content;

import io.amsfleet.server.db.DbSettings;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.cluster.ClusterJob;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Removes content that nothing references any more: right after a delete commits, and in a
 * periodic sweep for whatever a crash left behind (temporary uploads, blobs whose catalogue rows
 * are gone, rows whose collection was interrupted). The sweep is a cluster job: one process runs
 * it at a time, at start on the embedded database and every {@code ams.content.sweep-interval}.
 *
 * <p>Collection runs on its own thread so that a delete's answer never waits for the store.
 */
@Singleton
public class ContentCollector implements ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(ContentCollector.class);

    private final Transactions tx;
    private final ContentCatalogue catalogue;
    private final BlobStore blobs;
    private final boolean singleProcess;
    private final long startedAt = System.currentTimeMillis();
    /** How long released content waits to be collected with what else is released meanwhile. */
    static final long GATHER_MILLIS = 20;
    /** Blobs per collecting transaction: bounds how many content rows one transaction locks. */
    private static final int BATCH = 200;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "content-collector");
        t.setDaemon(true);
        return t;
    });
    /** Released content not collected yet; guards {@link #gathering} too. */
    private final Set<String> pending = new LinkedHashSet<>();
    private boolean gathering;
    /** When the oldest released blob not yet collected was released; 0: none waits. Guarded by pending. */
    private long waitingSince;

    private final Duration sweepInterval;
    /**
     * How old a temporary file or an unfinished multipart upload must be before the sweep takes it
     * for abandoned: with several processes, a younger one may be an upload still arriving.
     * (Blobs need no such margin for safety: see {@link #collectOrphan}.)
     */
    private final long orphanGraceMillis;

    public ContentCollector(Transactions tx, ContentCatalogue catalogue, BlobStore blobs, DbSettings db,
                            ContentSettings settings) {
        this.orphanGraceMillis = settings.orphanGrace().toMillis();
        this.tx = tx;
        this.catalogue = catalogue;
        this.blobs = blobs;
        this.singleProcess = !db.usesPostgres();
        this.sweepInterval = settings.sweepInterval();
    }

    /**
     * Collects these blobs, after the transaction that released them has committed: soon, on the
     * collector's thread, together with whatever else was released meanwhile.
     *
     * <p>Releases wait up to {@value #GATHER_MILLIS} ms and are then collected in one transaction
     * whose commit does not wait for the disk ({@link Transactions#writeUnflushed}). One
     * transaction per delete, each waiting for its own flush, cost a single client's deletes on
     * PostgreSQL about a third of their rate (docs/performance.md).
     */
    public void collectLater(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return;
        }
        synchronized (pending) {
            pending.addAll(sha256s);
            if (waitingSince == 0) {
                waitingSince = System.currentTimeMillis();
            }
            if (gathering) {
                return;
            }
            gathering = true;
        }
        worker.schedule(this::collectPending, GATHER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void collectPending() {
        List<String> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending);
            pending.clear();
            gathering = false;
        }
        // In sha256 order: two processes collecting overlapping batches lock rows in the same order.
        batch.sort(null);
        for (int from = 0; from < batch.size(); from += BATCH) {
            List<String> part = batch.subList(from, Math.min(batch.size(), from + BATCH));
            try {
                tx.writeUnflushed(() -> catalogue.collectIfUnreferenced(part));
            } catch (RuntimeException e) {
                // One bad blob must not keep the others: each again on its own, as the sweep would.
                LOG.debug("collecting {} blobs together failed, one by one now: {}", part.size(), e.toString());
                collectNow(part);
            }
        }
        synchronized (pending) {
            // What was released meanwhile waits since about now; a blob that failed is the sweep's.
            waitingSince = pending.isEmpty() ? 0 : System.currentTimeMillis();
        }
    }

    /**
     * How long the oldest blob released in this process has waited for collection (zero when none
     * waits): the collection lag of the metrics, which grows when the store does not answer.
     */
    public Duration collectionLag() {
        synchronized (pending) {
            return waitingSince == 0 ? Duration.ZERO : Duration.ofMillis(System.currentTimeMillis() - waitingSince);
        }
    }

    /** Collects these blobs on the calling thread; returns how many were removed. */
    public int collectNow(Collection<String> sha256s) {
        int removed = 0;
        for (String sha : sha256s) {
            try {
                if (tx.writeUnflushed(() -> catalogue.collectIfUnreferenced(sha))) {
                    removed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("could not collect content {} (will retry at next start): {}", sha, e.toString());
            }
        }
        return removed;
    }

    @Override
    public String name() {
        return "content-sweep";
    }

    @Override
    public Duration interval() {
        return sweepInterval;
    }

    @Override
    public void run() {
        sweep();
    }

    /**
     * The start-up sweep: temporary files, unreferenced rows, and blobs the catalogue never
     * committed. Returns the number of blobs removed.
     */
    public int sweep() {
        int removed = 0;
        try {
            long cutoff = orphanCutoff();
            blobs.clearTempFiles(cutoff, p -> LOG.info("removed unfinished upload {}", p.getFileName()));
            List<String> rows;
            while (!(rows = tx.read(() -> catalogue.unreferenced(500))).isEmpty()) {
                int n = collectNow(rows);
                removed += n;
                if (n == 0) {
                    break;
                }
            }
            List<String> orphans = new ArrayList<>();
            blobs.forEach((sha, lastModified) -> {
                if (lastModified < cutoff && !tx.read(() -> catalogue.isKnown(sha))) {
                    orphans.add(sha);
                }
            });
            for (String sha : orphans) {
                if (collectOrphan(sha)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("content sweep stopped early: {}", e.toString());
        }
        if (removed > 0) {
            LOG.info("content sweep removed {} unreferenced blob(s)", removed);
        }
        return removed;
    }

    /**
     * Removes a blob the catalogue has no row for, unless an upload registers it meanwhile. The
     * sweep claims the blob by inserting its row: an upload that registered the same blob without
     * committing yet makes that insert wait for its commit and then fail, so a blob about to be
     * referenced is never removed, on any process. If this process dies after the blob is gone but
     * before the commit, the claim is rolled back with it and nothing refers to the blob.
     */
    private boolean collectOrphan(String sha) {
        try {
            return tx.write(() -> catalogue.collectOrphan(sha));
        } catch (RuntimeException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Files written before this moment cannot belong to an upload in flight: with one process
     * (H2), anything older than this process; with several, anything older than the grace period.
     */
    private long orphanCutoff() {
        long graceCutoff = System.currentTimeMillis() - orphanGraceMillis;
        return singleProcess ? Math.max(startedAt, graceCutoff) : graceCutoff;
    }

    /** Collects what is waiting now and waits for it; used by tests to observe the store after a delete. */
    public void drain() {
        try {
            worker.submit(this::collectPending).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("content collector did not drain", e);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }
}
