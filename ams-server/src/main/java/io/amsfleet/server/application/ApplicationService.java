package io.amsfleet.server.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationPatch;
import io.amsfleet.model.ApplicationResources;
import io.amsfleet.model.ApplicationVersion;
import io.amsfleet.model.ApplicationVersionDetails;
import io.amsfleet.model.ApplicationsPost;
import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.auth.DeleteRateLimit;
import io.amsfleet.server.auth.Identity;
import io.amsfleet.server.content.ContentCatalogue;
import io.amsfleet.server.content.ContentCollector;
import io.amsfleet.server.db.KeyOrderPage;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.events.Events;
import io.amsfleet.server.events.LifecycleAction;
import io.amsfleet.server.image.DeletionPlan;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageLookup;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageTypes;
import io.amsfleet.server.image.ImageVersionListener;
import io.amsfleet.server.image.VersionRecord;
import io.amsfleet.server.image.Xid;
import io.amsfleet.server.operation.OperationStore;
import io.amsfleet.server.remote.ContentDownloader;
import io.amsfleet.server.remote.OperationProgress;
import io.amsfleet.server.remote.RemoteImageService;
import io.amsfleet.server.remote.ServerConfig;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.inject.Singleton;
import jakarta.persistence.criteria.Predicate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applications and their versions (docs/applications.md). Every version pins the image version it
 * was built on; pinning happens under the image's row lock, the same lock an image version delete
 * takes, so a version cannot be deleted (without force) while an application version is being
 * made on it. Locks follow the server's one order (docs/applications.md, "Locks"): image rows
 * (in pk order), then application rows (in pk order) — the order an image upload takes them in
 * when it updates applications automatically, so that the two cannot deadlock.
 */
@Singleton
public class ApplicationService implements ImageVersionListener {
    /** AMS's ApplicationStatus: ready. */
    static final int READY = 2;
    /** A version this server has finished: AMS shows a bootstrapped version as active. */
    static final int VERSION_DONE = ImageStatus.ACTIVE.code();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApplicationService.class);

    /** Trims left over by automatic updates (see {@link #versionAdded}), one at a time. */
    private final java.util.concurrent.ExecutorService trimmer = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "application-trim");
                t.setDaemon(true);
                return t;
            });

    private final Transactions tx;
    private final ApplicationRepository apps;
    private final ApplicationVersionRepository appVersions;
    private final ImageLookup lookup;
    private final ImageCatalogue images;
    private final OperationStore operations;
    private final ContentCollector collector;
    private final ContentCatalogue content;
    private final AuditLog audit;
    private final ContentDownloader downloader;
    private final DeleteRateLimit rateLimit;
    private final ServerConfig config;
    private final Events events;

    ApplicationService(Transactions tx, ApplicationRepository apps, ApplicationVersionRepository appVersions,
                       ImageLookup lookup, ImageCatalogue images, OperationStore operations,
                       ContentCollector collector, ContentCatalogue content, AuditLog audit,
                       ContentDownloader downloader, DeleteRateLimit rateLimit,
                       ServerConfig config, Events events) {
        this.events = events;
        this.rateLimit = rateLimit;
        this.audit = audit;
        this.downloader = downloader;
        this.tx = tx;
        this.apps = apps;
        this.appVersions = appVersions;
        this.lookup = lookup;
        this.images = images;
        this.operations = operations;
        this.collector = collector;
        this.content = content;
        this.config = config;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        trimmer.shutdownNow();
    }

    /** Signals that the pinned version must be downloaded from the image server first. */
    private static final class NeedsDownload extends RuntimeException {
        final long imagePk;
        final int version;
        final String imageId;

        NeedsDownload(long imagePk, int version, String imageId) {
            super(null, null, false, false);
            this.imagePk = imagePk;
            this.version = version;
            this.imageId = imageId;
        }
    }

    /** The application-wide settings, as columns hold them. */
    private record Settings(String instanceType, String bootPackage, String abi, List<String> tags,
                            ApplicationResources resources, List<String> nodeSelector) {
        static final Settings NONE = new Settings("", "", "", List.of(), ApplicationResources.NONE, List.of());
    }

    /** What a new application is made of: from JSON (no package) or from a package's manifest. */
    private record NewApp(String name, boolean vm, String image, Integer imageVersion, Settings settings,
                          String manifestVersion, ApplicationVersionDetails details, PackageReceiver.Received pkg) {
    }

    /** Beyond AMS: {@code POST /1.0/applications} with JSON, an application on an image version without a package. */
    public Operation create(ApplicationsPost body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\": \"my-app\", \"image\": \"my-image\"}");
        }
        if (body.imageVersion() != null && body.imageVersion() < 0) {
            throw ApiException.badRequest("image_version must be a non-negative integer");
        }
        return create(new NewApp(body.name(), Boolean.TRUE.equals(body.vm()), body.image(), body.imageVersion(),
                Settings.NONE, "", ApplicationVersionDetails.NONE, null));
    }

    /** {@code POST /1.0/applications?vm=…} with a package, as the SDK's CreateApplicationWithArgs sends it. */
    Operation create(boolean vm, PackageReceiver.Received pkg) {
        Manifest m = pkg.manifest();
        return create(new NewApp(m.name(), vm, m.image(), null, settings(m), nz(m.version()), m.details(), pkg));
    }

    /**
     * Creates the application; when its version is a synced one not downloaded yet, answers with a
     * running operation and creates the application once the download has finished. The package's
     * file is removed once it is in the content store or refused.
     */
    private Operation create(NewApp spec) {
        boolean handedOver = false;
        try {
            return createNow(spec);
        } catch (NeedsDownload pending) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", spec.name());
            meta.put("image_id", pending.imageId);
            meta.put("image_version", pending.version);
            Operation op = tx.write(() -> operations.recordCancellable("Create application " + spec.name()
                            + " (downloading its image first)", Map.of("images", List.of("/1.0/images/" + pending.imageId)),
                    meta));
            var request = io.micronaut.http.context.ServerRequestContext.currentRequest().orElse(null);
            handedOver = true;
            downloader.downloadLater(pending.imagePk, List.of(pending.version), () -> operations.cancelRequested(op.id()),
                    new OperationProgress(operations, op.id(), meta).of(pending.imageId))
                    .whenComplete((ok, failure) -> {
                if (ContentDownloader.wasCancelled(failure)) {
                    // Cancelled before the application existed: nothing of it was created.
                    discard(spec);
                    operations.finishCancelled(op.id(), meta);
                    return;
                }
                if (failure != null) {
                    discard(spec);
                    operations.finish(op.id(), false, RemoteImageService.rootMessage(failure), meta);
                    return;
                }
                Runnable finish = () -> {
                    try {
                        markDownloadedForUse(pending);
                        Operation created = createNow(spec);
                        meta.putAll(created.metadata());
                        operations.finish(op.id(), true, "", meta);
                    } catch (RuntimeException e) {
                        operations.finish(op.id(), false, e.getMessage(), meta);
                    } finally {
                        discard(spec);
                    }
                };
                if (request != null) {
                    io.micronaut.http.context.ServerRequestContext.with(request, finish);
                } else {
                    finish.run();
                }
            });
            return op;
        } finally {
            if (!handedOver) {
                discard(spec);
            }
        }
    }

    /**
     * Content downloaded for an application is a use of its version, whether or not the
     * application then gets created (docs/retention.md); under the image's lock, as every change
     * to its versions.
     */
    private void markDownloadedForUse(NeedsDownload pending) {
        tx.write(() -> {
            images.lock(pending.imagePk).ifPresent(locked ->
                    images.markUsed(locked.pk(), pending.version, System.currentTimeMillis()));
            return null;
        });
    }

    private static void discard(NewApp spec) {
        if (spec.pkg() != null) {
            spec.pkg().discard();
        }
    }

    private Operation createNow(NewApp spec) {
        String name = checkName(spec.name());
        String type = spec.vm() ? "vm" : "container";
        Policy policy = policy();
        return tx.write(() -> {
            ImageRecord image = lockImage(spec.image(), type);
            if (apps.findByName(name).isPresent()) {
                throw new ApiException(ReasonCode.ALREADY_EXISTS, "an application named " + name + " already exists",
                        Map.of("name", name));
            }
            VersionRecord version = pickVersion(image, spec.imageVersion(), true);
            long now = System.currentTimeMillis() / 1000;
            Settings s = spec.settings();
            ApplicationRow app = apps.save(new ApplicationRow(null, Xid.next(), name, spec.vm(), READY, image.id(),
                    image.variant(), now, s.instanceType(), s.bootPackage(), s.abi(), list(s.tags()), ",",
                    json(s.resources()), json(s.nodeSelector()), false, false, false, 0));
            // Raised before its version's, so that listeners learn of the application first.
            events.lifecycle(LifecycleAction.APPLICATION_CREATED,
                    "/1.0/applications/" + app.xid(), Map.of("id", app.xid(), "name", name, "image_id", image.id(),
                            "image_version", version.version()));
            List<String> released = new ArrayList<>();
            int number = addVersion(app, image, version, spec.manifestVersion(), spec.details(),
                    installPackage(spec.pkg()), policy, released);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("application_id", app.xid());
            meta.put("name", name);
            meta.put("version", number);
            meta.put("image_id", image.id());
            meta.put("image_version", version.version());
            Operation op = operations.recordSuccess("Create application " + name,
                    Map.of("applications", List.of("/1.0/applications/" + app.xid()),
                            "images", List.of("/1.0/images/" + image.id())), meta);
            audit.recordSuccess(new AuditLog.Target(AuditAction.APPLICATION_CREATE, image.id(), image.name(),
                    version.version(), name, false, false), op.id());
            return op;
        });
    }

    /** The run-time settings a new version follows, read before its transaction. */
    private record Policy(boolean autoPublish, int maxPublished) {
    }

    private Policy policy() {
        return new Policy(config.autoPublish(), config.maxPublishedVersions());
    }

    private String installPackage(PackageReceiver.Received pkg) {
        if (pkg == null) {
            return null;
        }
        content.install(pkg.sha256(), pkg.size(), pkg.file());
        return pkg.sha256();
    }

    private ImageRecord lockImage(String imageRef, String type) {
        ImageRecord found = findImage(imageRef, type);
        return images.lock(found.pk()).orElseThrow(() -> deletedMeanwhile(found));
    }

    private ImageRecord findImage(String imageRef, String type) {
        if (imageRef == null || imageRef.isBlank() || imageRef.equals("default")) {
            return images.findDefault(type).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                    "there is no default " + type + " image; name an image"));
        }
        return lookup.resolve(imageRef, type);
    }

    private static ApiException deletedMeanwhile(ImageRecord image) {
        return ApiException.notFound("image " + image.name() + " not found (it was deleted meanwhile)");
    }

    /**
     * Adds the application's next version on {@code version} of the locked {@code image}, published
     * when {@code application.auto_publish} says so, then keeps at most
     * {@code application.max_published_versions} published versions by deleting the oldest published
     * ones (AMS's clean-up). Returns the new version's number.
     */
    private int addVersion(ApplicationRow app, ImageRecord image, VersionRecord version, String manifestVersion,
                           ApplicationVersionDetails details, String packageSha, Policy policy, List<String> released) {
        return addVersion(app, image, version, manifestVersion, details, packageSha, policy, released, true);
    }

    /**
     * @param trim whether the published versions beyond the maximum may be deleted now: only when
     *             every image their pins touch is locked already (see {@link #versionAdded})
     */
    private int addVersion(ApplicationRow app, ImageRecord image, VersionRecord version, String manifestVersion,
                           ApplicationVersionDetails details, String packageSha, Policy policy, List<String> released,
                           boolean trim) {
        int number = app.nextVersion();
        long now = System.currentTimeMillis() / 1000;
        appVersions.save(new ApplicationVersionRow(new ApplicationVersionRow.Key(app.pk(), number), image.pk(),
                version.version(), image.id(), version.version(), version.contentSha256(), VERSION_DONE, now,
                nz(manifestVersion), policy.autoPublish(), json(details), packageSha, null));
        // A real use: retention's unused_for counts from here (docs/retention.md).
        images.markUsed(image.pk(), version.version(), System.currentTimeMillis());
        images.touch(image.pk());
        versionEvent(LifecycleAction.APPLICATION_VERSION_CREATED, app, number, Map.of("image_id", image.id(),
                "image_version", version.version(), "published", policy.autoPublish()));
        ApplicationRow updated = apps.update(app.withParent(image.id(), image.variant())
                .withNextVersion(number + 1, list(details.addons())));
        if (policy.autoPublish() && trim) {
            keepPublished(updated, policy.maxPublished(), released);
        }
        refreshPublished(updated.pk());
        return number;
    }

    /** An application version's lifecycle event, raised inside the change's transaction. */
    private void versionEvent(String action, ApplicationRow app, int number, Map<String, Object> more) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("application_id", app.xid());
        context.put("name", app.name());
        context.put("version", number);
        context.putAll(more);
        events.lifecycle(action, "/1.0/applications/" + app.xid() + "/" + number, context);
    }

    /** Deletes the oldest published versions beyond {@code max}; never the newest version. */
    private void keepPublished(ApplicationRow app, int max, List<String> released) {
        for (ApplicationVersionRow v : beyondMaximum(app.pk(), max)) {
            removeVersion(app, v, released);
        }
    }

    /** The oldest published versions beyond {@code max}. */
    private List<ApplicationVersionRow> beyondMaximum(long appPk, int max) {
        List<ApplicationVersionRow> published = versionRows(appPk).stream().filter(ApplicationVersionRow::published)
                .sorted(Comparator.comparingInt(v -> v.key().number())).toList();
        return published.subList(0, Math.max(0, published.size() - max));
    }

    private void removeVersion(ApplicationRow app, ApplicationVersionRow v, List<String> released) {
        appVersions.deleteVersion(app.pk(), v.key().number());
        versionEvent(LifecycleAction.APPLICATION_VERSION_DELETED, app, v.key().number(), Map.of());
        if (v.contentSha256() != null) {
            released.add(v.contentSha256());
        }
        if (v.packageSha256() != null) {
            released.add(v.packageSha256());
        }
        if (v.imagePk() != null) {
            images.touch(v.imagePk());
        }
    }

    private void refreshPublished(long appPk) {
        ApplicationRow app = apps.findById(appPk).orElseThrow();
        boolean any = versionRows(appPk).stream().anyMatch(ApplicationVersionRow::published);
        if (any != app.published()) {
            apps.update(app.withPublished(any));
        }
    }

    private VersionRecord pickVersion(ImageRecord image, Integer wanted, boolean mayDownload) {
        List<VersionRecord> versions = images.versions(image.pk());
        if (wanted != null) {
            VersionRecord v = versions.stream().filter(x -> x.version() == wanted).findFirst()
                    .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "version " + wanted + " of image "
                            + image.name() + " not found", Map.of("image", image.id(), "version", wanted)));
            if (v.contentSha256() == null) {
                throw mayDownload && images.remotePath(image.pk(), v.version()).isPresent()
                        ? new NeedsDownload(image.pk(), v.version(), image.id()) : notDownloaded(image, v);
            }
            return v;
        }
        if (mayDownload && image.immutable() && versions.stream().noneMatch(v -> v.contentSha256() != null)
                && !versions.isEmpty()) {
            VersionRecord newest = versions.get(versions.size() - 1);
            if (images.remotePath(image.pk(), newest.version()).isPresent()) {
                throw new NeedsDownload(image.pk(), newest.version(), image.id());
            }
        }
        return versions.stream().filter(v -> v.contentSha256() != null).max(Comparator.comparingInt(VersionRecord::version))
                .orElseThrow(() -> versions.isEmpty()
                        ? new ApiException(ReasonCode.NOT_FOUND, "image " + image.name() + " has no version")
                        : notDownloaded(image, versions.get(versions.size() - 1)));
    }

    private static ApiException notDownloaded(ImageRecord image, VersionRecord v) {
        return new ApiException(ReasonCode.IMAGE_NOT_DOWNLOADED, "version " + v.version() + " of image " + image.name()
                + " has no content on this server yet (status " + ImageStatus.ofCode(v.statusCode()).label()
                + "); sync it first", Map.of("image", image.id(), "version", v.version()));
    }

    // ---- updates ----

    /**
     * {@code PATCH /1.0/applications/{id}} with a package: the next version, built from the new
     * manifest (its name must be the application's) on the newest version of its image.
     */
    Operation update(String idOrName, PackageReceiver.Received pkg) {
        try {
            Manifest m = pkg.manifest();
            Policy policy = policy();
            List<String> released = new ArrayList<>();
            Operation op = tx.write(() -> {
                Locked locked = lockApp(idOrName, a -> m.image() == null ? a.parentImageId() : m.image());
                ApplicationRow app = locked.app();
                if (!m.name().equals(app.name())) {
                    throw Manifest.invalid("manifest.yaml: name " + Manifest.printable(m.name())
                            + " is not the application's name " + Manifest.printable(app.name()));
                }
                Settings s = settings(m);
                app = apps.update(app.withSettings(s.instanceType(), s.bootPackage(), s.abi(), list(s.tags()),
                        json(s.resources()), json(s.nodeSelector()), app.inhibitAutoUpdates()));
                ImageRecord image = locked.image();
                VersionRecord version = pickVersion(image, null, false);
                int number = addVersion(app, image, version, nz(m.version()), m.details(), installPackage(pkg), policy,
                        released);
                return versionOp("Update application " + app.name(), app, number, image, version);
            });
            collector.collectLater(released);
            return op;
        } finally {
            pkg.discard();
        }
    }

    /**
     * {@code PATCH /1.0/applications/{id}} with JSON ({@code ApplicationPatch}). The application's
     * own settings change in place; a change of a version's field makes the next version, a copy of
     * the newest with the change. An empty patch (the SDK's UpdateApplication) makes a version only
     * when the base image has a newer version than the newest version pins.
     */
    Operation update(String idOrName, ApplicationPatch patch) {
        ApplicationPatch p = patch == null ? new ApplicationPatch(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null) : patch;
        checkPatch(p);
        Policy policy = policy();
        List<String> released = new ArrayList<>();
        Operation op = tx.write(() -> {
            Locked locked = lockApp(idOrName, a -> p.image() != null ? p.image() : a.parentImageId());
            ApplicationRow app = locked.app();
            Settings old = settings(app);
            app = apps.update(app.withSettings(
                    p.instanceType() != null ? p.instanceType() : old.instanceType(), old.bootPackage(), old.abi(),
                    list(p.tags() != null ? p.tags() : old.tags()),
                    json(p.resources() != null ? old.resources().with(p.resources()) : old.resources()),
                    json(p.nodeSelector() != null ? p.nodeSelector() : old.nodeSelector()),
                    p.inhibitAutoUpdates() != null ? p.inhibitAutoUpdates() : app.inhibitAutoUpdates()));
            ApplicationVersionRow newest = newest(app.pk());
            ApplicationVersionDetails was = details(newest);
            ApplicationVersionDetails now = new ApplicationVersionDetails(
                    p.bootActivity() != null ? p.bootActivity() : was.bootActivity(),
                    p.requiredPermissions() != null ? p.requiredPermissions() : was.requiredPermissions(),
                    p.addons() != null ? p.addons() : was.addons(), was.extraData(),
                    p.videoEncoder() != null ? p.videoEncoder() : was.videoEncoder(),
                    p.watchdog() != null ? p.watchdog() : was.watchdog(),
                    p.services() != null ? p.services() : was.services(),
                    p.features() != null ? p.features() : was.features(),
                    p.hooks() != null ? p.hooks() : was.hooks(),
                    p.bootstrap() != null ? p.bootstrap() : was.bootstrap());
            String manifestVersion = p.manifestVersion() != null ? p.manifestVersion() : newest.manifestVersion();
            boolean versionFields = p.image() != null || !now.equals(was)
                    || !manifestVersion.equals(newest.manifestVersion());
            ImageRecord image = locked.image();
            VersionRecord latest = pickVersion(image, null, false);
            boolean newerImage = newest.imagePk() == null || newest.imagePk() != image.pk()
                    || newest.parentImageVersion() < latest.version();
            if (!versionFields && !(isEmpty(p) && newerImage)) {
                Operation done = operations.recordSuccess("Update application " + app.name(),
                        Map.of("applications", List.of("/1.0/applications/" + app.xid())),
                        Map.of("application_id", app.xid(), "name", app.name(), "new_version", false));
                events.lifecycle(LifecycleAction.APPLICATION_UPDATED, "/1.0/applications/" + app.xid(),
                        Map.of("id", app.xid(), "name", app.name()));
                audit.recordSuccess(AuditLog.Target.other(AuditAction.APPLICATION_UPDATE, app.name()), done.id());
                return done;
            }
            int number = addVersion(app, image, latest, manifestVersion, now, newest.packageSha256(), policy, released);
            return versionOp("Update application " + app.name(), app, number, image, latest);
        });
        collector.collectLater(released);
        return op;
    }

    private static boolean isEmpty(ApplicationPatch p) {
        return p.equals(new ApplicationPatch(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
    }

    private static void checkPatch(ApplicationPatch p) {
        try {
            if (p.instanceType() != null) {
                Manifest.instanceType(p.instanceType());
            }
            Manifest.tags("tags", p.tags());
            Manifest.tags("node_selector", p.nodeSelector());
            Manifest.resources(p.resources());
            Manifest.checkVersionFields(new ApplicationVersionDetails(p.bootActivity(), p.requiredPermissions(),
                    p.addons(), null, p.videoEncoder(), p.watchdog(), p.services(), p.features(), p.hooks(),
                    p.bootstrap()), "_");
            if (p.manifestVersion() != null && p.manifestVersion().length() > 50) {
                throw Manifest.invalid("manifest_version must be at most 50 characters");
            }
            if (p.image() != null && (p.image().isBlank() || p.image().length() > 255)) {
                throw Manifest.invalid("image must name an image (1 to 255 characters)");
            }
        } catch (ApiException e) {
            throw new ApiException(e.reason(), e.getMessage().replaceFirst("^manifest\\.yaml: ", "the request: "));
        }
    }

    private Operation versionOp(String description, ApplicationRow app, int number, ImageRecord image,
                                VersionRecord version) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("application_id", app.xid());
        meta.put("name", app.name());
        meta.put("new_version", true);
        meta.put("version", number);
        meta.put("image_id", image.id());
        meta.put("image_version", version.version());
        Operation op = operations.recordSuccess(description, Map.of("applications",
                List.of("/1.0/applications/" + app.xid()), "images", List.of("/1.0/images/" + image.id())), meta);
        audit.recordSuccess(new AuditLog.Target(AuditAction.APPLICATION_UPDATE, image.id(), image.name(),
                version.version(), app.name(), false, false), op.id());
        return op;
    }

    /**
     * AMS's automatic updates: an application whose newest version is built on an older version
     * of this image gets a new version on the new one, unless it inhibits automatic updates or
     * {@code application.auto_update} is off. Runs in the transaction adding the image version.
     */
    @Override
    public void versionAdded(ImageRecord image, int version) {
        if (!config.autoUpdate()) {
            return;
        }
        Optional<VersionRecord> added = images.version(image.pk(), version);
        if (added.isEmpty() || added.get().contentSha256() == null) {
            return;
        }
        // A download may bring an older synced version after a newer one: applications follow the newest.
        boolean isNewest = images.versions(image.pk()).stream()
                .noneMatch(v -> v.version() > version && v.contentSha256() != null);
        if (!isNewest) {
            return;
        }
        Policy policy = policy();
        List<String> released = new ArrayList<>();
        for (long appPk : apps.behindOn(image.pk(), version)) {
            // The image's row is locked by the caller, so the application's comes after it, as everywhere.
            apps.lock(appPk);
            ApplicationRow app = apps.findById(appPk).orElseThrow();
            ApplicationVersionRow newest = newest(appPk);
            int max = policy.maxPublished();
            // Trimming may delete versions on other images, whose rows would have to be locked after
            // this application's: out of order. Those are trimmed in a transaction of their own.
            boolean trimNow = beyondMaximum(appPk, max - 1).stream()
                    .allMatch(v -> v.imagePk() == null || v.imagePk() == image.pk());
            addVersion(app, image, added.get(), newest.manifestVersion(), details(newest), newest.packageSha256(),
                    policy, released, trimNow);
            if (!trimNow && policy.autoPublish()) {
                tx.afterCommit(() -> trimmer.execute(() -> trimLater(appPk)));
            }
        }
        collector.collectLater(released);
    }

    /** Trims an application's published versions to the maximum, taking the locks in order. */
    private void trimLater(long appPk) {
        try {
            List<String> released = new ArrayList<>();
            int max = config.maxPublishedVersions();
            tx.write(() -> {
                Optional<ApplicationRow> seen = apps.findById(appPk);
                if (seen.isPresent()) {
                    ApplicationRow app = lockApps(List.of(seen.get()), null).apps().get(0);
                    keepPublished(app, max, released);
                    refreshPublished(app.pk());
                }
                return null;
            });
            collector.collectLater(released);
        } catch (RuntimeException e) {
            // The next publish of a version of this application trims it again.
            LOG.warn("trimming the published versions of application {} failed: {}", appPk, e.toString());
        }
    }

    // ---- publishing ----

    /** {@code PATCH /1.0/applications/{id}/{version}}: publish or revoke. */
    Operation setPublished(String idOrName, int number, boolean published) {
        Policy policy = policy();
        List<String> released = new ArrayList<>();
        Operation op = tx.write(() -> {
            ApplicationRow app = lockApp(idOrName, null).app();
            ApplicationVersionRow v = versionRow(app, number);
            appVersions.setPublished(app.pk(), number, published);
            versionEvent(LifecycleAction.APPLICATION_VERSION_UPDATED, app, number, Map.of("published", published));
            if (published) {
                keepPublished(app, policy.maxPublished(), released);
            }
            refreshPublished(app.pk());
            Operation done = operations.recordSuccess((published ? "Publish" : "Revoke") + " version " + number
                            + " of application " + app.name(), Map.of("applications",
                            List.of("/1.0/applications/" + app.xid())),
                    Map.of("application_id", app.xid(), "name", app.name(), "version", v.key().number(),
                            "published", published));
            audit.recordSuccess(AuditLog.Target.other(published ? AuditAction.APPLICATION_PUBLISH
                    : AuditAction.APPLICATION_REVOKE, app.name()), done.id());
            return done;
        });
        collector.collectLater(released);
        return op;
    }

    // ---- deletes ----

    /** Deletes the application, charging it to {@code caller}'s delete allowance as image deletes are. */
    public Operation delete(String idOrName, boolean force, Identity caller) {
        List<String> released = new ArrayList<>();
        Operation op = rateLimit.charged(caller, () -> tx.write(() -> {
            ApplicationRow app = lockApp(idOrName, null).app();
            ApplicationPolicy.requireDeletable(app, force);
            removeApplication(app, released);
            Operation deleted = operations.recordSuccess("Delete application " + app.name(),
                    Map.of("applications", List.of("/1.0/applications/" + app.xid())),
                    Map.of("application_id", app.xid(), "name", app.name()));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.APPLICATION_DELETE, app.name()), deleted.id());
            return deleted;
        }));
        collector.collectLater(released);
        return op;
    }

    /**
     * {@code DELETE /1.0/applications} ({@code ApplicationsDelete}): all or nothing, as AMS aborts
     * the operation when one application cannot be deleted. Every refusal is named at once.
     */
    Operation deleteAll(List<String> ids, boolean force, Identity caller) {
        if (ids == null || ids.isEmpty()) {
            throw ApiException.badRequest("ids must list at least one application id or name");
        }
        if (ids.size() > 1000) {
            throw ApiException.badRequest("ids may list at most 1000 applications");
        }
        List<String> released = new ArrayList<>();
        Operation op = rateLimit.charged(caller, () -> tx.write(() -> {
            Map<Long, ApplicationRow> targets = new java.util.TreeMap<>();
            for (String id : ids) {
                ApplicationRow app = resolve(id);
                targets.put(app.pk(), app);
            }
            List<Map<String, Object>> failures = new ArrayList<>();
            ApiException first = null;
            for (ApplicationRow found : lockApps(List.copyOf(targets.values()), null).apps()) {
                try {
                    ApplicationPolicy.requireDeletable(found, force);
                } catch (ApiException refused) {
                    first = first == null ? refused : first;
                    failures.add(Map.of("application", found.xid(), "name", found.name(), "reason",
                            refused.reason().code(), "message", refused.getMessage()));
                }
            }
            if (first != null) {
                throw new ApiException(first.reason(), failures.size() + " of the " + targets.size()
                        + " applications cannot be deleted, so none was: " + first.getMessage(),
                        Map.of("failures", failures));
            }
            List<String> names = new ArrayList<>();
            for (ApplicationRow app : targets.values()) {
                removeApplication(app, released);
                names.add(app.name());
            }
            Operation deleted = operations.recordSuccess("Delete applications " + String.join(", ", names),
                    Map.of("applications", targets.values().stream().map(a -> "/1.0/applications/" + a.xid()).toList()),
                    Map.of("applications", targets.values().stream().map(ApplicationRow::xid).toList()));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.APPLICATION_BATCH_DELETE, String.join(",", names)),
                    deleted.id());
            return deleted;
        }));
        collector.collectLater(released);
        return op;
    }

    private void removeApplication(ApplicationRow app, List<String> released) {
        List<Long> pinnedImages = appVersions.pinnedImages(app.pk());
        released.addAll(appVersions.contentOf(app.pk()));
        appVersions.deleteByKeyAppPk(app.pk());
        apps.deleteById(app.pk());
        pinnedImages.stream().sorted().forEach(images::touch);
        events.lifecycle(LifecycleAction.APPLICATION_DELETED, "/1.0/applications/" + app.xid(),
                Map.of("id", app.xid(), "name", app.name()));
    }

    /** {@code DELETE /1.0/applications/{id}/{version}}: releases the version's pin and its content. */
    Operation deleteVersion(String idOrName, int number, boolean force, Identity caller) {
        List<String> released = new ArrayList<>();
        Operation op = rateLimit.charged(caller, () -> tx.write(() -> {
            ApplicationRow app = lockApp(idOrName, null).app();
            versionRow(app, number);
            ApplicationPolicy.requireVersionDeletable(app, versionRows(app.pk()), number, force);
            removeVersion(app, versionRow(app, number), released);
            refreshPublished(app.pk());
            ApplicationVersionRow newest = newest(app.pk());
            if (newest.imagePk() != null) {
                ApplicationRow now = apps.findById(app.pk()).orElseThrow();
                apps.update(now.withParent(newest.parentImageId(), now.parentImageVariant())
                        .withNextVersion(now.nextVersion(), list(details(newest).addons())));
            }
            Operation deleted = operations.recordSuccess("Delete version " + number + " of application " + app.name(),
                    Map.of("applications", List.of("/1.0/applications/" + app.xid())),
                    Map.of("application_id", app.xid(), "name", app.name(), "version", number));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.APPLICATION_VERSION_DELETE, app.name()),
                    deleted.id());
            return deleted;
        }));
        collector.collectLater(released);
        return op;
    }

    // ---- reading ----

    public Application get(String idOrName, Role caller) {
        return tx.read(() -> {
            ApplicationRow app = resolve(idOrName);
            return view(app, versionRows(app.pk()), caller);
        });
    }

    /** A page of applications matching the filter, in creation order. */
    public List<Application> list(ApplicationFilter filter, int offset, int limit, Role caller) {
        if (limit == 0) {
            return List.of();
        }
        return tx.read(() -> {
            List<ApplicationRow> rows = apps.findAll(KeyOrderPage.of(ApplicationRow.class, "pk", spec(filter),
                    Math.max(0, offset), limit));
            Map<Long, List<ApplicationVersionRow>> versions = new HashMap<>();
            if (!rows.isEmpty()) {
                for (ApplicationVersionRow v : appVersions.findByKeyAppPkInOrderByKeyAppPkAndKeyNumber(
                        rows.stream().map(ApplicationRow::pk).toList())) {
                    versions.computeIfAbsent(v.key().appPk(), k -> new ArrayList<>()).add(v);
                }
            }
            return rows.stream().map(r -> view(r, versions.getOrDefault(r.pk(), List.of()), caller)).toList();
        });
    }

    public long count(ApplicationFilter filter) {
        return tx.read(() -> apps.count(spec(filter)));
    }

    /** The filters as criteria: each value bound, lists matched as {@code ,value,} inside the column. */
    private static PredicateSpecification<ApplicationRow> spec(ApplicationFilter f) {
        return (root, cb) -> {
            List<Predicate> terms = new ArrayList<>();
            if (f.id() != null) {
                terms.add(cb.equal(root.get("xid"), f.id()));
            }
            if (f.name() != null) {
                terms.add(cb.equal(root.get("name"), f.name()));
            }
            if (f.statusCode() != null) {
                terms.add(cb.equal(root.get("statusCode"), f.statusCode()));
            }
            if (f.instanceType() != null) {
                terms.add(cb.equal(root.get("instanceType"), f.instanceType()));
            }
            if (f.bootPackage() != null) {
                terms.add(cb.equal(root.get("bootPackage"), f.bootPackage()));
            }
            if (f.abi() != null) {
                terms.add(cb.equal(root.get("abi"), f.abi()));
            }
            if (f.parentImageVariant() != null) {
                terms.add(cb.equal(root.get("parentImageVariant"), f.parentImageVariant()));
            }
            if (f.published() != null) {
                terms.add(cb.equal(root.get("published"), f.published()));
            }
            if (f.immutable() != null) {
                terms.add(cb.equal(root.get("immutable"), f.immutable()));
            }
            if (f.inhibitAutoUpdates() != null) {
                terms.add(cb.equal(root.get("inhibitAutoUpdates"), f.inhibitAutoUpdates()));
            }
            for (String tag : f.tags()) {
                terms.add(cb.like(root.get("tags"), "%," + likeLiteral(tag) + ",%"));
            }
            for (String addon : f.addons()) {
                terms.add(cb.like(root.get("addons"), "%," + likeLiteral(addon) + ",%"));
            }
            return terms.isEmpty() ? null : cb.and(terms.toArray(Predicate[]::new));
        };
    }

    private static String likeLiteral(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Applications locked for a change, and the image a new version is built on (or null). */
    private record Locked(List<ApplicationRow> apps, ImageRecord image) {
        ApplicationRow app() {
            return apps.get(0);
        }
    }

    /**
     * Locks one application for a change, after the image rows the change may write.
     *
     * @param imageRef the image a new version would be built on, from the application as it is
     *                 (null: the change makes no version)
     */
    private Locked lockApp(String idOrName, java.util.function.Function<ApplicationRow, String> imageRef) {
        ApplicationRow seen = resolve(idOrName);
        String ref = imageRef == null ? null : imageRef.apply(seen);
        Locked locked = lockApps(List.of(seen), imageRef == null ? null : findImage(ref, type(seen)));
        if (imageRef != null && !java.util.Objects.equals(imageRef.apply(locked.app()), ref)) {
            throw new Transactions.RetryableConflict("application " + seen.name() + " changed its image meanwhile");
        }
        return locked;
    }

    /**
     * Locks in the server's order: first the image rows — every image the applications' versions
     * pin (deleting a version marks its image changed) and {@code target} — in pk order, then the
     * applications in pk order. The pinned images are read before the applications are locked, so
     * they are read again after: a version made meanwhile on another image starts the transaction
     * over rather than have an image locked out of order.
     */
    private Locked lockApps(List<ApplicationRow> seen, ImageRecord target) {
        java.util.TreeSet<Long> imagePks = new java.util.TreeSet<>();
        for (ApplicationRow a : seen) {
            imagePks.addAll(appVersions.pinnedImages(a.pk()));
        }
        if (target != null) {
            imagePks.add(target.pk());
        }
        ImageRecord lockedTarget = null;
        for (long pk : imagePks) {
            Optional<ImageRecord> image = images.lock(pk);
            if (target != null && pk == target.pk()) {
                lockedTarget = image.orElseThrow(() -> deletedMeanwhile(target));
            }
        }
        Map<Long, ApplicationRow> locked = new HashMap<>();
        for (ApplicationRow a : seen.stream().sorted(Comparator.comparingLong(ApplicationRow::pk)).toList()) {
            apps.lock(a.pk()).orElseThrow(() -> ApiException.notFound("application " + a.name() + " not found"));
            if (!imagePks.containsAll(appVersions.pinnedImages(a.pk()))) {
                throw new Transactions.RetryableConflict("application " + a.name()
                        + " got a version on another image meanwhile");
            }
            locked.put(a.pk(), apps.findById(a.pk()).orElseThrow());
        }
        return new Locked(seen.stream().map(a -> locked.get(a.pk())).toList(), lockedTarget);
    }

    private ApplicationRow resolve(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw ApiException.badRequest("an application id or name is required");
        }
        return apps.findByXid(idOrName)
                .or(() -> apps.findByName(idOrName))
                .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "application " + idOrName + " not found",
                        Map.of("application", idOrName)));
    }

    private List<ApplicationVersionRow> versionRows(long appPk) {
        return appVersions.findByKeyAppPkInOrderByKeyAppPkAndKeyNumber(List.of(appPk));
    }

    private ApplicationVersionRow versionRow(ApplicationRow app, int number) {
        return versionRows(app.pk()).stream().filter(v -> v.key().number() == number).findFirst()
                .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "version " + number + " of application "
                        + app.name() + " not found", Map.of("application", app.xid(), "version", number)));
    }

    private ApplicationVersionRow newest(long appPk) {
        List<ApplicationVersionRow> rows = versionRows(appPk);
        return rows.get(rows.size() - 1);
    }

    private static Application view(ApplicationRow r, List<ApplicationVersionRow> rows, Role caller) {
        List<ApplicationVersion> versions = rows.stream().map(v -> {
            ApplicationVersionDetails d = details(v);
            ImageStatus status = ImageStatus.ofCode(v.statusCode());
            return new ApplicationVersion(v.key().number(), v.manifestVersion(), v.parentImageId(),
                    v.parentImageVersion(), status.code(), status.label(), v.published(), v.createdAt(),
                    d.bootActivity(), d.requiredPermissions(), d.addons() == null ? null
                    : d.addons().stream().map(ApplicationVersion.Addon::new).toList(), d.extraData(),
                    d.videoEncoder(), d.watchdog(), d.services(), d.features(), d.hooks(), d.bootstrap(),
                    v.imagePk() == null, v.imagePk() == null ? v.parentImageName() : null,
                    blockers(ApplicationPolicy.versionBlockers(r, rows, v.key().number(), caller)),
                    blockers(ApplicationPolicy.publishBlockers(caller)));
        }).toList();
        Settings s = settings(r);
        return new Application(r.xid(), r.name(), r.statusCode(), "ready", s.instanceType(), s.bootPackage(),
                r.parentImageId(), r.published(), versions, unlist(r.addons()), r.createdAt(), r.immutable(), s.tags(),
                s.resources(), s.abi(), r.inhibitAutoUpdates(), s.nodeSelector(), r.vm(), r.parentImageVariant(),
                blockers(ApplicationPolicy.applicationBlockers(r, caller)));
    }

    private static List<io.amsfleet.model.Blocker> blockers(List<DeletionPlan.Blocker> blockers) {
        return blockers.stream().map(DeletionPlan.Blocker::view).toList();
    }

    private static String type(ApplicationRow app) {
        return app.vm() ? "vm" : "container";
    }

    private static String checkName(String name) {
        return ImageTypes.checkName("application", name);
    }

    private static Settings settings(Manifest m) {
        return new Settings(nz(m.instanceType()), nz(m.bootPackage()), nz(m.abi()),
                m.tags() == null ? List.of() : m.tags(), m.resources() == null ? ApplicationResources.NONE
                : m.resources(), m.nodeSelector() == null ? List.of() : m.nodeSelector());
    }

    private static Settings settings(ApplicationRow r) {
        return new Settings(r.instanceType(), r.bootPackage(), r.abi(), unlist(r.tags()),
                read(r.resources(), new TypeReference<ApplicationResources>() { }, ApplicationResources.NONE),
                read(r.nodeSelector(), new TypeReference<List<String>>() { }, List.of()));
    }

    private static ApplicationVersionDetails details(ApplicationVersionRow v) {
        return read(v.details(), new TypeReference<ApplicationVersionDetails>() { }, ApplicationVersionDetails.NONE);
    }

    private static <T> T read(String text, TypeReference<T> type, T fallback) {
        try {
            T value = text == null || text.isEmpty() ? null : JSON.readValue(text, type);
            return value == null ? fallback : value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored application data is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ,a,b,}: what the list filters match against. */
    private static String list(List<String> values) {
        return values == null || values.isEmpty() ? "," : "," + String.join(",", values) + ",";
    }

    private static List<String> unlist(String column) {
        return Arrays.stream(column.split(",")).filter(s -> !s.isEmpty()).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
