package io.amsfleet.cli.trash;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.NameRule;
import io.amsfleet.cli.Refusal;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.client.ApiError;
import io.amsfleet.cli.client.Json;
import io.amsfleet.model.Operation;
import io.amsfleet.model.TrashRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc trash restore}: brings a deleted image or version back, same id, versions and
 * content, and waits for the operation. A refusal is the server's message; where its details
 * name the way out (the image that took the name, the image's own entry) amc adds the command.
 */
@Command(name = "restore", description = {"Bring a deleted image or image version back.",
        "--name restores an image under another name (when its own was taken since)."})
final class TrashRestoreCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.TRASH_ENTRY)
    @Parameters(paramLabel = "<id|sha256:digest>", description = "Entry id, or sha256:<12+ hex digits> of a deleted version.")
    String entry;

    @Option(names = "--name", paramLabel = "<name>", description = "Restore the image under this name.")
    String name;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    TrashRestoreCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (name != null) {
            NameRule.check("image", name);
        }
        Operation op;
        try {
            op = session.client().async("POST", TrashEntries.path(entry) + "/restore",
                    name == null ? null : new TrashRestore(name), timeout.value());
        } catch (ApiError e) {
            String hint = hint(e);
            if (hint == null) {
                throw e;
            }
            throw new CommandFailure(Refusal.of(e).explain() + "\n  " + hint);
        }
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println(TrashEntries.what(Json.MAPPER.valueToTree(meta)) + " restored");
        return ExitStatus.OK;
    }

    /** The next command, where the refusal's details name it. */
    private String hint(ApiError e) {
        return switch (e.reason()) {
            case "name_taken" -> "restore it under another name: amc trash restore " + entry + " --name <new name>";
            case "image_in_trash" -> e.details().hasNonNull("image_trash_id")
                    ? "restore the image first: amc trash restore " + e.details().path("image_trash_id").asText()
                    : null;
            default -> null;
        };
    }
}
