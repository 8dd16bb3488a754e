package io.amsfleet.model;

/**
 * Why the server refused a request: the {@code metadata.reason} of an error envelope.
 *
 * <p>The first eight are the deletion rules of SPEC §3; the rest name general failures so that a
 * client can react without parsing messages.
 */
public enum ReasonCode {
    NOT_FOUND(404, false),
    IMAGE_IMMUTABLE(409, true),
    IMAGE_IS_DEFAULT(409, false),
    IMAGE_IN_USE(409, true),
    VERSION_IMMUTABLE(409, false),
    LAST_VERSION(409, false),
    VERSION_IN_USE(409, true),
    IMAGE_BUSY(409, false),
    /** A protected image and its versions cannot be deleted, even with force (docs/trash.md). */
    IMAGE_PROTECTED(409, false),
    /** Application deletion rules (docs/applications.md): a published version, an immutable application. */
    VERSION_PUBLISHED(409, true),
    APPLICATION_IMMUTABLE(409, true),

    BAD_REQUEST(400, false),
    AMBIGUOUS(400, false),
    INVALID_IMAGE(400, false),
    /** An application package that is not a safe tarball or zip with {@code manifest.yaml} at its top. */
    INVALID_PACKAGE(400, false),
    /** A {@code manifest.yaml} (or JSON details) whose fields are missing, of the wrong type or out of bounds. */
    INVALID_MANIFEST(400, false),
    FINGERPRINT_MISMATCH(400, false),
    UNAUTHORIZED(401, false),
    FORBIDDEN(403, false),
    METHOD_NOT_ALLOWED(405, false),
    NOT_ACCEPTABLE(406, false),
    ALREADY_EXISTS(409, false),
    /** An application asked for an image version whose content this server has not downloaded. */
    IMAGE_NOT_DOWNLOADED(409, false),
    LAST_ADMIN(409, false),
    /** A restore from the recycle bin whose image name another image has taken meanwhile. */
    NAME_TAKEN(409, false),
    /** A restore of a version whose image is itself in the recycle bin. */
    IMAGE_IN_TRASH(409, false),
    /** A restore whose content is missing from the store or no longer matches its sha256. */
    CONTENT_GONE(409, false),
    /** DELETE /1.0/operations/{id} of an operation that has already finished. */
    OPERATION_FINAL(409, false),
    /** DELETE /1.0/operations/{id} of an operation whose may_cancel is false. */
    OPERATION_NOT_CANCELLABLE(400, false),
    PRECONDITION_FAILED(412, false),
    PAYLOAD_TOO_LARGE(413, false),
    UNSUPPORTED_MEDIA_TYPE(415, false),
    TOO_MANY_REQUESTS(429, false),
    INTERNAL(500, false),
    UNAVAILABLE(503, false);

    private final int httpStatus;
    private final boolean forceOverrides;

    ReasonCode(int httpStatus, boolean forceOverrides) {
        this.httpStatus = httpStatus;
        this.forceOverrides = forceOverrides;
    }

    /** The HTTP status that carries this refusal. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether {@code force} lifts this refusal (SPEC §3, last column). */
    public boolean forceOverrides() {
        return forceOverrides;
    }

    /** The wire form, e.g. {@code image_in_use}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ReasonCode fromCode(String code) {
        if (code == null) {
            return null;
        }
        for (ReasonCode r : values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        return null;
    }
}
