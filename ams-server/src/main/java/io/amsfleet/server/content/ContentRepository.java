package io.amsfleet.server.content;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@code content}; ANSI for both databases, as the image repositories. */
@JdbcRepository(dialect = Dialect.ANSI)
interface ContentRepository extends GenericRepository<ContentRow, String> {

    @Query("SELECT sha256 FROM content WHERE sha256 = :sha256 FOR UPDATE")
    Optional<String> lock(String sha256);

    /**
     * The last locks of the documented order (type, image, application, content), in sha256 order so that two
     * collectors of overlapping batches cannot deadlock.
     */
    @Query("SELECT sha256 FROM content WHERE sha256 IN (:sha256s) ORDER BY sha256 FOR UPDATE")
    List<String> lockAll(Collection<String> sha256s);

    /**
     * Run after {@link #lockAll}: a statement that starts then sees every reference committed before,
     * the recycle bin's included (its entries keep their content until purged).
     */
    @Query("SELECT content_sha256 FROM image_versions WHERE content_sha256 IN (:sha256s)"
            + " UNION SELECT content_sha256 FROM application_versions WHERE content_sha256 IN (:sha256s)"
            + " UNION SELECT package_sha256 FROM application_versions WHERE package_sha256 IN (:sha256s)"
            + " UNION SELECT content_sha256 FROM trash_versions WHERE content_sha256 IN (:sha256s)")
    List<String> referenced(Collection<String> sha256s);

    ContentRow save(ContentRow row);

    boolean existsBySha256(String sha256);

    @Query("DELETE FROM content WHERE sha256 IN (:sha256s)")
    int deleteAll(Collection<String> sha256s);

    @Query("SELECT c.sha256 FROM content c"
            + " WHERE NOT EXISTS (SELECT 1 FROM image_versions v WHERE v.content_sha256 = c.sha256)"
            + " AND NOT EXISTS (SELECT 1 FROM application_versions a WHERE a.content_sha256 = c.sha256)"
            + " AND NOT EXISTS (SELECT 1 FROM application_versions p WHERE p.package_sha256 = c.sha256)"
            + " AND NOT EXISTS (SELECT 1 FROM trash_versions t WHERE t.content_sha256 = c.sha256)"
            + " ORDER BY c.sha256 FETCH FIRST :limit ROWS ONLY")
    List<String> unreferenced(int limit);
}
