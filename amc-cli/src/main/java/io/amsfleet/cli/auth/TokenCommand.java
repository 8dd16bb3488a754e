package io.amsfleet.cli.auth;

import io.amsfleet.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code amc auth token}: the server's bearer tokens, each a name with a role. */
@Command(name = "token", description = "Create, list and revoke bearer tokens (admin).",
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
final class TokenCommand extends CommandGroup {
}
