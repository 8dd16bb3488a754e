package io.amsfleet.server.image;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;


@MicronautTest(transactional = false)

class ConcurrencyOnH2Test extends ConcurrencyContract {
    @Override
    protected String database() {
        return "h2";
    }
}
