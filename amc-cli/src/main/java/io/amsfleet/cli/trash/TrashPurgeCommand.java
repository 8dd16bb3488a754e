package io.amsfleet.cli.trash;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.Confirmation;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.PointInTime;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.Json;
import io.amsfleet.cli.output.Timestamps;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc trash purge}: removes entries from the recycle bin for good, before their window
 * ends (admin). One entry, or with {@code --before} every entry deleted before a time — the
 * server's {@code DELETE /1.0/trash?before=}. Asks first, as deletes do, unless {@code --yes}.
 */
@Command(name = "purge", description = {"Remove entries from the recycle bin for good (admin).",
        "One entry, or with --before every entry deleted before a time: Unix seconds, ISO-8601"
                + " (2026-11-24T10:00:00Z), a date (2026-11-24) or how long ago (90m, 72h).",
        "Asks first unless --yes is given."})
final class TrashPurgeCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.TRASH_ENTRY)
    @Parameters(arity = "0..1", paramLabel = "<id|sha256:digest>",
            description = "Entry id, or sha256:<12+ hex digits> of a deleted version.")
    String entry;

    @Option(names = "--before", paramLabel = "<time>", description = "Purge every entry deleted before this time.")
    String before;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;

    TrashPurgeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if ((entry == null) == (before == null)) {
            throw new UsageError("name one entry, or give --before <time>, not both");
        }
        return entry != null ? purgeOne() : purgeBefore(PointInTime.toInstant("--before", before, Clock.systemUTC()));
    }

    private int purgeOne() {
        if (!yes) {
            Confirmation.requireTerminal(session.env());
            // Read first: what is asked about is what the server holds, and an unknown entry is said at once.
            JsonNode e = session.client().get(TrashEntries.path(entry));
            if (!Confirmation.ask(session.env(), "recycle bin entry", "recycle bin entries",
                    List.of(TrashEntries.describe(e)))) {
                return aborted();
            }
        }
        Operation op = session.client().async("DELETE", TrashEntries.path(entry), null, timeout.value());
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        session.env().out().println(TrashEntries.what(Json.MAPPER.valueToTree(meta)) + " purged from the recycle bin");
        return ExitStatus.OK;
    }

    private int purgeBefore(Instant cutoff) {
        String when = cutoff.toString();
        if (!yes) {
            Confirmation.requireTerminal(session.env());
            if (!Confirmation.ask(session.env(), "recycle bin entry", "recycle bin entries", listedBefore(cutoff))) {
                return aborted();
            }
        }
        Operation op = session.client().async("DELETE", "/1.0/trash?before=" + AmsClient.segment(when), null,
                timeout.value());
        Object purged = op.metadata() == null ? null : op.metadata().get("purged");
        session.env().out().println("purged " + (purged == null ? "the" : purged) + " recycle bin "
                + (Integer.valueOf(1).equals(purged) ? "entry" : "entries") + " deleted before "
                + Timestamps.ofText(when));
        return ExitStatus.OK;
    }

    /**
     * What the bin lists now as deleted before the cutoff, for the question; the server decides
     * what the purge takes when it runs.
     */
    private List<String> listedBefore(Instant cutoff) {
        List<String> items = new ArrayList<>();
        for (JsonNode e : session.client().get("/1.0/trash?recursion=1")) {
            try {
                if (OffsetDateTime.parse(e.path("deleted_at").asText()).toInstant().isBefore(cutoff)) {
                    items.add(TrashEntries.describe(e));
                }
            } catch (DateTimeParseException unreadable) {
                // not one amc can place in time; the server's purge still judges it
            }
        }
        if (items.isEmpty()) {
            items.add("every entry deleted before " + Timestamps.ofText(cutoff.toString()) + " (the bin lists none now)");
        }
        return items;
    }

    private int aborted() {
        session.env().err().println("Aborted: nothing was purged.");
        return ExitStatus.FAILED;
    }
}
