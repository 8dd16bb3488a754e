package io.amsfleet.cli.client;

import io.amsfleet.model.Operation;

/** Shows a running operation's progress while amc waits on it (a bar on a terminal), from the server's reports. */
public interface WaitProgress {
    /** The operation as last reported; its {@code metadata.progress}, when it has one, says how far it got. */
    void update(Operation op);

    /** The wait is over: finish what was drawn. */
    void close();
}
