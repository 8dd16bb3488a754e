package io.amsfleet.cli.audit;

import io.amsfleet.cli.CommandGroup;
import io.amsfleet.cli.CommandWords;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code amc audit}: the server's record of every change asked of it. */
@Command(name = "audit", description = "Read the audit trail (admin).")
public final class AuditCommand extends CommandGroup {
    /** Its commands, in the order help lists them. */
    public static final List<CommandWords> COMMANDS = List.of(
            CommandWords.of(AuditListCommand.class, "list", "ls"));
}
