package io.amsfleet.server.sdk;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class SdkCallsOnH2Test extends SdkCallsContract {
    @Override
    protected String database() {
        return "h2";
    }
}
