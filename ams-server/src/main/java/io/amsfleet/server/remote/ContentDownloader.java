package io.amsfleet.server.remote;

import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.content.BlobStore;
import io.amsfleet.server.content.ContentCatalogue;
import io.amsfleet.server.content.Spool;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageEvents;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageVersionListener;
import io.amsfleet.server.image.VersionRecord;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Downloads a synced version's tarball on first use: {@code queued} → {@code initializing} →
 * {@code active}, streamed to a temporary file, checked against the advertised sha256 and size,
 * and made the version's content only when complete — or {@code error} with the reason, and
 * nothing half-made. The image is held busy meanwhile, so it cannot be deleted under the download.
 */
@Singleton
public class ContentDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ContentDownloader.class);
    private static final long LEASE_MILLIS = 10 * 60_000;

    private final Transactions tx;
    private final ImageCatalogue catalogue;
    private final ContentCatalogue content;
    private final BlobStore blobs;
    private final SimpleStreams streams;
    private final ServerConfig config;
    private final ImageEvents events;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "image-download");
        t.setDaemon(true);
        return t;
    });

    /** Lazily: the applications' listener itself uses this downloader. */
    private final io.micronaut.context.BeanProvider<ImageVersionListener> listeners;

    public ContentDownloader(Transactions tx, ImageCatalogue catalogue, ContentCatalogue content, BlobStore blobs,
                             SimpleStreams streams, ServerConfig config, ImageEvents events,
                             io.micronaut.context.BeanProvider<ImageVersionListener> listeners) {
        this.events = events;
        this.listeners = listeners;
        this.tx = tx;
        this.catalogue = catalogue;
        this.content = content;
        this.blobs = blobs;
        this.streams = streams;
        this.config = config;
    }

    /** Queues the download; the future fails with the reason when it does. */
    public CompletableFuture<Void> downloadLater(long imagePk, int version) {
        return downloadLater(imagePk, List.of(version));
    }

    /**
     * Queues the downloads of several versions of one image, fetched one after another in a single
     * task: a download holds the image busy, so versions fetched side by side would refuse each
     * other. Every version is tried even when an earlier one fails; the future then fails with the
     * first reason (each failed version keeps its own in {@code error_message}).
     */
    public CompletableFuture<Void> downloadLater(long imagePk, List<Integer> versions) {
        return downloadLater(imagePk, versions, () -> false);
    }

    /**
     * Thrown, as the future's cause, when a download stopped because {@code stop} said so: the
     * version being fetched and those still queued are back to {@code available}, with nothing
     * half-made and the image's hold released.
     */
    public static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** Whether a failure of {@link #downloadLater} was a stop asked for, not a fault. */
    public static boolean wasCancelled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Cancelled) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #downloadLater(long, List)}, asking {@code stop} at each checkpoint (before each
     * version, and as the bytes of each arrive, at most every {@value #CHECK_EVERY_MILLIS} ms) whether
     * to give up; the future then fails with {@link Cancelled}.
     */
    public CompletableFuture<Void> downloadLater(long imagePk, List<Integer> versions, BooleanSupplier stop) {
        return downloadLater(imagePk, versions, stop, (version, bytes, total) -> { });
    }

    /**
     * Told how far a version's download has got, as its bytes arrive: on every read, so the
     * listener bounds its own rate (an operation's progress does, {@code OperationProgress}).
     */
    @FunctionalInterface
    public interface Progress {
        void downloading(int version, long bytes, long total);
    }

    /** As {@link #downloadLater(long, List, BooleanSupplier)}, telling {@code progress} as the bytes arrive. */
    public CompletableFuture<Void> downloadLater(long imagePk, List<Integer> versions, BooleanSupplier stop,
                                                 Progress progress) {
        BooleanSupplier checkpoint = throttled(stop);
        tx.write(() -> {
            catalogue.lock(imagePk).ifPresent(i -> {
                for (int version : versions) {
                    catalogue.version(imagePk, version).filter(v -> v.contentSha256() == null).ifPresent(v ->
                            catalogue.setVersionState(imagePk, version, ImageStatus.QUEUED.code(), null));
                }
            });
            return null;
        });
        return CompletableFuture.runAsync(() -> {
            RuntimeException first = null;
            for (int i = 0; i < versions.size(); i++) {
                int version = versions.get(i);
                try {
                    if (checkpoint.getAsBoolean()) {
                        throw new Cancelled();
                    }
                    download(imagePk, version, checkpoint, progress);
                } catch (Cancelled e) {
                    for (int rest : versions.subList(i, versions.size())) {
                        unqueue(imagePk, rest);
                    }
                    throw e;
                } catch (RuntimeException e) {
                    if (e instanceof ApiException api && api.reason() == ReasonCode.IMAGE_BUSY) {
                        unqueue(imagePk, version);
                    }
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }, workers);
    }

    /** A version queued here but refused (another download holds the image) is not downloaded after all. */
    private void unqueue(long imagePk, int version) {
        tx.write(() -> {
            catalogue.lock(imagePk).flatMap(i -> catalogue.version(imagePk, version))
                    .filter(v -> v.contentSha256() == null && v.statusCode() == ImageStatus.QUEUED.code())
                    .ifPresent(v -> catalogue.setVersionState(imagePk, version, ImageStatus.AVAILABLE.code(), null));
            return null;
        });
    }

    private static final long CHECK_EVERY_MILLIS = 200;

    /** Asks at most every CHECK_EVERY_MILLIS: a checkpoint may read the database. */
    private static BooleanSupplier throttled(BooleanSupplier stop) {
        long[] last = {0};
        boolean[] stopped = {false};
        return () -> {
            long now = System.currentTimeMillis();
            if (!stopped[0] && now - last[0] >= CHECK_EVERY_MILLIS) {
                last[0] = now;
                stopped[0] = stop.getAsBoolean();
            }
            return stopped[0];
        };
    }

    /** Downloads now, on the calling thread. */
    public void download(long imagePk, int version) {
        download(imagePk, version, () -> false, (v, bytes, total) -> { });
    }

    private void download(long imagePk, int version, BooleanSupplier stop, Progress progress) {
        String lease = UUID.randomUUID().toString();
        String[] target = new String[2];
        VersionRecord v = tx.write(() -> {
            ImageRecord image = catalogue.lock(imagePk).orElseThrow(() -> ApiException.notFound("image was deleted"));
            VersionRecord found = catalogue.version(imagePk, version).orElseThrow(() -> ApiException.notFound(
                    "version " + version + " of " + image.name() + " was deleted"));
            if (found.contentSha256() != null) {
                return null;
            }
            if (image.busy(System.currentTimeMillis())) {
                throw new ApiException(ReasonCode.IMAGE_BUSY, "image " + image.name() + " is already being synced",
                        Map.of("image", image.id()));
            }
            target[0] = catalogue.remotePath(imagePk, version).orElseThrow(() -> new ApiException(ReasonCode.BAD_REQUEST,
                    "version " + version + " of " + image.name() + " has no source on an image server"));
            target[1] = image.name();
            catalogue.markBusy(imagePk, lease, System.currentTimeMillis() + LEASE_MILLIS);
            catalogue.setVersionState(imagePk, version, ImageStatus.INITIALIZING.code(), null);
            return found;
        });
        if (v == null) {
            return;
        }
        Path temp = null;
        try {
            temp = blobs.newTempFile("download");
            String sha = fetch(target[0], temp, v.size(), stop, (bytes, total) -> progress.downloading(version, bytes, total));
            if (!sha.equals(v.fingerprint())) {
                throw new IOException("sha256 mismatch: the image server advertised " + v.fingerprint() + ", got " + sha);
            }
            Path file = temp;
            // As an upload's last step: the image's row first, then the content; the version becomes
            // usable and the applications following the image are told, in one transaction.
            tx.write(() -> {
                ImageRecord image = catalogue.lock(imagePk).orElseThrow(() -> ApiException.notFound(
                        "image " + target[1] + " was deleted during the download"));
                content.install(sha, v.size(), file);
                catalogue.setVersionContent(imagePk, version, sha);
                catalogue.setStatus(imagePk, ImageStatus.ACTIVE.code());
                catalogue.clearBusy(imagePk, lease);
                events.versionUpdated(image, version, ImageStatus.ACTIVE.label());
                for (ImageVersionListener listener : listeners) {
                    listener.versionAdded(image, version);
                }
                return null;
            });
            LOG.info("downloaded version {} of {} ({} bytes)", version, target[1], v.size());
        } catch (IOException | RuntimeException e) {
            if (wasCancelled(e)) {
                LOG.info("download of version {} of {} cancelled", version, target[1]);
                tx.write(() -> {
                    catalogue.setVersionState(imagePk, version, ImageStatus.AVAILABLE.code(), null);
                    catalogue.clearBusy(imagePk, lease);
                    return null;
                });
                throw new Cancelled();
            }
            String reason = e instanceof ApiException ? e.getMessage() : "download failed: " + e.getMessage();
            LOG.warn("version {} of {}: {}", version, target[1], reason);
            tx.write(() -> {
                catalogue.setVersionState(imagePk, version, ImageStatus.ERROR.code(), clip(reason));
                catalogue.clearBusy(imagePk, lease);
                catalogue.lock(imagePk).ifPresent(i -> events.versionUpdated(i, version, ImageStatus.ERROR.label()));
                return null;
            });
            throw new ApiException(ReasonCode.UNAVAILABLE, "version " + version + " of " + target[1]
                    + " could not be downloaded: " + reason, Map.of("version", version));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // swept at next start
                }
            }
        }
    }

    private interface Arrived {
        void arrived(long bytes, long total);
    }

    private String fetch(String path, Path temp, long expectedSize, BooleanSupplier stop, Arrived arrived)
            throws IOException {
        String root = config.get(ServerConfig.IMAGES_URL);
        if (root.isBlank()) {
            throw new IOException("no image server configured (images.url)");
        }
        Spool.Spooled spooled;
        arrived.arrived(0, expectedSize);
        try (InputStream in = counted(streams.open(root, path, config.get(ServerConfig.IMAGES_AUTH)), expectedSize,
                stop, arrived)) {
            spooled = Spool.spool(in, temp, size -> {
                if (stop.getAsBoolean()) {
                    throw new Cancelled();
                }
                if (size > expectedSize) {
                    throw new IOException("the image server sent more than the advertised " + expectedSize + " bytes");
                }
            });
        }
        if (spooled.size() != expectedSize) {
            throw new IOException("truncated download: " + spooled.size() + " of " + expectedSize + " bytes");
        }
        return spooled.sha256();
    }

    /**
     * The spool reports once per buffer (1 MiB), too coarse for a progress bar or a prompt cancel:
     * this reports, and asks {@code stop} (throttled), on every read from the image server.
     */
    private static InputStream counted(InputStream in, long total, BooleanSupplier stop, Arrived arrived) {
        return new java.io.FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    got(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    got(n);
                }
                return n;
            }

            private void got(int n) {
                count += n;
                if (stop.getAsBoolean()) {
                    throw new Cancelled();
                }
                arrived.arrived(count, total);
            }
        };
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
