package io.amsfleet.server.image;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;


@MicronautTest(transactional = false)

class CatalogueApiOnH2Test extends CatalogueApiContract {
    @Override
    protected String database() {
        return "h2";
    }
}
