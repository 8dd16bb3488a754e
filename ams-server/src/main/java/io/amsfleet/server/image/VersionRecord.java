package io.amsfleet.server.image;

/**
 * One row of {@code image_versions}.
 *
 * @param contentSha256 the blob holding this version's tarball, or null while it has none yet
 *                      (a synced version not yet downloaded)
 * @param lastUsedAt    when an application last used it (epoch millis: a version created on it, its
 *                      content downloaded for one); null when never (docs/retention.md)
 */
public record VersionRecord(
        long imagePk,
        int version,
        String fingerprint,
        String contentSha256,
        long size,
        long createdAt,
        int statusCode,
        String remoteId,
        String errorMessage,
        Long lastUsedAt) {
}
