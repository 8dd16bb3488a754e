package io.amsfleet.server.application;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class ApplicationsOnH2Test extends ApplicationsContract {
    @Override
    protected String database() {
        return "h2";
    }
}
