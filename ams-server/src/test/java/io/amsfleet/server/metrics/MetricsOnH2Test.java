package io.amsfleet.server.metrics;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class MetricsOnH2Test extends MetricsContract {
    @Override
    protected String database() {
        return "h2";
    }
}
