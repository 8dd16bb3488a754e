package io.amsfleet.server.db;

import io.micronaut.data.model.jpa.criteria.PersistentEntityCriteriaQuery;
import io.micronaut.data.repository.jpa.criteria.CriteriaQueryBuilder;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

/**
 * A page of a table in the order of its key, for the collection endpoints ({@code offset} and
 * {@code limit}, a negative limit meaning all).
 *
 * <p>Built with Micronaut Data's criteria rather than as one native query with
 * {@code (:x IS NULL OR col = :x)} filters: each combination of filters becomes its own statement
 * with only its own predicates, so H2 (which picks indexes when it prepares) and PostgreSQL (whose
 * generic plans cannot drop the {@code IS NULL} branches) plan every shape on its own index. The
 * filter values are bound; offset and limit are integers Micronaut Data writes into the statement.
 */
public final class KeyOrderPage {
    private KeyOrderPage() {
    }

    /** Callers answer a zero limit themselves: Micronaut Data reads a limit of 0 as none. */
    public static <E> CriteriaQueryBuilder<E> of(Class<E> entity, String keyProperty, PredicateSpecification<E> filter,
                                                 int offset, int limit) {
        if (limit == 0) {
            throw new IllegalArgumentException("a page of no rows needs no query");
        }
        return cb -> {
            PersistentEntityCriteriaQuery<E> query = (PersistentEntityCriteriaQuery<E>) cb.createQuery(entity);
            Root<E> root = query.from(entity);
            query.select(root);
            Predicate where = filter.toPredicate(root, cb);
            if (where != null) {
                query.where(where);
            }
            query.orderBy(cb.asc(root.get(keyProperty)));
            if (offset > 0) {
                query.offset(offset);
            }
            if (limit > 0) {
                query.limit(limit);
            }
            return query;
        };
    }
}
