package io.amsfleet.server.tls;

import io.amsfleet.server.db.H2Repository;
import io.amsfleet.server.db.PostgresRepository;
import io.micronaut.data.model.Sort;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The {@code certificates} table (the trust store). */
public interface CertificateRepository extends CrudRepository<CertificateRow, String> {

    List<CertificateRow> findAll(Sort sort);

    int deleteByFingerprint(String fingerprint);

    @H2Repository
    interface OnH2 extends CertificateRepository {
    }

    @PostgresRepository
    interface OnPostgres extends CertificateRepository {
    }
}
