package io.amsfleet.server.remote;

import io.amsfleet.model.ImagesPost;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageLookup;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageTypes;
import io.amsfleet.server.image.VersionRecord;
import io.amsfleet.server.operation.OperationStore;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;

/**
 * Explicit image-server actions: importing one release, and {@code force_sync} (downloading every
 * version an immutable image has not got yet). Both answer with a running operation that ends
 * when the downloads do.
 */
@Singleton
public class RemoteImageService implements io.amsfleet.server.image.RemoteImages {
    private final ImageSync sync;
    private final ContentDownloader downloader;
    private final OperationStore operations;
    private final Transactions tx;
    private final ImageLookup lookup;
    private final ImageCatalogue catalogue;

    public RemoteImageService(ImageSync sync, ContentDownloader downloader, OperationStore operations, Transactions tx,
                              ImageLookup lookup, ImageCatalogue catalogue) {
        this.sync = sync;
        this.downloader = downloader;
        this.operations = operations;
        this.tx = tx;
        this.lookup = lookup;
        this.catalogue = catalogue;
    }

    /**
     * AMS names the image by {@code path} ({@code <image>[@<release>]}, what the SDK's ImportImage
     * sends); {@code source} is this server's older form. A body with both is refused: which one
     * was meant would be a guess.
     */
    @Override
    public Operation importImage(ImagesPost post) {
        boolean byPath = post != null && post.path() != null && !post.path().isEmpty();
        boolean bySource = post != null && post.source() != null;
        if (byPath && bySource) {
            throw ApiException.badRequest("name the image to import by path (\"<image>[@<release>]\") or by"
                    + " source, not both");
        }
        String remote;
        String release;
        if (byPath) {
            RemotePath path = RemotePath.parse(post.path());
            remote = path.product();
            release = path.release();
        } else if (bySource && "import".equals(post.source().type())) {
            remote = post.source().remote() != null ? post.source().remote() : post.name();
            release = post.source().release();
        } else {
            throw ApiException.badRequest("name the image server's image to import: {\"name\": \"<local name>\","
                    + " \"path\": \"<image>[@<release>]\"}; upload tarballs to POST /1.0/images/ as"
                    + " application/octet-stream");
        }
        if (remote == null || remote.isBlank()) {
            throw ApiException.badRequest("name the image to import: path, or name or source.remote");
        }
        String type = post.type() == null || post.type().isEmpty() || "any".equals(post.type()) ? null
                : ImageTypes.checkType(post.type());
        List<ImageSync.Imported> imported = sync.importRelease(post.name(), remote, release, type,
                Boolean.TRUE.equals(post.makeDefault()));
        return track("Import " + remote + (release == null ? "" : "@" + release) + " as "
                + imported.stream().map(i -> i.image().name() + " (" + i.image().type() + ")")
                .collect(Collectors.joining(", ")), imported.stream()
                .map(i -> new Target(i.image(), List.of(i.version()))).toList());
    }

    @Override
    public Operation forceSync(String idOrName, String type) {
        ImageRecord image = tx.read(() -> lookup.resolve(idOrName, type));
        if (!image.immutable()) {
            throw new ApiException(ReasonCode.BAD_REQUEST, "image " + image.name()
                    + " was uploaded, not synced from an image server; there is nothing to sync",
                    Map.of("image", image.id()));
        }
        List<Integer> missing = tx.read(() -> catalogue.versions(image.pk()).stream()
                .filter(v -> v.contentSha256() == null).map(VersionRecord::version).toList());
        return track("Sync image " + image.name(), List.of(new Target(image, missing)));
    }

    /** The versions of one image an operation downloads. */
    private record Target(ImageRecord image, List<Integer> versions) {
    }

    /**
     * A running operation that finishes when every listed version is downloaded, or has failed
     * (with the first failure's reason). With one image the metadata keeps the shape it always had;
     * an import of several types lists them all in {@code images}.
     */
    private Operation track(String description, List<Target> targets) {
        Map<String, Object> meta = new LinkedHashMap<>();
        Target first = targets.get(0);
        meta.put("image_id", first.image().id());
        meta.put("name", first.image().name());
        meta.put("versions", first.versions());
        if (targets.size() > 1) {
            meta.put("images", targets.stream().map(t -> Map.of("image_id", t.image().id(),
                    "name", t.image().name(), "type", t.image().type(), "versions", t.versions())).toList());
        }
        List<String> urls = targets.stream().map(t -> "/1.0/images/" + t.image().id()).toList();
        Operation op = tx.write(() -> operations.recordCancellable(description, Map.of("images", urls), meta));
        OperationProgress progress = new OperationProgress(operations, op.id(), meta);
        List<CompletableFuture<Void>> downloads = targets.stream()
                .map(t -> downloader.downloadLater(t.image().pk(), t.versions(),
                        () -> operations.cancelRequested(op.id()), progress.of(t.image()))).toList();
        CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            Throwable firstFailure = downloads.stream().filter(CompletableFuture::isCompletedExceptionally)
                    .map(d -> d.handle((v, t) -> t).join()).findFirst().orElse(failure);
            if (ContentDownloader.wasCancelled(firstFailure)) {
                operations.finishCancelled(op.id(), meta);
            } else {
                operations.finish(op.id(), firstFailure == null, firstFailure == null ? "" : rootMessage(firstFailure),
                        meta);
            }
        });
        return op;
    }

    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
