package io.amsfleet.server.retention;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class RetentionOnH2Test extends RetentionContract {
    @Override
    protected String database() {
        return "h2";
    }
}
