package io.amsfleet.server.image;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class TarballHardeningOnH2Test extends TarballHardeningContract {
    @Override
    protected String database() {
        return "h2";
    }
}
