package io.amsfleet.server.status;

import java.util.List;

/**
 * The {@code api_extensions} of {@code GET /1.0}, in one place: each name and the behaviour of this
 * server it promises. The official SDK asks for a name before it sends certain requests (it refuses
 * a zip upload without {@code zip_archive_support}, a VM application without {@code vm_support},
 * …), so a name listed here must be true of this build, and docs/api.md explains each
 * ({@code ApiDocsTest} checks that it does).
 *
 * <p>AMS names the SDK checks that this server does not advertise yet, because it does not do what
 * they promise: {@code application_image_export},
 * {@code instance_support}, {@code instance_publish}, {@code container_logs}, {@code container_exec},
 * {@code oidc_support}, {@code auth.groups} and the shares extension. Add one here when it becomes
 * true, with its sentence.
 */
public final class ApiExtensions {
    /** One advertised extension: its name and what it promises. */
    public record Extension(String name, String promise) {
    }

    public static final List<Extension> ALL = List.of(
            new Extension("image_delete_dry_run",
                    "DELETE /1.0/images/{id_or_name}[/{version}]?dry_run=true answers 200 with what the delete would do, changing nothing"),
            new Extension("image_batch_delete",
                    "DELETE /1.0/images takes a list of images and versions and answers each item's outcome"),
            new Extension("image_delete_if_match",
                    "an image delete with If-Match is refused with 412 unless the image's ETag still matches"),
            new Extension("image_id_prefix_lookup",
                    "an image may be named by a unique prefix of its id, at least 4 characters; several matches are a 400 ambiguous"),
            new Extension("image_name_prefix_filter",
                    "GET /1.0/images takes name_prefix"),
            new Extension("image_trash",
                    "every image and image version delete goes to a recycle bin for AMS_TRASH_RETENTION: /1.0/trash lists it, POST /1.0/trash/{id}/restore brings an entry back, DELETE /1.0/trash/{id} purges it"),
            new Extension("image_delete_protection",
                    "PATCH /1.0/images/{id_or_name} with {\"protected\":true|false} protects an image from every delete, even forced; an unprotection takes effect after AMS_PROTECTION_COOLDOWN"),
            new Extension("image_digest_reference",
                    "sha256:<fingerprint>, or a unique prefix of at least 12 hex digits, names the image version with that content in deletes, batch deletes, dry runs and the recycle bin; several matches are a 400 ambiguous"),
            new Extension("image_retention",
                    "/1.0/retention: policies that keep the last N versions, or remove versions older or unused for a while, previewed as a plan that POST /1.0/retention/apply carries out exactly or refuses with 412; image versions carry last_used_at"),
            new Extension("image_import_path",
                    "POST /1.0/images with JSON {\"name\",\"path\":\"<image>[@<release>]\",\"type\",\"default\"} imports from the image server (the SDK's ImportImage)"),
            new Extension("vm_support",
                    "POST /1.0/applications?vm=true takes an application package for a VM image, as VM images are taken"),
            new Extension("zip_archive_support",
                    "an application package may be a zip archive, checked by the same rules as a tarball"),
            new Extension("application_manifest_version",
                    "the manifest's version key is read, validated and shown as manifest_version"),
            new Extension("application_resource_customization",
                    "the manifest's resources key (cpus, memory, disk-size, gpu-slots, vpu-slots, …) is read and validated"),
            new Extension("application_watchdog_settings",
                    "the manifest's watchdog key is read and validated"),
            new Extension("application_services_configuration",
                    "the manifest's services key is read and validated"),
            new Extension("application_gpu_encoder",
                    "the manifest's video-encoder key is read and validated"),
            new Extension("application_partial_updates",
                    "PATCH /1.0/applications/{id} with JSON changes only the fields it names; those of a version make a new version"),
            new Extension("bulk_delete.applications",
                    "DELETE /1.0/applications with {\"ids\",\"force\"} deletes several applications, all or none"));

    private ApiExtensions() {
    }

    /** The names {@code GET /1.0} answers. */
    public static List<String> names() {
        return ALL.stream().map(Extension::name).toList();
    }
}
