package io.amsfleet.cli.audit;

import io.amsfleet.cli.Completes;
import io.amsfleet.model.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.PointInTime;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.output.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** {@code amc audit list}: one page of the audit trail, newest first, filtered on the server. */
@Command(name = "list", aliases = "ls", description = {"List audit records, newest first.",
        "Times: Unix seconds, ISO-8601 (2026-11-24T10:00:00Z), a date (2026-11-24) or how long ago (90m, 24h)."})
final class AuditListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "REASON");
    /** The server's largest page. */
    private static final int MAX_LIMIT = 1000;

    @Completes(Completes.Kind.IMAGE)
    @Option(names = "--image", paramLabel = "<id|name>", description = "Only records about this image.")
    String image;

    @Option(names = "--actor", paramLabel = "<actor>", description = "Only this actor: a token name, cert:<name> or -.")
    String actor;

    @Option(names = "--action", paramLabel = "<action>", description = "Only this action, e.g. image.delete.")
    String action;

    @Option(names = "--outcome", paramLabel = "<outcome>", description = "Only ${COMPLETION-CANDIDATES}.")
    Outcome outcome;

    @Option(names = "--since", paramLabel = "<time>", description = "Only records at or after this time.")
    String since;

    @Option(names = "--until", paramLabel = "<time>", description = "Only records before this time.")
    String until;

    @Option(names = "--offset", defaultValue = "0", paramLabel = "<n>", description = "Skip this many records.")
    int offset;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "<n>",
            description = "At most this many records, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    AuditListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (offset < 0) {
            throw new UsageError("--offset must be 0 or more, not " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UsageError("--limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        StringJoiner query = new StringJoiner("&", "/1.0/audit?", "");
        add(query, "image", image);
        add(query, "actor", actor);
        add(query, "action", action);
        add(query, "outcome", outcome == null ? null : outcome.label());
        Clock clock = Clock.systemUTC();
        add(query, "since", since == null ? null : PointInTime.toEpochSeconds("--since", since, clock));
        add(query, "until", until == null ? null : PointInTime.toEpochSeconds("--until", until, clock));
        add(query, "offset", String.valueOf(offset));
        add(query, "limit", String.valueOf(limit));
        JsonNode records = session.client().get(query.toString());
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : records) {
            rows.add(List.of(Timestamps.ofSeconds(r.path("time").asLong()), r.path("actor").asText(), action(r),
                    target(r), r.path("outcome").asText(), r.path("reason").asText()));
        }
        new Listing(records, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + AmsClient.segment(value));
        }
    }

    /** The action, with the flags that change its meaning: a refused dry run refused nothing real. */
    private static String action(JsonNode r) {
        List<String> flags = new ArrayList<>();
        if (r.path("force").asBoolean()) {
            flags.add("force");
        }
        if (r.path("dry_run").asBoolean()) {
            flags.add("dry run");
        }
        if (r.path("repeats").asInt(1) > 1) {
            // an aggregated record: the first request of several alike, past the caller's budget
            flags.add("x" + r.path("repeats").asInt() + " until " + Timestamps.ofSeconds(r.path("last_time").asLong()));
        }
        String a = r.path("action").asText();
        return flags.isEmpty() ? a : a + " (" + String.join(", ", flags) + ")";
    }

    /** The image by name (and version), else whatever other object the record names. */
    private static String target(JsonNode r) {
        String name = r.path("image_name").asText("");
        if (name.isEmpty()) {
            name = r.path("image_id").asText("");
        }
        if (name.isEmpty()) {
            return r.path("target").asText("");
        }
        return r.path("version").isNumber() ? name + " version " + r.path("version").asInt() : name;
    }
}
