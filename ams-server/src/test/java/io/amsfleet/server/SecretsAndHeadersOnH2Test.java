package io.amsfleet.server;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class SecretsAndHeadersOnH2Test extends SecretsAndHeadersContract {
    @Override
    protected String database() {
        return "h2";
    }
}
