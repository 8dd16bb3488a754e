package io.amsfleet.server.application;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class ApplicationConcurrencyOnH2Test extends ApplicationConcurrencyContract {
    @Override
    protected String database() {
        return "h2";
    }
}
