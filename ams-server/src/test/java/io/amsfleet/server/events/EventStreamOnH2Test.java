package io.amsfleet.server.events;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest(transactional = false)
class EventStreamOnH2Test extends EventStreamContract {
    @Override
    protected String database() {
        return "h2";
    }
}
