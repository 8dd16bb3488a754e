package io.amsfleet.server.application;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;

import java.util.List;
import java.util.Optional;

/** {@code applications}; ANSI for both databases, as the image repositories. */
@JdbcRepository(dialect = Dialect.ANSI)
interface ApplicationRepository extends GenericRepository<ApplicationRow, Long>,
        JpaSpecificationExecutor<ApplicationRow> {
    Optional<ApplicationRow> findByXid(String xid);

    Optional<ApplicationRow> findByName(String name);

    Optional<ApplicationRow> findById(long pk);

    ApplicationRow save(ApplicationRow row);

    ApplicationRow update(ApplicationRow row);

    @Query("SELECT pk FROM applications WHERE pk = :pk FOR UPDATE")
    Optional<Long> lock(long pk);

    /** The applications whose newest version pins an older version of the image, for automatic updates. */
    @Query("SELECT a.pk FROM applications a WHERE a.inhibit_auto_updates = FALSE AND EXISTS (SELECT 1 FROM"
            + " application_versions v WHERE v.app_pk = a.pk AND v.image_pk = :imagePk AND v.number = (SELECT"
            + " MAX(w.number) FROM application_versions w WHERE w.app_pk = a.pk) AND v.image_version < :version)"
            + " ORDER BY a.pk")
    List<Long> behindOn(long imagePk, int version);

    int deleteById(long pk);

    long count();
}
