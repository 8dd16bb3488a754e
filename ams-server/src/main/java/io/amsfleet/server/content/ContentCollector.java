package io.amsfleet.server.content;

import io.amsfleet.server.config.AmsSettings;
import io.amsfleet.server.db.Transactions;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Removes content that nothing references any more: right after a delete commits, and at start
 * for whatever a crash left behind (temporary uploads, blobs whose catalogue rows are gone).
 *
 * <p>Collection runs on its own thread so that a delete's answer never waits for the filesystem.
 */
@Singleton
public class ContentCollector implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ContentCollector.class);
    /** A blob with no row may belong to an upload that has not committed yet on another process. */
    private static final long ORPHAN_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final Transactions tx;
    private final ContentCatalogue catalogue;
    private final BlobStore blobs;
    private final boolean singleProcess;
    private final long startedAt = System.currentTimeMillis();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "content-collector");
        t.setDaemon(true);
        return t;
    });

    public ContentCollector(Transactions tx, ContentCatalogue catalogue, BlobStore blobs, AmsSettings settings) {
        this.tx = tx;
        this.catalogue = catalogue;
        this.blobs = blobs;
        this.singleProcess = !settings.usesPostgres();
    }

    /** Collects these blobs, after the transaction that released them has committed. */
    public void collectLater(Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return;
        }
        List<String> copy = List.copyOf(sha256s);
        worker.execute(() -> collectNow(copy));
    }

    /** Collects these blobs on the calling thread; returns how many were removed. */
    public int collectNow(Collection<String> sha256s) {
        int removed = 0;
        for (String sha : sha256s) {
            try {
                if (tx.write(() -> catalogue.collectIfUnreferenced(sha))) {
                    removed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("could not collect content {} (will retry at next start): {}", sha, e.toString());
            }
        }
        return removed;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        worker.execute(this::sweep);
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
                // Re-checked under the row lock: an upload may have registered it meanwhile.
                boolean gone = tx.write(() -> {
                    if (catalogue.isKnown(sha)) {
                        return false;
                    }
                    try {
                        blobs.delete(sha);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return true;
                });
                if (gone) {
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
     * Files written before this moment cannot belong to an upload in flight: with one process
     * (H2), anything older than this process; with several, anything older than the grace period.
     */
    private long orphanCutoff() {
        long graceCutoff = System.currentTimeMillis() - ORPHAN_GRACE_MILLIS;
        return singleProcess ? Math.max(startedAt, graceCutoff) : graceCutoff;
    }

    /** Waits for queued collections; used by tests to observe the store after a delete. */
    public void drain() {
        try {
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("content collector did not drain", e);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }
}
