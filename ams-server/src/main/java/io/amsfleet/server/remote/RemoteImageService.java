package io.amsfleet.server.remote;

import io.amsfleet.model.ImagesPost;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageLookup;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.VersionRecord;
import io.amsfleet.server.operation.OperationStore;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
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

    @Override
    public Operation importImage(ImagesPost post) {
        if (post == null || post.source() == null || !"import".equals(post.source().type())) {
            throw ApiException.badRequest("only {\"source\": {\"type\": \"import\", \"remote\": \"<image>\","
                    + " \"release\": \"<release>\"}} is accepted here; upload tarballs to POST /1.0/images/");
        }
        String remote = post.source().remote() != null ? post.source().remote() : post.name();
        if (remote == null || remote.isBlank()) {
            throw ApiException.badRequest("name the image to import: name or source.remote");
        }
        ImageSync.Imported imported = sync.importRelease(post.name(), remote, post.source().release(),
                Boolean.TRUE.equals(post.makeDefault()));
        return track("Import " + remote + (post.source().release() == null ? "" : "@" + post.source().release())
                + " as " + imported.image().name(), imported.image(), List.of(imported.version()));
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
        return track("Sync image " + image.name(), image, missing);
    }

    /** A running operation that finishes when every listed version is downloaded, or has failed. */
    private Operation track(String description, ImageRecord image, List<Integer> versions) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("image_id", image.id());
        meta.put("name", image.name());
        meta.put("versions", versions);
        Operation op = tx.write(() -> operations.recordCancellable(description,
                Map.of("images", List.of("/1.0/images/" + image.id())), meta));
        downloader.downloadLater(image.pk(), versions, () -> operations.cancelRequested(op.id()))
                .whenComplete((ok, failure) -> {
                    if (ContentDownloader.wasCancelled(failure)) {
                        operations.finishCancelled(op.id(), meta);
                    } else {
                        operations.finish(op.id(), failure == null, failure == null ? "" : rootMessage(failure), meta);
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
