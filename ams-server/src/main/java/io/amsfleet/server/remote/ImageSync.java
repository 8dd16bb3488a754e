package io.amsfleet.server.remote;

import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageEvents;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageTypes;
import io.amsfleet.server.image.UploadPolicy;
import io.amsfleet.server.image.VersionRecord;
import io.amsfleet.server.image.Xid;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the image server's catalogue into ours: each product becomes an immutable image (status
 * {@code available}: metadata only, content fetched on first use), each new release a new version.
 * One product's failure never stops the others. Images an operator force-deleted are not brought
 * back by a sync, only by an explicit import.
 */
@Singleton
public class ImageSync {
    private static final Logger LOG = LoggerFactory.getLogger(ImageSync.class);
    private final SimpleStreams streams;
    private final ServerConfig config;
    private final Transactions tx;
    private final ImageCatalogue catalogue;
    private final ImageEvents events;

    public ImageSync(SimpleStreams streams, ServerConfig config, Transactions tx, ImageCatalogue catalogue,
                     ImageEvents events) {
        this.events = events;
        this.streams = streams;
        this.config = config;
        this.tx = tx;
        this.catalogue = catalogue;
    }

    /** What one sync did. */
    public record Report(int productsSeen, int imagesCreated, int versionsAdded, Map<String, String> failures) {
    }

    public Report syncAll() {
        String root = config.get(ServerConfig.IMAGES_URL);
        if (root.isBlank()) {
            return new Report(0, 0, 0, Map.of());
        }
        SimpleStreams.Offer offer;
        try {
            offer = streams.fetch(root, config.get(ServerConfig.IMAGES_AUTH));
        } catch (IOException | RuntimeException e) {
            LOG.warn("image server {} unreachable or unreadable: {}", root, e.getMessage());
            return new Report(0, 0, 0, Map.of("*", String.valueOf(e.getMessage())));
        }
        int created = 0;
        int added = 0;
        Map<String, String> failures = new java.util.TreeMap<>(offer.broken());
        offer.broken().forEach((what, why) -> LOG.warn("image server {}: {} skipped: {}", root, what, why));
        for (SimpleStreams.Product p : offer.products()) {
            try {
                int[] result = tx.write(() -> apply(p, null, false));
                created += result[0];
                added += result[1];
            } catch (RuntimeException e) {
                failures.put(p.name(), e.getMessage());
                LOG.warn("image server product {} skipped: {}", p.name(), e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            LOG.warn("image sync: {} product(s) failed: {}", failures.size(), failures.keySet());
        }
        return new Report(offer.products().size(), created, added, failures);
    }

    /**
     * Imports one release of one product under {@code localName} (default: the product's name),
     * even if an operator deleted it before. Returns the image and the version holding the release.
     */
    /**
     * Imports one release of every product named {@code remoteName} of the given type ({@code null}:
     * of any type, as AMS imports every type when none is asked for); without a release, each
     * product's newest.
     */
    public List<Imported> importRelease(String localName, String remoteName, String release, String type,
                                        boolean makeDefault) {
        String root = config.get(ServerConfig.IMAGES_URL);
        if (root.isBlank()) {
            throw new ApiException(ReasonCode.BAD_REQUEST, "no image server is configured: set images.url first"
                    + " (PATCH /1.0/config or amc config set images.url <url>)");
        }
        SimpleStreams.Offer offer;
        try {
            offer = streams.fetch(root, config.get(ServerConfig.IMAGES_AUTH));
        } catch (IOException e) {
            throw new ApiException(ReasonCode.UNAVAILABLE, "the image server " + root + " cannot be read: " + e.getMessage());
        }
        List<SimpleStreams.Product> named = offer.products().stream().filter(p -> p.name().equals(remoteName)
                && (type == null || type.equals(p.type()))).toList();
        if (named.isEmpty()) {
            throw new ApiException(ReasonCode.NOT_FOUND, "the image server has no " + (type == null ? "" : type + " ")
                    + "image " + remoteName, Map.of("remote", remoteName));
        }
        List<SimpleStreams.Product> chosen = named.stream()
                .filter(p -> release == null || p.releases().containsKey(release)).toList();
        if (chosen.isEmpty()) {
            throw new ApiException(ReasonCode.NOT_FOUND, remoteName + " has no release " + release + " (it has "
                    + named.stream().flatMap(p -> p.releases().keySet().stream()).distinct()
                    .collect(Collectors.joining(", ")) + ")", Map.of("remote", remoteName, "release", release));
        }
        String local = localName == null || localName.isEmpty() ? null : ImageTypes.checkName("image", localName);
        return tx.write(() -> {
            List<Imported> out = new ArrayList<>();
            for (SimpleStreams.Product product : chosen) {
                String pick = release != null ? release
                        : ((java.util.TreeMap<String, SimpleStreams.Item>) product.releases()).lastKey();
                SimpleStreams.Product one = new SimpleStreams.Product(local == null ? product.name() : local,
                        product.architecture(), product.type(), product.variant(), Map.of(pick, product.releases().get(pick)));
                catalogue.forgetTombstone(one.name(), ImageTypes.checkType(one.type()));
                apply(one, null, makeDefault);
                ImageRecord image = catalogue.findByName(one.name(), ImageTypes.checkType(one.type())).orElseThrow();
                VersionRecord version = catalogue.versions(image.pk()).stream()
                        .filter(v -> pick.equals(v.remoteId())).findFirst().orElseThrow();
                out.add(new Imported(image, version.version()));
            }
            return out;
        });
    }

    /** An imported release. */
    public record Imported(ImageRecord image, int version) {
    }

    /** Creates or extends the image for a product, inside the caller's transaction. */
    private int[] apply(SimpleStreams.Product p, Void unused, boolean makeDefault) {
        String type = ImageTypes.checkType(p.type());
        String name = ImageTypes.checkName("image", p.name());
        if (catalogue.isTombstoned(name, type)) {
            return new int[]{0, 0};
        }
        long ofType = catalogue.lockType(type);
        var existing = catalogue.findByName(name, type);
        int created = 0;
        ImageRecord image;
        if (existing.isEmpty()) {
            long pk = catalogue.insertImage(Xid.next(), name, type, ImageTypes.checkArchitecture(p.architecture()),
                    ImageTypes.VARIANTS.contains(p.variant()) ? p.variant() : "unknown",
                    UploadPolicy.becomesDefault(ofType), true, ImageStatus.AVAILABLE.code(),
                    System.currentTimeMillis() / 1000);
            catalogue.changeCount(type, 1);
            image = catalogue.lock(pk).orElseThrow();
            events.created(image);
            created = 1;
        } else {
            image = catalogue.lock(existing.get().pk()).orElseThrow();
            if (!image.immutable()) {
                throw new IllegalStateException("a locally uploaded " + type + " image is named " + name
                        + "; it is left alone");
            }
        }
        if (makeDefault && !image.isDefault()) {
            catalogue.makeDefault(image);
            events.updated(image, Map.of("default", true));
        }
        Set<String> known = catalogue.versions(image.pk()).stream().map(VersionRecord::remoteId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        List<String> fresh = new ArrayList<>(p.releases().keySet());
        fresh.removeAll(known);
        for (String release : fresh) {
            SimpleStreams.Item item = p.releases().get(release);
            image = catalogue.lock(image.pk()).orElseThrow();
            events.versionCreated(image, catalogue.addRemoteVersion(image, release, item.sha256(), item.size(),
                    item.path()));
        }
        return new int[]{created, fresh.size()};
    }
}
