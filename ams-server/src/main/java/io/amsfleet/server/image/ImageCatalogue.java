package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.model.ImageStatus;
import io.amsfleet.server.db.KeyOrderPage;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import jakarta.persistence.criteria.Predicate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image catalogue's rows, through its Micronaut Data repositories. Every method runs in the
 * caller's transaction; the {@code lock…} methods take row locks that the deletion rules rely on:
 * <ul>
 *   <li>the {@code image_types} row of a type serialises creating, whole-image deleting and
 *       default switching within that type (so "the default" and "the last image" are stable);</li>
 *   <li>the {@code images} row serialises everything about one image: new versions, version
 *       deletes, and applications pinning its versions.</li>
 * </ul>
 * Locks are always taken in that order (type, then image, then the applications that pin it:
 * docs/applications.md, "Locks") so that transactions cannot deadlock.
 * Every query is by key or index: none scans the catalogue.
 */
@Singleton
public class ImageCatalogue {
    private final ImageRepository images;
    private final ImageTypeRepository types;
    private final VersionRepository versions;
    private final TombstoneRepository tombstones;
    private final PinRepository pins;
    private final TransactionOperations<Connection> tx;

    ImageCatalogue(ImageRepository images, ImageTypeRepository types, VersionRepository versions,
                   TombstoneRepository tombstones, PinRepository pins, TransactionOperations<Connection> tx) {
        this.tx = tx;
        this.images = images;
        this.types = types;
        this.versions = versions;
        this.tombstones = tombstones;
        this.pins = pins;
    }

    public Optional<ImageRecord> findById(String id) {
        return images.findByXid(id).map(ImageRow::toRecord);
    }

    public Optional<ImageRecord> findByPk(long pk) {
        return images.findById(pk).map(ImageRow::toRecord);
    }

    public Optional<ImageRecord> findByName(String name, String type) {
        return images.findByTypeAndName(type, name).map(ImageRow::toRecord);
    }

    /** The prefix holds id characters only ({@link Xid#isIdPrefix}), none of them special to LIKE. */
    public List<ImageRecord> findByIdPrefix(String prefix, int limit) {
        return records(images.findByIdPattern(prefix + "%", limit));
    }

    public Optional<ImageRecord> findDefault(String type) {
        return images.findByDefaultType(type).map(ImageRow::toRecord);
    }

    /** Locks the image row; empty when it was deleted meanwhile. */
    public Optional<ImageRecord> lock(long pk) {
        return images.lock(pk).map(ImageRow::toRecord);
    }

    /** Locks the image row found by its id; empty when there is none. */
    public Optional<ImageRecord> lockById(String id) {
        return id != null && id.length() == 20 && Xid.isIdPrefix(id) ? images.lockByXid(id).map(ImageRow::toRecord)
                : Optional.empty();
    }

    /** Locks the type row and returns how many images of that type exist. */
    public long lockType(String type) {
        return types.lockCount(type).orElseThrow(() -> new IllegalStateException("unknown image type " + type));
    }

    public long countOfType(String type) {
        return types.findImageCountByType(type).orElse(0L);
    }

    public void changeCount(String type, int delta) {
        types.changeCount(type, delta);
    }

    public List<VersionRecord> versions(long imagePk) {
        return versions.findByKeyImagePkOrderByKeyVersion(imagePk).stream().map(VersionRow::toRecord).toList();
    }

    public Optional<VersionRecord> version(long imagePk, int version) {
        return versions.findByKey(new VersionRow.Key(imagePk, version)).map(VersionRow::toRecord);
    }

    /** Versions of several images at once, for a page of the list. */
    public Map<Long, List<VersionRecord>> versions(Collection<Long> imagePks) {
        Map<Long, List<VersionRecord>> out = new HashMap<>();
        if (imagePks.isEmpty()) {
            return out;
        }
        for (VersionRow v : versions.findByKeyImagePkInOrderByKeyImagePkAndKeyVersion(imagePks)) {
            out.computeIfAbsent(v.key().imagePk(), k -> new ArrayList<>()).add(v.toRecord());
        }
        return out;
    }

    /** Applications with a version pinning any version of the image. */
    public List<AppRef> applicationsUsing(long imagePk) {
        return appRefs(pins.usersOf(imagePk));
    }

    /** Applications with a version pinning this image version. */
    public List<AppRef> applicationsPinning(long imagePk, int version) {
        return appRefs(pins.usersOfVersion(imagePk, version));
    }

    /** An image's versions, and the applications pinning one of them. */
    public record VersionsAndPins(List<VersionRecord> versions, List<AppRef> pinning) {
    }

    /**
     * {@link #versions(long)} and {@link #applicationsPinning} in one query, in the caller's
     * transaction: a version delete's facts, read on every delete (docs/performance.md). A version
     * pinned by several application versions comes once per pin; each application is kept once,
     * in name order as {@code applicationsPinning} gives them.
     */
    public VersionsAndPins versionsPinning(long imagePk, int version) {
        Connection c = (Connection) tx.findTransactionStatus()
                .orElseThrow(() -> new IllegalStateException("no transaction")).getConnection();
        List<VersionRecord> found = new ArrayList<>();
        Map<String, AppRef> apps = new java.util.LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT v.image_pk, v.version, v.fingerprint, v.content_sha256,"
                + " v.size, v.created_at, v.status_code, v.remote_id, v.error_message, v.last_used_at, a.id, a.name"
                + " FROM image_versions v LEFT JOIN application_versions av ON av.image_pk = v.image_pk"
                + " AND av.image_version = v.version AND v.version = ? LEFT JOIN applications a ON a.pk = av.app_pk"
                + " WHERE v.image_pk = ? ORDER BY v.version, a.name")) {
            s.setInt(1, version);
            s.setLong(2, imagePk);
            try (ResultSet rs = s.executeQuery()) {
                int last = -1;
                while (rs.next()) {
                    int v = rs.getInt(2);
                    if (found.isEmpty() || v != last) {
                        long lastUsed = rs.getLong(10);
                        found.add(new VersionRecord(rs.getLong(1), v, rs.getString(3), rs.getString(4), rs.getLong(5),
                                rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                                rs.wasNull() ? null : lastUsed));
                        last = v;
                    }
                    String app = rs.getString(11);
                    if (app != null) {
                        apps.putIfAbsent(app, new AppRef(app, rs.getString(12)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the versions of image " + imagePk + ": " + e.getMessage(), e);
        }
        return new VersionsAndPins(found, List.copyOf(apps.values()));
    }

    /** The pins on each of several images, in one query: a page of the list knows its blockers from it. */
    public List<PinRepository.Pin> pinsOf(Collection<Long> imagePks) {
        return imagePks.isEmpty() ? List.of() : pins.pinsOf(imagePks);
    }

    public long insertImage(String id, String name, String type, String architecture, String variant,
                            boolean isDefault, boolean immutable, int statusCode, long createdAt) {
        return images.save(new ImageRow(null, id, name, type, architecture, variant, isDefault ? type : null, immutable,
                statusCode, 0, 1, null, null, createdAt, false, null)).pk();
    }

    /** Adds the image's next version and returns its number (numbers are never reused). */
    public int addVersion(ImageRecord lockedImage, String fingerprint, String contentSha256, long size, int statusCode,
                          String remoteId) {
        return insertVersion(lockedImage, fingerprint, contentSha256, size, statusCode, remoteId, null);
    }

    /** Adds a version known on the image server but not downloaded yet. */
    public int addRemoteVersion(ImageRecord lockedImage, String release, String sha256, long size, String remotePath) {
        return insertVersion(lockedImage, sha256, null, size, ImageStatus.AVAILABLE.code(), release, remotePath);
    }

    private int insertVersion(ImageRecord lockedImage, String fingerprint, String contentSha256, long size,
                              int statusCode, String remoteId, String remotePath) {
        int number = lockedImage.nextVersion();
        versions.save(new VersionRow(new VersionRow.Key(lockedImage.pk(), number), fingerprint, contentSha256, size,
                System.currentTimeMillis() / 1000, statusCode, remoteId, null, remotePath, null));
        images.setNextVersion(lockedImage.pk(), number + 1);
        return number;
    }

    public Optional<String> remotePath(long imagePk, int version) {
        return versions.findByKey(new VersionRow.Key(imagePk, version)).map(VersionRow::remotePath);
    }

    public void setVersionState(long imagePk, int version, int statusCode, String errorMessage) {
        versions.setState(imagePk, version, statusCode, errorMessage);
        touch(imagePk);
    }

    public void setVersionContent(long imagePk, int version, String contentSha256) {
        versions.setContent(imagePk, version, contentSha256, ImageStatus.ACTIVE.code());
        touch(imagePk);
    }

    /**
     * Synced versions whose download a killed process left running or failed become available
     * again, to be downloaded on next use. Only safe when no other process can be downloading.
     */
    public int resetInterruptedDownloads() {
        return versions.resetInterruptedDownloads();
    }

    /**
     * Records a real use of the version (an application version created on it, its content
     * downloaded for one): retention's {@code unused_for} reads it. Listing, showing or scanning
     * never calls this (docs/retention.md).
     */
    public void markUsed(long imagePk, int version, long atMillis) {
        versions.markUsed(imagePk, version, atMillis);
    }

    /** Up to {@code limit} images after {@code afterPk} in key order, of {@code type} (null: any). */
    public List<ImageRecord> after(String type, long afterPk, int limit) {
        return records(type == null ? images.after(afterPk, limit) : images.afterOfType(type, afterPk, limit));
    }

    public int deleteVersion(long imagePk, int version) {
        return versions.deleteByKey(new VersionRow.Key(imagePk, version));
    }

    /** Deletes the image with its versions (the pins must have been released). */
    public void deleteImage(long imagePk) {
        versions.deleteByKeyImagePk(imagePk);
        images.deleteById(imagePk);
    }

    /**
     * Releases application pins on the image (or one version of it): the applications keep their
     * own content and the record of which image version they were built from, and the image's name.
     */
    public int releasePins(long imagePk, String imageName, Integer version) {
        return version == null ? pins.releasePins(imagePk, imageName) : pins.releasePins(imagePk, version, imageName);
    }

    /** Makes the image its type's default, taking the flag from the previous default. */
    public void makeDefault(ImageRecord image) {
        images.clearDefaultExcept(image.type(), image.pk());
        images.setDefault(image.pk(), image.type());
    }

    /** Protects the image from deletion, or (with {@code unprotectAt}) ends its protection then. */
    public void setProtection(long imagePk, boolean protect, Long unprotectAt) {
        images.setProtection(imagePk, protect, unprotectAt);
    }

    /** Marks a change to the image that its representation shows (versions, used_by, default). */
    public void touch(long imagePk) {
        images.touch(imagePk);
    }

    public void setStatus(long imagePk, int statusCode) {
        images.setStatus(imagePk, statusCode);
    }

    public void markBusy(long imagePk, String operationId, long untilMillis) {
        images.markBusy(imagePk, operationId, untilMillis);
    }

    public int extendBusy(long imagePk, String operationId, long untilMillis) {
        return images.extendBusy(imagePk, operationId, untilMillis);
    }

    public void clearBusy(long imagePk, String operationId) {
        images.clearBusy(imagePk, operationId);
    }

    /** Remembers a force-deleted synced image so that the next sync does not bring it back. */
    public void tombstone(String name, String type) {
        TombstoneRow.Key key = new TombstoneRow.Key(type, name);
        tombstones.deleteByKey(key);
        tombstones.save(new TombstoneRow(key, System.currentTimeMillis() / 1000));
    }

    public boolean isTombstoned(String name, String type) {
        return tombstones.existsByKey(new TombstoneRow.Key(type, name));
    }

    public void forgetTombstone(String name, String type) {
        tombstones.deleteByKey(new TombstoneRow.Key(type, name));
    }

    /** Releases every busy hold; only safe when no other process can hold one. */
    public int clearAllBusy() {
        return images.clearAllBusy();
    }

    /** In creation order ({@code pk}): one type's pages are a range of {@code images_type_pk}. */
    public List<ImageRecord> page(ImageFilter filter, int offset, int limit) {
        if (limit == 0) {
            return List.of();
        }
        return records(images.findAll(KeyOrderPage.of(ImageRow.class, "pk", matching(filter), Math.max(0, offset),
                limit)));
    }

    /**
     * How many images match; from the per-type counters when only the type filters, from a unique
     * index otherwise, so that counting never scans the catalogue.
     */
    public long count(ImageFilter filter) {
        if (filter.name() == null && filter.isDefault() == null && filter.namePrefix() == null) {
            return filter.type() == null ? types.total().orElse(0L) : countOfType(filter.type());
        }
        if (Boolean.FALSE.equals(filter.isDefault()) && filter.name() == null && filter.namePrefix() == null) {
            long all = filter.type() == null ? types.total().orElse(0L) : countOfType(filter.type());
            return all - count(new ImageFilter(filter.type(), null, true));
        }
        return images.count(matching(filter));
    }

    /** Only the filters given become predicates (see {@link KeyOrderPage} for why). */
    private static PredicateSpecification<ImageRow> matching(ImageFilter filter) {
        return (root, cb) -> {
            List<Predicate> terms = new ArrayList<>();
            if (filter.type() != null) {
                terms.add(cb.equal(root.get("type"), filter.type()));
            }
            if (filter.name() != null) {
                terms.add(cb.equal(root.get("name"), filter.name()));
            }
            if (filter.isDefault() != null) {
                terms.add(filter.isDefault() ? cb.isNotNull(root.get("defaultType")) : cb.isNull(root.get("defaultType")));
            }
            if (filter.namePrefix() != null) {
                // Backslash is LIKE's escape character on both databases when none is named.
                String literal = filter.namePrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                terms.add(cb.like(root.get("name"), literal + "%"));
            }
            return terms.isEmpty() ? null : cb.and(terms.toArray(Predicate[]::new));
        };
    }

    private static List<ImageRecord> records(List<ImageRow> rows) {
        return rows.stream().map(ImageRow::toRecord).toList();
    }

    private static List<AppRef> appRefs(List<PinRepository.User> users) {
        return users.stream().map(u -> new AppRef(u.id(), u.name())).toList();
    }
}
