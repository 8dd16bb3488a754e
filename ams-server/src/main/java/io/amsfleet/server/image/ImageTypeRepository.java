package io.amsfleet.server.image;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

/**
 * {@code image_types}. ANSI, like every catalogue repository: what it generates (unescaped names,
 * {@code OFFSET … FETCH}) and the native statements run unchanged on H2 and PostgreSQL, and the
 * dialect is fixed when the repository is compiled.
 */
@JdbcRepository(dialect = Dialect.ANSI)
interface ImageTypeRepository extends GenericRepository<ImageTypeRow, String> {

    /** The first lock of the documented order (type, image, content): see {@link ImageCatalogue}. */
    @Query("SELECT image_count FROM image_types WHERE type = :type FOR UPDATE")
    Optional<Long> lockCount(String type);

    Optional<Long> findImageCountByType(String type);

    @Query("SELECT SUM(image_count) FROM image_types")
    Optional<Long> total();

    @Query("UPDATE image_types SET image_count = image_count + :delta WHERE type = :type")
    int changeCount(String type, int delta);
}
