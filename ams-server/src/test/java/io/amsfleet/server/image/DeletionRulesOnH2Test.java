package io.amsfleet.server.image;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class DeletionRulesOnH2Test extends DeletionRulesContract {
    @Override
    protected String database() {
        return "h2";
    }
}
