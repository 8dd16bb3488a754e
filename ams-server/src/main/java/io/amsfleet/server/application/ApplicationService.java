package io.amsfleet.server.application;

import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationVersion;
import io.amsfleet.model.ApplicationsPost;
import io.amsfleet.model.ImageStatus;
import io.amsfleet.model.Operation;
import io.amsfleet.model.ReasonCode;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.audit.AuditAction;
import io.amsfleet.server.audit.AuditLog;
import io.amsfleet.server.auth.DeleteRateLimit;
import io.amsfleet.server.auth.Identity;
import io.amsfleet.server.content.ContentCollector;
import io.amsfleet.server.db.KeyOrderPage;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.image.ImageCatalogue;
import io.amsfleet.server.image.ImageLookup;
import io.amsfleet.server.image.ImageRecord;
import io.amsfleet.server.image.ImageTypes;
import io.amsfleet.server.image.VersionRecord;
import io.amsfleet.server.image.Xid;
import io.amsfleet.server.operation.OperationStore;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applications and the image versions they pin. Pinning happens under the image's row lock, the
 * same lock a version delete takes, so a version cannot be deleted (without force) while an
 * application is being created on it.
 */
@Singleton
public class ApplicationService {
    private static final int READY = 2;

    private final Transactions tx;
    private final ApplicationRepository apps;
    private final ApplicationVersionRepository appVersions;
    private final ImageLookup lookup;
    private final ImageCatalogue images;
    private final OperationStore operations;
    private final ContentCollector collector;
    private final AuditLog audit;
    private final io.amsfleet.server.remote.ContentDownloader downloader;
    private final DeleteRateLimit rateLimit;
    private final io.amsfleet.server.events.Events events;

    ApplicationService(Transactions tx, ApplicationRepository apps, ApplicationVersionRepository appVersions,
                       ImageLookup lookup, ImageCatalogue images,
                              OperationStore operations, ContentCollector collector, AuditLog audit,
                              io.amsfleet.server.remote.ContentDownloader downloader, DeleteRateLimit rateLimit,
                              io.amsfleet.server.events.Events events) {
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

    /**
     * Creates the application; when its version is a synced one not downloaded yet, answers with a
     * running operation and creates the application once the download has finished.
     */
    public Operation create(ApplicationsPost body) {
        try {
            return createNow(body);
        } catch (NeedsDownload pending) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", body.name());
            meta.put("image_id", pending.imageId);
            meta.put("image_version", pending.version);
            Operation op = tx.write(() -> operations.recordRunning("Create application " + body.name()
                            + " (downloading its image first)", Map.of("images", List.of("/1.0/images/" + pending.imageId)),
                    meta));
            var request = io.micronaut.http.context.ServerRequestContext.currentRequest().orElse(null);
            downloader.downloadLater(pending.imagePk, pending.version).whenComplete((ok, failure) -> {
                if (failure != null) {
                    operations.finish(op.id(), false, io.amsfleet.server.remote.RemoteImageService.rootMessage(failure), meta);
                    return;
                }
                Runnable finish = () -> {
                    try {
                        Operation created = createNow(body);
                        meta.putAll(created.metadata());
                        operations.finish(op.id(), true, "", meta);
                    } catch (RuntimeException e) {
                        operations.finish(op.id(), false, e.getMessage(), meta);
                    }
                };
                if (request != null) {
                    io.micronaut.http.context.ServerRequestContext.with(request, finish);
                } else {
                    finish.run();
                }
            });
            return op;
        }
    }

    private Operation createNow(ApplicationsPost body) {
        if (body == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\": \"my-app\", \"image\": \"my-image\"}");
        }
        String name = ImageTypes.checkName("application", body.name());
        boolean vm = Boolean.TRUE.equals(body.vm());
        String type = vm ? "vm" : "container";
        if (body.imageVersion() != null && body.imageVersion() < 0) {
            throw ApiException.badRequest("image_version must be a non-negative integer");
        }
        return tx.write(() -> {
            ImageRecord found;
            if (body.image() == null || body.image().isBlank()) {
                found = images.findDefault(type).orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND,
                        "there is no default " + type + " image; name an image"));
            } else {
                found = lookup.resolve(body.image(), type);
            }
            ImageRecord image = images.lock(found.pk()).orElseThrow(() -> ApiException.notFound(
                    "image " + found.name() + " not found (it was deleted meanwhile)"));
            if (findByName(name).isPresent()) {
                throw new ApiException(ReasonCode.ALREADY_EXISTS, "an application named " + name + " already exists",
                        Map.of("name", name));
            }
            VersionRecord version = pickVersion(image, body.imageVersion());
            String id = Xid.next();
            long now = System.currentTimeMillis() / 1000;
            long pk = apps.save(new ApplicationRow(null, id, name, vm, READY, image.id(), image.variant(), now)).pk();
            appVersions.save(new ApplicationVersionRow(new ApplicationVersionRow.Key(pk, 0), image.pk(), version.version(),
                    image.id(), version.version(), version.contentSha256(), READY, now));
            images.touch(image.pk());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("application_id", id);
            meta.put("name", name);
            meta.put("image_id", image.id());
            meta.put("image_version", version.version());
            Operation op = operations.recordSuccess("Create application " + name,
                    Map.of("applications", List.of("/1.0/applications/" + id),
                            "images", List.of("/1.0/images/" + image.id())), meta);
            events.lifecycle(io.amsfleet.server.events.LifecycleAction.APPLICATION_CREATED, "/1.0/applications/" + id,
                    Map.of("id", id, "name", name, "image_id", image.id(), "image_version", version.version()));
            audit.recordSuccess(new AuditLog.Target(AuditAction.APPLICATION_CREATE, image.id(), image.name(), version.version(),
                    name, false, false), op.id());
            return op;
        });
    }

    private VersionRecord pickVersion(ImageRecord image, Integer wanted) {
        List<VersionRecord> versions = images.versions(image.pk());
        if (wanted != null) {
            VersionRecord v = versions.stream().filter(x -> x.version() == wanted).findFirst()
                    .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "version " + wanted + " of image "
                            + image.name() + " not found", Map.of("image", image.id(), "version", wanted)));
            if (v.contentSha256() == null) {
                throw images.remotePath(image.pk(), v.version()).isPresent()
                        ? new NeedsDownload(image.pk(), v.version(), image.id()) : notDownloaded(image, v);
            }
            return v;
        }
        if (image.immutable() && versions.stream().noneMatch(v -> v.contentSha256() != null) && !versions.isEmpty()) {
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

    /** Deletes the application, charging it to {@code caller}'s delete allowance as image deletes are. */
    public Operation delete(String idOrName, Identity caller) {
        List<String> released = new ArrayList<>();
        Operation op = rateLimit.charged(caller, () -> deleteNow(idOrName, released));
        collector.collectLater(released);
        return op;
    }

    private Operation deleteNow(String idOrName, List<String> released) {
        return tx.write(() -> {
            ApplicationRow app = resolve(idOrName);
            apps.lock(app.pk()).orElseThrow(() -> ApiException.notFound("application " + idOrName + " not found"));
            List<Long> pinnedImages = appVersions.pinnedImages(app.pk());
            released.addAll(appVersions.contentOf(app.pk()));
            appVersions.deleteByKeyAppPk(app.pk());
            apps.deleteById(app.pk());
            pinnedImages.stream().sorted().forEach(images::touch);
            Operation deleted = operations.recordSuccess("Delete application " + app.name(),
                    Map.of("applications", List.of("/1.0/applications/" + app.xid())),
                    Map.of("application_id", app.xid(), "name", app.name()));
            events.lifecycle(io.amsfleet.server.events.LifecycleAction.APPLICATION_DELETED,
                    "/1.0/applications/" + app.xid(), Map.of("id", app.xid(), "name", app.name()));
            audit.recordSuccess(AuditLog.Target.other(AuditAction.APPLICATION_DELETE, app.name()), deleted.id());
            return deleted;
        });
    }

    public Application get(String idOrName) {
        return tx.read(() -> view(resolve(idOrName)));
    }

    /** A page of applications, optionally by exact name, in creation order. */
    public List<Application> list(String name, int offset, int limit) {
        if (limit == 0) {
            return List.of();
        }
        PredicateSpecification<ApplicationRow> named = (root, cb) -> name == null ? null : cb.equal(root.get("name"), name);
        return tx.read(() -> {
            List<ApplicationRow> rows = apps.findAll(KeyOrderPage.of(ApplicationRow.class, "pk", named,
                    Math.max(0, offset), limit));
            Map<Long, List<ApplicationVersion>> versions = versionsOf(rows.stream().map(ApplicationRow::pk).toList());
            return rows.stream().map(r -> view(r, versions.getOrDefault(r.pk(), List.of()))).toList();
        });
    }

    /** How many applications there are, or how many have that exact name. */
    public long count(String name) {
        return tx.read(() -> name == null ? apps.count() : apps.countByName(name));
    }

    private ApplicationRow resolve(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw ApiException.badRequest("an application id or name is required");
        }
        return apps.findByXid(idOrName)
                .or(() -> findByName(idOrName))
                .orElseThrow(() -> new ApiException(ReasonCode.NOT_FOUND, "application " + idOrName + " not found",
                        Map.of("application", idOrName)));
    }

    private Optional<ApplicationRow> findByName(String name) {
        return apps.findByName(name);
    }

    private Application view(ApplicationRow r) {
        return view(r, versionsOf(List.of(r.pk())).getOrDefault(r.pk(), List.of()));
    }

    private Map<Long, List<ApplicationVersion>> versionsOf(List<Long> pks) {
        Map<Long, List<ApplicationVersion>> out = new HashMap<>();
        if (pks.isEmpty()) {
            return out;
        }
        for (ApplicationVersionRow v : appVersions.findByKeyAppPkInOrderByKeyAppPkAndKeyNumber(pks)) {
            out.computeIfAbsent(v.key().appPk(), k -> new ArrayList<>()).add(new ApplicationVersion(v.key().number(),
                    v.parentImageId(), v.parentImageVersion(), v.createdAt(), "ready", v.statusCode(),
                    v.imagePk() == null));
        }
        return out;
    }

    private static Application view(ApplicationRow r, List<ApplicationVersion> versions) {
        return new Application(r.xid(), r.name(), "ready", r.statusCode(), r.createdAt(), r.parentImageId(),
                r.parentImageVariant(), r.vm(), false, versions);
    }
}
