package io.amsfleet.server.image;

import io.amsfleet.model.DeletionReport.AppRef;
import io.amsfleet.server.db.Sql;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the image catalogue. Every method runs in the caller's transaction; the
 * {@code lock…} methods take row locks that the deletion rules rely on:
 * <ul>
 *   <li>the {@code image_types} row of a type serialises creating, whole-image deleting and
 *       default switching within that type (so "the default" and "the last image" are stable);</li>
 *   <li>the {@code images} row serialises everything about one image: new versions, version
 *       deletes, and applications pinning its versions.</li>
 * </ul>
 * Locks are always taken in that order (type, then image) so that transactions cannot deadlock.
 * Every query is by key or index: none scans the catalogue.
 */
@Singleton
public class ImageCatalogue {
    private static final String IMAGE_COLUMNS = "pk, id, name, type, architecture, variant, default_type, immutable,"
            + " status_code, next_version, revision, busy_until, busy_operation, created_at";
    private static final String VERSION_COLUMNS = "image_pk, version, fingerprint, content_sha256, size, created_at,"
            + " status_code, remote_id, error_message";

    private final Sql sql;

    public ImageCatalogue(Sql sql) {
        this.sql = sql;
    }

    public Optional<ImageRecord> findById(String id) {
        return sql.one("SELECT " + IMAGE_COLUMNS + " FROM images WHERE id = ?", ImageCatalogue::image, id);
    }

    public Optional<ImageRecord> findByName(String name, String type) {
        return sql.one("SELECT " + IMAGE_COLUMNS + " FROM images WHERE type = ? AND name = ?", ImageCatalogue::image,
                type, name);
    }

    public List<ImageRecord> findByIdPrefix(String prefix, int limit) {
        return sql.list("SELECT " + IMAGE_COLUMNS + " FROM images WHERE id LIKE ? ORDER BY id FETCH FIRST " + limit
                + " ROWS ONLY", ImageCatalogue::image, prefix + "%");
    }

    public Optional<ImageRecord> findDefault(String type) {
        return sql.one("SELECT " + IMAGE_COLUMNS + " FROM images WHERE default_type = ?", ImageCatalogue::image, type);
    }

    /** Locks the image row; empty when it was deleted meanwhile. */
    public Optional<ImageRecord> lock(long pk) {
        return sql.one("SELECT " + IMAGE_COLUMNS + " FROM images WHERE pk = ? FOR UPDATE", ImageCatalogue::image, pk);
    }

    /** Locks the type row and returns how many images of that type exist. */
    public long lockType(String type) {
        return sql.one("SELECT image_count FROM image_types WHERE type = ? FOR UPDATE", rs -> rs.getLong(1), type)
                .orElseThrow(() -> new IllegalStateException("unknown image type " + type));
    }

    public long countOfType(String type) {
        return sql.count("SELECT image_count FROM image_types WHERE type = ?", type);
    }

    public void changeCount(String type, int delta) {
        sql.update("UPDATE image_types SET image_count = image_count + ? WHERE type = ?", delta, type);
    }

    public List<VersionRecord> versions(long imagePk) {
        return sql.list("SELECT " + VERSION_COLUMNS + " FROM image_versions WHERE image_pk = ? ORDER BY version",
                ImageCatalogue::version, imagePk);
    }

    public Optional<VersionRecord> version(long imagePk, int version) {
        return sql.one("SELECT " + VERSION_COLUMNS + " FROM image_versions WHERE image_pk = ? AND version = ?",
                ImageCatalogue::version, imagePk, version);
    }

    /** Versions of several images at once, for a page of the list. */
    public Map<Long, List<VersionRecord>> versions(Collection<Long> imagePks) {
        Map<Long, List<VersionRecord>> out = new HashMap<>();
        if (imagePks.isEmpty()) {
            return out;
        }
        for (VersionRecord v : sql.list("SELECT " + VERSION_COLUMNS + " FROM image_versions WHERE image_pk IN "
                + Sql.placeholders(imagePks.size()) + " ORDER BY image_pk, version", ImageCatalogue::version,
                imagePks.toArray())) {
            out.computeIfAbsent(v.imagePk(), k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** Applications with a version pinning any version of the image. */
    public List<AppRef> applicationsUsing(long imagePk) {
        return sql.list("SELECT DISTINCT a.id, a.name FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
                + " WHERE av.image_pk = ? ORDER BY a.name", rs -> new AppRef(rs.getString(1), rs.getString(2)), imagePk);
    }

    /** Applications with a version pinning this image version. */
    public List<AppRef> applicationsPinning(long imagePk, int version) {
        return sql.list("SELECT DISTINCT a.id, a.name FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
                        + " WHERE av.image_pk = ? AND av.image_version = ? ORDER BY a.name",
                rs -> new AppRef(rs.getString(1), rs.getString(2)), imagePk, version);
    }

    /** Application ids using each of several images, for a page of the list. */
    public Map<Long, List<String>> usedBy(Collection<Long> imagePks) {
        Map<Long, List<String>> out = new HashMap<>();
        if (imagePks.isEmpty()) {
            return out;
        }
        sql.list("SELECT DISTINCT av.image_pk, a.id FROM application_versions av JOIN applications a ON a.pk = av.app_pk"
                        + " WHERE av.image_pk IN " + Sql.placeholders(imagePks.size()) + " ORDER BY av.image_pk, a.id",
                rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)),
                imagePks.toArray());
        return out;
    }

    public long insertImage(String id, String name, String type, String architecture, String variant,
                            boolean isDefault, boolean immutable, int statusCode, long createdAt) {
        return sql.insert("INSERT INTO images (id, name, type, architecture, variant, default_type, immutable, status_code,"
                        + " next_version, revision, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)",
                id, name, type, architecture, variant, isDefault ? type : null, immutable, statusCode, createdAt);
    }

    /** Adds the image's next version and returns its number (numbers are never reused). */
    public int addVersion(ImageRecord lockedImage, String fingerprint, String contentSha256, long size, int statusCode,
                          String remoteId) {
        int number = lockedImage.nextVersion();
        sql.update("INSERT INTO image_versions (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                lockedImage.pk(), number, fingerprint, contentSha256, size, System.currentTimeMillis() / 1000,
                statusCode, remoteId);
        sql.update("UPDATE images SET next_version = ?, revision = revision + 1 WHERE pk = ?", number + 1,
                lockedImage.pk());
        return number;
    }

    /** Adds a version known on the image server but not downloaded yet. */
    public int addRemoteVersion(ImageRecord lockedImage, String release, String sha256, long size, String remotePath) {
        int number = addVersion(lockedImage, sha256, null, size, io.amsfleet.model.ImageStatus.AVAILABLE.code(), release);
        sql.update("UPDATE image_versions SET remote_path = ? WHERE image_pk = ? AND version = ?", remotePath,
                lockedImage.pk(), number);
        return number;
    }

    public Optional<String> remotePath(long imagePk, int version) {
        return sql.one("SELECT remote_path FROM image_versions WHERE image_pk = ? AND version = ?",
                rs -> rs.getString(1), imagePk, version).filter(java.util.Objects::nonNull);
    }

    public void setVersionState(long imagePk, int version, int statusCode, String errorMessage) {
        sql.update("UPDATE image_versions SET status_code = ?, error_message = ? WHERE image_pk = ? AND version = ?",
                statusCode, errorMessage, imagePk, version);
        touch(imagePk);
    }

    public void setVersionContent(long imagePk, int version, String contentSha256) {
        sql.update("UPDATE image_versions SET content_sha256 = ?, status_code = ?, error_message = NULL"
                        + " WHERE image_pk = ? AND version = ?", contentSha256, io.amsfleet.model.ImageStatus.ACTIVE.code(),
                imagePk, version);
        touch(imagePk);
    }

    public int deleteVersion(long imagePk, int version) {
        return sql.update("DELETE FROM image_versions WHERE image_pk = ? AND version = ?", imagePk, version);
    }

    /** Deletes the image with its versions (the pins must have been released). */
    public void deleteImage(long imagePk) {
        sql.update("DELETE FROM image_versions WHERE image_pk = ?", imagePk);
        sql.update("DELETE FROM images WHERE pk = ?", imagePk);
    }

    /**
     * Releases application pins on the image (or one version of it): the applications keep their
     * own content and the record of which image version they were built from.
     */
    public int releasePins(long imagePk, Integer version) {
        if (version == null) {
            return sql.update("UPDATE application_versions SET image_pk = NULL, image_version = NULL WHERE image_pk = ?",
                    imagePk);
        }
        return sql.update("UPDATE application_versions SET image_pk = NULL, image_version = NULL"
                + " WHERE image_pk = ? AND image_version = ?", imagePk, version);
    }

    /** Makes the image its type's default, taking the flag from the previous default. */
    public void makeDefault(ImageRecord image) {
        sql.update("UPDATE images SET default_type = NULL, revision = revision + 1 WHERE default_type = ? AND pk <> ?",
                image.type(), image.pk());
        sql.update("UPDATE images SET default_type = ?, revision = revision + 1 WHERE pk = ?", image.type(), image.pk());
    }

    /** Marks a change to the image that its representation shows (versions, used_by, default). */
    public void touch(long imagePk) {
        sql.update("UPDATE images SET revision = revision + 1 WHERE pk = ?", imagePk);
    }

    public void setStatus(long imagePk, int statusCode) {
        sql.update("UPDATE images SET status_code = ?, revision = revision + 1 WHERE pk = ?", statusCode, imagePk);
    }

    public void markBusy(long imagePk, String operationId, long untilMillis) {
        sql.update("UPDATE images SET busy_operation = ?, busy_until = ? WHERE pk = ?", operationId, untilMillis, imagePk);
    }

    public int extendBusy(long imagePk, String operationId, long untilMillis) {
        return sql.update("UPDATE images SET busy_until = ? WHERE pk = ? AND busy_operation = ?", untilMillis, imagePk,
                operationId);
    }

    public void clearBusy(long imagePk, String operationId) {
        sql.update("UPDATE images SET busy_operation = NULL, busy_until = NULL WHERE pk = ? AND busy_operation = ?",
                imagePk, operationId);
    }

    /** Remembers a force-deleted synced image so that the next sync does not bring it back. */
    public void tombstone(String name, String type) {
        sql.update("DELETE FROM remote_tombstones WHERE type = ? AND name = ?", type, name);
        sql.update("INSERT INTO remote_tombstones (name, type, deleted_at) VALUES (?, ?, ?)", name, type,
                System.currentTimeMillis() / 1000);
    }

    public boolean isTombstoned(String name, String type) {
        return sql.exists("SELECT 1 FROM remote_tombstones WHERE type = ? AND name = ?", type, name);
    }

    public void forgetTombstone(String name, String type) {
        sql.update("DELETE FROM remote_tombstones WHERE type = ? AND name = ?", type, name);
    }

    /** Releases every busy hold; only safe when no other process can hold one. */
    public int clearAllBusy() {
        return sql.update("UPDATE images SET busy_operation = NULL, busy_until = NULL WHERE busy_operation IS NOT NULL");
    }

    public List<ImageRecord> page(ImageFilter filter, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        String paging = " ORDER BY pk OFFSET " + Math.max(0, offset) + " ROWS"
                + (limit >= 0 ? " FETCH NEXT " + limit + " ROWS ONLY" : "");
        return sql.list("SELECT " + IMAGE_COLUMNS + " FROM images" + where + paging, ImageCatalogue::image,
                params.toArray());
    }

    /**
     * How many images match; from the per-type counters when only the type filters, from a unique
     * index otherwise, so that counting never scans the catalogue.
     */
    public long count(ImageFilter filter) {
        if (filter.name() == null && filter.isDefault() == null && filter.namePrefix() == null) {
            return filter.type() == null
                    ? sql.count("SELECT SUM(image_count) FROM image_types")
                    : countOfType(filter.type());
        }
        if (Boolean.FALSE.equals(filter.isDefault()) && filter.name() == null && filter.namePrefix() == null) {
            long all = filter.type() == null ? sql.count("SELECT SUM(image_count) FROM image_types")
                    : countOfType(filter.type());
            return all - count(new ImageFilter(filter.type(), null, true));
        }
        List<Object> params = new ArrayList<>();
        return sql.count("SELECT COUNT(*) FROM images" + where(filter, params), params.toArray());
    }

    private static String where(ImageFilter filter, List<Object> params) {
        List<String> terms = new ArrayList<>();
        if (filter.type() != null) {
            terms.add("type = ?");
            params.add(filter.type());
        }
        if (filter.name() != null) {
            terms.add("name = ?");
            params.add(filter.name());
        }
        if (filter.isDefault() != null) {
            terms.add(filter.isDefault() ? "default_type IS NOT NULL" : "default_type IS NULL");
        }
        if (filter.namePrefix() != null) {
            terms.add("name LIKE ? ESCAPE '!'");
            params.add(filter.namePrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    static ImageRecord image(ResultSet rs) throws SQLException {
        return new ImageRecord(rs.getLong("pk"), rs.getString("id"), rs.getString("name"), rs.getString("type"),
                rs.getString("architecture"), rs.getString("variant"), rs.getString("default_type") != null,
                rs.getBoolean("immutable"), rs.getInt("status_code"), rs.getInt("next_version"), rs.getLong("revision"),
                Sql.nullableLong(rs, "busy_until"), rs.getString("busy_operation"), rs.getLong("created_at"));
    }

    static VersionRecord version(ResultSet rs) throws SQLException {
        return new VersionRecord(rs.getLong("image_pk"), rs.getInt("version"), rs.getString("fingerprint"),
                rs.getString("content_sha256"), rs.getLong("size"), rs.getLong("created_at"), rs.getInt("status_code"),
                rs.getString("remote_id"), rs.getString("error_message"));
    }
}
