package io.amsfleet.server.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class AttacksFromOutsideOnH2Test extends AttacksFromOutsideContract {
    @Override
    protected String database() {
        return "h2";
    }
}
