package io.amsfleet.server.trash;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class TrashOnH2Test extends TrashContract {
    @Override
    protected String database() {
        return "h2";
    }
}
