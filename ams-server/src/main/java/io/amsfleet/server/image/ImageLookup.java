package io.amsfleet.server.image;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Finds the image a request names: by full id, by name (within a type, container by default), or
 * by a unique id prefix of at least {@value #MIN_PREFIX} characters. An exact id or name always
 * wins over a prefix, and a prefix that matches several images is refused with the matches listed,
 * so that a delete never lands on an image the operator did not mean.
 */
@Singleton
public class ImageLookup {
    static final int MIN_PREFIX = 4;
    static final int MAX_LISTED = 10;

    private final ImageCatalogue catalogue;
    private final VersionRepository versions;

    ImageLookup(ImageCatalogue catalogue, VersionRepository versions) {
        this.catalogue = catalogue;
        this.versions = versions;
    }

    /** An image version, as a content digest names it. */
    public record VersionTarget(ImageRecord image, int version) {
    }

    /**
     * The one version in the catalogue whose fingerprint the digest ({@link Digests}) names; a 400
     * {@code ambiguous} listing them when several do, as for an id prefix. Must run in a transaction.
     */
    public VersionTarget resolveDigest(String digest) {
        List<VersionRepository.DigestMatch> matches = versions.byFingerprint(Digests.pattern(digest), MAX_LISTED + 1);
        if (matches.isEmpty()) {
            throw new ApiException(ReasonCode.NOT_FOUND, "no image version has content " + digest,
                    Map.of("image", digest));
        }
        if (matches.size() > 1) {
            List<Map<String, Object>> listed = new java.util.ArrayList<>();
            for (VersionRepository.DigestMatch m : matches.stream().limit(MAX_LISTED).toList()) {
                catalogue.findByPk(m.imagePk()).ifPresent(i -> {
                    Map<String, Object> match = new java.util.LinkedHashMap<>();
                    match.put("id", i.id());
                    match.put("name", i.name());
                    match.put("type", i.type());
                    match.put("version", m.version());
                    match.put("fingerprint", m.fingerprint());
                    listed.add(match);
                });
            }
            throw new ApiException(ReasonCode.AMBIGUOUS, "content " + digest + " names several image versions"
                    + (matches.size() > MAX_LISTED ? " (first " + MAX_LISTED + " listed)" : "")
                    + "; name the image and version instead", Map.of("matches", listed));
        }
        VersionRepository.DigestMatch m = matches.get(0);
        ImageRecord image = catalogue.findByPk(m.imagePk()).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                "no image version has content " + digest + " (it was deleted meanwhile)", Map.of("image", digest)));
        return new VersionTarget(image, m.version());
    }

    /**
     * Must run inside a transaction. Without a type (none, {@code ""} — the SDK's "any" — or
     * {@code "any"}) a name is looked for among containers, then VMs: a name used by both stays the
     * container's, as it was before VMs could be named without their type.
     */
    public ImageRecord resolve(String idOrName, String type) {
        boolean anyType = ImageTypes.isAny(type);
        String t = ImageTypes.checkType(anyType ? null : type);
        if (idOrName == null || idOrName.isBlank()) {
            throw ApiException.badRequest("an image id or name is required");
        }
        if (idOrName.length() == 20 && Xid.isIdPrefix(idOrName)) {
            var byId = catalogue.findById(idOrName);
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        var byName = catalogue.findByName(idOrName, t);
        if (byName.isEmpty() && anyType) {
            byName = catalogue.findByName(idOrName, "vm");
        }
        if (byName.isPresent()) {
            return byName.get();
        }
        if (idOrName.length() >= MIN_PREFIX && idOrName.length() < 20 && Xid.isIdPrefix(idOrName)) {
            List<ImageRecord> matches = catalogue.findByIdPrefix(idOrName, MAX_LISTED + 1);
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                List<Map<String, String>> listed = matches.stream().limit(MAX_LISTED)
                        .map(m -> Map.of("id", m.id(), "name", m.name(), "type", m.type())).toList();
                throw new ApiException(ReasonCode.AMBIGUOUS, "id prefix " + idOrName + " matches several images"
                        + (matches.size() > MAX_LISTED ? " (first " + MAX_LISTED + " listed)" : "")
                        + "; give more characters or the full id", Map.of("matches", listed));
            }
        }
        throw new ApiException(ReasonCode.NOT_FOUND, "image " + idOrName + " not found"
                + (anyType ? "" : " among " + t + " images"),
                Map.of("image", idOrName, "type", anyType ? "any" : t));
    }
}
