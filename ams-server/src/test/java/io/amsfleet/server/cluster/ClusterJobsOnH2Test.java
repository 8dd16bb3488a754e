package io.amsfleet.server.cluster;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class ClusterJobsOnH2Test extends ClusterJobsContract {
    @Override
    protected String database() {
        return "h2";
    }
}
