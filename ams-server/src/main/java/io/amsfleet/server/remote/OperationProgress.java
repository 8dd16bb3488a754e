package io.amsfleet.server.remote;

import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.operation.OperationStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running download's progress, written into its operation's metadata as {@code progress}
 * (docs/events.md). Every report is an UPDATE and an event to every listener, so reports are
 * bounded: one when a version's download starts, then one when {@value #EVERY_MILLIS} ms have
 * passed since the last or the version has gained {@value #EVERY_PERCENT} percentage points —
 * never one per read. An import of several types downloads them side by side into one operation:
 * the bound is the operation's, and its progress names the download last reported.
 */
public final class OperationProgress {
    private static final Logger LOG = LoggerFactory.getLogger(OperationProgress.class);
    static final long EVERY_MILLIS = 500;
    static final int EVERY_PERCENT = 5;

    private final OperationStore operations;
    private final String operationId;
    private final Map<String, Object> metadata;
    private long lastAt;
    private int lastPercent = -1;
    private String lastDownload = "";

    public OperationProgress(OperationStore operations, String operationId, Map<String, Object> metadata) {
        this.operations = operations;
        this.operationId = operationId;
        this.metadata = metadata;
    }

    /** What {@link ContentDownloader} tells as a version of {@code image} arrives. */
    public ContentDownloader.Progress of(ImageRecord image) {
        return of(image.id());
    }

    /** As {@link #of(ImageRecord)}, for the image of that id. */
    public ContentDownloader.Progress of(String imageId) {
        return (version, bytes, total) -> downloading(imageId, version, bytes, total);
    }

    private synchronized void downloading(String imageId, int version, long bytes, long total) {
        long now = System.nanoTime() / 1_000_000;
        int percent = total <= 0 ? 0 : (int) Math.min(100, bytes * 100 / total);
        String download = imageId + "/" + version;
        boolean started = !download.equals(lastDownload);
        if (!started && now - lastAt < EVERY_MILLIS && percent < lastPercent + EVERY_PERCENT) {
            return;
        }
        lastDownload = download;
        lastAt = now;
        lastPercent = percent;
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("stage", "download");
        progress.put("image_id", imageId);
        progress.put("version", version);
        progress.put("bytes", bytes);
        progress.put("total", total);
        progress.put("percent", percent);
        Map<String, Object> withProgress = new LinkedHashMap<>(metadata);
        withProgress.put("progress", progress);
        try {
            operations.progress(operationId, withProgress);
        } catch (RuntimeException e) {
            // Progress is news, not state: a report the database refused must not fail the download.
            LOG.debug("progress of operation {} not recorded: {}", operationId, e.toString());
        }
    }
}
