package io.amsfleet.server.content;

import io.amsfleet.server.db.Transactions;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code content} table: which blobs the catalogue knows. Every method runs inside the
 * caller's transaction and locks the content row it touches, so that installing and collecting
 * the same blob never interleave.
 */
@Singleton
public class ContentCatalogue {
    private final ContentRepository content;
    private final BlobStore blobs;

    ContentCatalogue(ContentRepository content, BlobStore blobs) {
        this.content = content;
        this.blobs = blobs;
    }

    /**
     * Makes sure the blob for {@code sha256} is present and registered, installing
     * {@code verifiedTempFile} if needed (otherwise it is deleted). The caller then references the
     * content from a version row in the same transaction.
     */
    public void install(String sha256, long size, Path verifiedTempFile) {
        boolean known = content.lock(sha256).isPresent();
        if (!known) {
            try {
                content.save(new ContentRow(sha256, size, System.currentTimeMillis()));
            } catch (RuntimeException e) {
                if (Transactions.isUniqueViolation(e)) {
                    // Another upload of the same content registered it first; run the
                    // transaction again, and it will find the row.
                    throw new Transactions.RetryableConflict(
                            "content " + sha256 + " registered concurrently");
                }
                throw e;
            }
        }
        try {
            if (blobs.exists(sha256)) {
                Files.deleteIfExists(verifiedTempFile);
            } else {
                blobs.put(verifiedTempFile, sha256);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store content " + sha256, e);
        }
    }

    /**
     * Removes the blob and its row if nothing references it any more. Must be the last thing its
     * transaction does: the blob is deleted while the row is locked, so no transaction can start
     * referencing it in between; if the commit is then lost, an unreferenced row without a blob is
     * left, which the next install repairs.
     *
     * @return true when the blob was removed
     */
    public boolean collectIfUnreferenced(String sha256) {
        return collectIfUnreferenced(List.of(sha256)) == 1;
    }

    /**
     * {@link #collectIfUnreferenced(String)} for several contents at once, in three statements
     * whatever their number: lock the rows (in sha256 order, so that two collectors cannot
     * deadlock), then — in a statement that starts after the locks are held, so it sees every
     * reference committed before them — find which are referenced, then remove the others' blobs
     * and rows. Returns how many were removed.
     */
    public int collectIfUnreferenced(List<String> sha256s) {
        if (sha256s.isEmpty()) {
            return 0;
        }
        List<String> known = content.lockAll(sha256s);
        if (known.isEmpty()) {
            return 0;
        }
        Set<String> referenced = new HashSet<>(content.referenced(known));
        List<String> unreferenced = known.stream().filter(sha -> !referenced.contains(sha)).toList();
        if (unreferenced.isEmpty()) {
            return 0;
        }
        unreferenced.forEach(this::deleteBlob);
        content.deleteAll(unreferenced);
        return unreferenced.size();
    }

    /** Deletes the blob, then its row, which the caller's transaction holds. */
    private void removeLockedBlob(String sha256) {
        deleteBlob(sha256);
        content.deleteAll(List.of(sha256));
    }

    private void deleteBlob(String sha256) {
        try {
            blobs.delete(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete content " + sha256, e);
        }
    }

    /**
     * Removes a blob that has no row, claiming it with a row of its own first (see
     * {@link ContentCollector}); a unique violation means the blob was registered meanwhile.
     */
    boolean collectOrphan(String sha256) {
        content.save(new ContentRow(sha256, 0, System.currentTimeMillis()));
        removeLockedBlob(sha256);
        return true;
    }

    public boolean isKnown(String sha256) {
        return content.existsBySha256(sha256);
    }

    /** Rows that nothing references, at most {@code limit} of them. */
    public List<String> unreferenced(int limit) {
        return content.unreferenced(limit);
    }
}
