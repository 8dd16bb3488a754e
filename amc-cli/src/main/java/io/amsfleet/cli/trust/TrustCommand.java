package io.amsfleet.cli.trust;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code amc config trust}: the server's trust store. A client certificate in it authenticates
 * an https:// client with the certificate's role, no token needed.
 */
@Command(name = "trust", description = "Manage the client certificates the server trusts (admin).",
        subcommands = {TrustAddCommand.class, TrustListCommand.class, TrustRemoveCommand.class})
public final class TrustCommand extends CommandGroup {
}
