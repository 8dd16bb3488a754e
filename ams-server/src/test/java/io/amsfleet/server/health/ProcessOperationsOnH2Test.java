package io.amsfleet.server.health;

class ProcessOperationsOnH2Test extends ProcessOperationsContract {
    @Override
    protected String database() {
        return "h2";
    }
}
