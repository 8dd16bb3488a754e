package io.amsfleet.server.image;

import jakarta.inject.Singleton;

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

    ImageBin(TrashRepository items, TrashVersionRepository binned, VersionRepository versions, ImageRepository images,
             PinRepository pins, ImageCatalogue catalogue, TrashSettings settings) {
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
