package io.amsfleet.server.application;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;

import java.util.Optional;

/** {@code applications}; ANSI for both databases, as the image repositories. */
@JdbcRepository(dialect = Dialect.ANSI)
interface ApplicationRepository extends GenericRepository<ApplicationRow, Long>,
        JpaSpecificationExecutor<ApplicationRow> {
    Optional<ApplicationRow> findByXid(String xid);

    Optional<ApplicationRow> findByName(String name);

    ApplicationRow save(ApplicationRow row);

    @Query("SELECT pk FROM applications WHERE pk = :pk FOR UPDATE")
    Optional<Long> lock(long pk);

    int deleteById(long pk);

    long count();

    long countByName(String name);
}
