package io.amsfleet.server.image;

import io.amsfleet.server.db.DbSettings;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The recycle bin's rows (docs/trash.md): a delete moves what it removes here ({@link #bin}, in
 * the delete's transaction), a restore moves it back under the same keys, a purge drops it. The
 * catalogue's tables never hold a binned row, so every query of the catalogue ignores the bin
 * without knowing of it. Every method runs in the caller's transaction; the entry's lock comes
 * after its type's and image's, before the applications' (docs/applications.md, "Locks").
 * Deciding when to restore or purge is the {@code trash} package's.
 */
@Singleton
public class ImageBin {
    private final TrashRepository items;
    private final TrashVersionRepository binned;
    private final VersionRepository versions;
    private final ImageRepository images;
    private final PinRepository pins;
    private final ImageCatalogue catalogue;
    private final TrashSettings settings;
    private final TransactionOperations<Connection> tx;
    private final boolean postgres;

    ImageBin(TrashRepository items, TrashVersionRepository binned, VersionRepository versions, ImageRepository images,
             PinRepository pins, ImageCatalogue catalogue, TrashSettings settings, TransactionOperations<Connection> tx,
             DbSettings db) {
        this.tx = tx;
        this.postgres = db.usesPostgres();
        this.items = items;
        this.binned = binned;
        this.versions = versions;
        this.images = images;
        this.pins = pins;
        this.catalogue = catalogue;
        this.settings = settings;
    }

    /** {@code trash_items.deleted_by}'s width. */
    private static final int MAX_BY = 128;
    public static final String IMAGE = "image";
    public static final String VERSION = "version";

    /** An entry, with the versions it holds. */
    public record Item(long pk, String id, String kind, long imagePk, String imageId, String name, String type,
                       boolean immutable, Integer version, long deletedAt, String deletedBy, boolean forced,
                       long purgeAt, List<Binned> versions) {
        public boolean wholeImage() {
            return IMAGE.equals(kind);
        }

        public long size() {
            return versions.stream().mapToLong(Binned::size).sum();
        }

        /** The content this entry keeps referenced, each blob once. */
        public List<String> content() {
            return versions.stream().map(Binned::contentSha256).filter(Objects::nonNull).distinct().sorted().toList();
        }
    }

    /** A version as it was when binned. */
    public record Binned(int version, String fingerprint, String contentSha256, long size) {
    }

    /** Whether deletes go to the bin ({@code AMS_TRASH_RETENTION} not 0). */
    public boolean enabled() {
        return settings.retention() != null;
    }

    /**
     * Moves the image's versions (all of them, or {@code version}) into a new entry, before the
     * delete removes them from the catalogue. Returns the entry.
     */
    Item bin(ImageRecord image, Integer version, String deletedBy, boolean forced) {
        long now = System.currentTimeMillis();
        TrashItemRow item = items.save(new TrashItemRow(null, Xid.next(), version == null ? IMAGE : VERSION,
                image.pk(), image.id(), image.name(), image.type(), image.architecture(), image.variant(),
                image.immutable(), image.statusCode(), image.nextVersion(), image.createdAt(), version, now,
                deletedBy.length() > MAX_BY ? deletedBy.substring(0, MAX_BY) : deletedBy, forced, now + settings.retention().toMillis()));
        List<VersionRow> moved = versions.findByKeyImagePkOrderByKeyVersion(image.pk()).stream()
                .filter(v -> version == null || v.key().version() == version).toList();
        List<TrashVersionRow> rows = new ArrayList<>();
        for (VersionRow v : moved) {
            rows.add(binned.save(TrashVersionRow.of(item.pk(), v)));
        }
        return item(item, rows);
    }

    /**
     * On PostgreSQL, the whole of a version delete's catalogue writes in one statement: the new
     * entry, the version row moved into it (deleted from the catalogue, copied as it was), the
     * image's revision. Four round trips were one each, on the path every delete takes
     * (docs/performance.md). {@code moving} is the version as the caller read it under the image's
     * lock, for the entry's answer. Empty where the database cannot do it in one (H2): the caller
     * then takes {@link #bin} and the catalogue's own statements.
     */
    Optional<Item> binDeletingVersion(ImageRecord image, VersionRecord moving, String deletedBy, boolean forced) {
        if (!postgres) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        String xid = Xid.next();
        String by = deletedBy.length() > MAX_BY ? deletedBy.substring(0, MAX_BY) : deletedBy;
        long purgeAt = now + settings.retention().toMillis();
        Connection c = (Connection) tx.findTransactionStatus()
                .orElseThrow(() -> new IllegalStateException("no transaction")).getConnection();
        String sql = "WITH moved AS (DELETE FROM image_versions WHERE image_pk = ? AND version = ? RETURNING *),"
                + " entry AS (INSERT INTO trash_items (id, kind, image_pk, image_id, name, type, architecture, variant,"
                + " immutable, status_code, next_version, image_created_at, version, deleted_at, deleted_by, forced,"
                + " purge_at) VALUES (?, 'version', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pk),"
                + " held AS (INSERT INTO trash_versions (trash_pk, version, fingerprint, content_sha256, size, created_at,"
                + " status_code, remote_id, error_message, remote_path, last_used_at) SELECT entry.pk, m.version,"
                + " m.fingerprint, m.content_sha256, m.size, m.created_at, m.status_code, m.remote_id, m.error_message,"
                + " m.remote_path, m.last_used_at FROM entry, moved m RETURNING version),"
                + " touched AS (UPDATE images SET revision = revision + 1 WHERE pk = ? RETURNING pk)"
                + " SELECT entry.pk, (SELECT count(*) FROM held), (SELECT count(*) FROM touched) FROM entry";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 0;
            s.setLong(++i, image.pk());
            s.setInt(++i, moving.version());
            s.setString(++i, xid);
            s.setLong(++i, image.pk());
            s.setString(++i, image.id());
            s.setString(++i, image.name());
            s.setString(++i, image.type());
            s.setString(++i, image.architecture());
            s.setString(++i, image.variant());
            s.setBoolean(++i, image.immutable());
            s.setInt(++i, image.statusCode());
            s.setInt(++i, image.nextVersion());
            s.setLong(++i, image.createdAt());
            s.setInt(++i, moving.version());
            s.setLong(++i, now);
            s.setString(++i, by);
            s.setBoolean(++i, forced);
            s.setLong(++i, purgeAt);
            s.setLong(++i, image.pk());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(2) != 1 || rs.getLong(3) != 1) {
                    // The caller holds the image locked and read the version under that lock.
                    throw new IllegalStateException("version " + moving.version() + " of image " + image.id()
                            + " was not where its lock said it was");
                }
                return Optional.of(new Item(rs.getLong(1), xid, VERSION, image.pk(), image.id(), image.name(),
                        image.type(), image.immutable(), moving.version(), now, by, forced, purgeAt,
                        List.of(new Binned(moving.version(), moving.fingerprint(), moving.contentSha256(),
                                moving.size()))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not move version " + moving.version() + " of image " + image.id()
                    + " to the recycle bin: " + e.getMessage(), e);
        }
    }

    public Optional<Item> find(String id) {
        return items.findByXid(id).map(this::withVersions);
    }

    /** Locks the entry; empty when it was restored or purged meanwhile. */
    public Optional<Item> lock(String id) {
        return items.lock(id).map(this::withVersions);
    }

    /** The entry holding the whole image, while it is binned. */
    public Optional<Item> imageEntry(long imagePk) {
        return items.imageEntry(imagePk).map(this::withVersions);
    }

    /** Newest first, with their versions in one more query. */
    public List<Item> page(int offset, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<TrashItemRow> rows = items.page(Math.max(0, offset), limit < 0 ? Integer.MAX_VALUE : limit);
        Map<Long, List<TrashVersionRow>> held = new HashMap<>();
        if (!rows.isEmpty()) {
            for (TrashVersionRow v : binned.findByKeyTrashPkInOrderByKeyTrashPkAndKeyVersion(
                    rows.stream().map(TrashItemRow::pk).toList())) {
                held.computeIfAbsent(v.key().trashPk(), k -> new ArrayList<>()).add(v);
            }
        }
        return rows.stream().map(r -> item(r, held.getOrDefault(r.pk(), List.of()))).toList();
    }

    public long count() {
        return items.total();
    }

    /** Ids of entries whose window has passed, oldest first. */
    public List<String> due(long nowMillis, int limit) {
        return items.due(nowMillis, limit);
    }

    /** Ids of entries deleted before the moment, oldest first. */
    public List<String> deletedBefore(long beforeMillis, int limit) {
        return items.deletedBefore(beforeMillis, limit);
    }

    /** A binned version whose fingerprint a digest names, and the entry holding it. */
    public record DigestMatch(String id, int version, String fingerprint) {
    }

    /** Binned versions whose fingerprint matches the LIKE pattern ({@link Digests#pattern}). */
    public List<DigestMatch> byFingerprint(String pattern, int limit) {
        return items.byFingerprint(pattern, limit).stream()
                .map(m -> new DigestMatch(m.id(), m.version(), m.fingerprint())).toList();
    }

    /**
     * Puts a locked whole-image entry back as the image it was, under its own key, id and version
     * numbers, named {@code name}; the type's row must be locked (its count changes). Pins that a
     * forced delete released come back; a synced image loses its tombstone. Returns the image.
     */
    public ImageRecord restoreImage(Item item, String name, boolean makeDefault) {
        TrashItemRow row = items.findByXid(item.id()).orElseThrow();
        images.insertWithKey(row.imagePk(), row.imageId(), name, row.type(), row.architecture(), row.variant(),
                makeDefault ? row.type() : null, row.immutable(), row.statusCode(), row.nextVersion(),
                row.imageCreatedAt());
        putBack(item, row.imagePk());
        catalogue.changeCount(row.type(), 1);
        if (row.immutable()) {
            catalogue.forgetTombstone(row.name(), row.type());
        }
        return catalogue.lock(row.imagePk()).orElseThrow();
    }

    /** Puts a locked version entry back into its image, which the caller holds locked. */
    public void restoreVersion(Item item, ImageRecord lockedImage) {
        putBack(item, lockedImage.pk());
        catalogue.touch(lockedImage.pk());
    }

    private void putBack(Item item, long imagePk) {
        List<TrashVersionRow> rows = binned.findByKeyTrashPkOrderByKeyVersion(item.pk());
        for (TrashVersionRow v : rows) {
            versions.save(v.back(imagePk));
        }
        drop(item);
        if (!rows.isEmpty()) {
            pins.relinkPins(imagePk, item.imageId(), rows.stream().map(v -> v.key().version()).toList());
        }
    }

    /**
     * Removes a locked entry for good. Returns the content it held, to be collected after the
     * commit by whoever called (unless something else still references it).
     */
    public List<String> purge(Item item) {
        drop(item);
        return item.content();
    }

    private void drop(Item item) {
        binned.deleteByKeyTrashPk(item.pk());
        items.deleteById(item.pk());
    }

    private Item withVersions(TrashItemRow row) {
        return item(row, binned.findByKeyTrashPkOrderByKeyVersion(row.pk()));
    }

    private static Item item(TrashItemRow r, List<TrashVersionRow> versions) {
        return new Item(r.pk(), r.xid(), r.kind(), r.imagePk(), r.imageId(), r.name(), r.type(), r.immutable(),
                r.version(), r.deletedAt(), r.deletedBy(), r.forced(), r.purgeAt(), versions.stream()
                .map(v -> new Binned(v.key().version(), v.fingerprint(), v.contentSha256(), v.size())).toList());
    }
}
