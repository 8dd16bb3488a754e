package io.amsfleet.server.auth;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;


@MicronautTest(transactional = false)

class AccessControlOnH2Test extends AccessControlContract {
    @Override
    protected String database() {
        return "h2";
    }
}
