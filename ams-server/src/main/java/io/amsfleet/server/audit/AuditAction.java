package io.amsfleet.server.audit;

/**
 * The audit trail's action names, spelled once: endpoints name theirs with {@link Audited}, the
 * services that record a success in its transaction use the same constants.
 */
public final class AuditAction {
    public static final String IMAGE_UPLOAD = "image.upload";
    public static final String IMAGE_UPDATE = "image.update";
    public static final String IMAGE_IMPORT = "image.import";
    public static final String IMAGE_PATCH = "image.patch";
    public static final String IMAGE_DEFAULT = "image.default";
    public static final String IMAGE_DELETE = "image.delete";
    public static final String IMAGE_VERSION_DELETE = "image.version.delete";
    public static final String IMAGE_BATCH_DELETE = "image.batch_delete";
    public static final String IMAGE_PROTECT = "image.protect";
    public static final String IMAGE_UNPROTECT = "image.unprotect";
    public static final String TRASH_RESTORE = "trash.restore";
    public static final String TRASH_PURGE = "trash.purge";
    public static final String TRASH_PURGE_BEFORE = "trash.purge_before";
    public static final String RETENTION_POLICY_SET = "retention.policy.set";
    public static final String RETENTION_POLICY_DELETE = "retention.policy.delete";
    public static final String RETENTION_PREVIEW = "retention.preview";
    public static final String RETENTION_APPLY = "retention.apply";
    /** A scheduled run, recorded with no actor; its record names the run's report. */
    public static final String RETENTION_RUN = "retention.run";
    public static final String APPLICATION_CREATE = "application.create";
    public static final String APPLICATION_DELETE = "application.delete";
    public static final String APPLICATION_UPDATE = "application.update";
    public static final String APPLICATION_PUBLISH = "application.publish";
    public static final String APPLICATION_REVOKE = "application.revoke";
    public static final String APPLICATION_VERSION_DELETE = "application.version.delete";
    public static final String APPLICATION_BATCH_DELETE = "application.batch_delete";
    public static final String TOKEN_CREATE = "token.create";
    public static final String TOKEN_REVOKE = "token.revoke";
    public static final String CERTIFICATE_ADD = "certificate.add";
    public static final String CERTIFICATE_REMOVE = "certificate.remove";
    public static final String CONFIG_SET = "config.set";
    public static final String OPERATION_CANCEL = "operation.cancel";
    public static final String EVENTS_TICKET = "events.ticket";

    private AuditAction() {
    }
}
