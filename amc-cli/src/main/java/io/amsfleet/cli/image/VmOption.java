package io.amsfleet.cli.image;

import picocli.CommandLine.Option;

/**
 * {@code --vm}: names are unique per type, so {@code foo} may be both a container and a VM image;
 * without the flag the container one is meant, as on the server.
 */
final class VmOption {
    @Option(names = "--vm", description = "The VM image of that name, not the container one.")
    boolean vm;

    /** {@code ?type=vm} (or {@code &type=vm}) for a VM image; nothing for a container image. */
    String query(char separator) {
        return vm ? separator + "type=vm" : "";
    }

    String type() {
        return vm ? "vm" : "container";
    }
}
