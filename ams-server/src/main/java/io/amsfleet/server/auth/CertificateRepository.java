package io.amsfleet.server.auth;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Sort;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The {@code certificates} table (the trust store). */
@JdbcRepository(dialect = Dialect.ANSI)
public interface CertificateRepository extends CrudRepository<CertificateRow, String> {

    List<CertificateRow> findAll(Sort sort);

    int deleteByFingerprint(String fingerprint);
}
