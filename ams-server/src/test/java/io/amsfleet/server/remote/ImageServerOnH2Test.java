package io.amsfleet.server.remote;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;


@MicronautTest(transactional = false)

class ImageServerOnH2Test extends ImageServerContract {
    @Override
    protected String database() {
        return "h2";
    }
}
