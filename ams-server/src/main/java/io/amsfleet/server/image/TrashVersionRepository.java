package io.amsfleet.server.image;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;

/** {@code trash_versions}; changed only under its entry's lock. */
@JdbcRepository(dialect = Dialect.ANSI)
interface TrashVersionRepository extends GenericRepository<TrashVersionRow, TrashVersionRow.Key> {
    TrashVersionRow save(TrashVersionRow row);

    List<TrashVersionRow> findByKeyTrashPkOrderByKeyVersion(long trashPk);

    /** The versions of several entries, for a page of the bin. */
    List<TrashVersionRow> findByKeyTrashPkInOrderByKeyTrashPkAndKeyVersion(Collection<Long> trashPks);

    int deleteByKeyTrashPk(long trashPk);
}
