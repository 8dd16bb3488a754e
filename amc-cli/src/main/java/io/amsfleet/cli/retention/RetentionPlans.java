package io.amsfleet.cli.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.Json;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.cli.output.Sizes;
import io.amsfleet.cli.output.Timestamps;
import io.amsfleet.model.Operation;
import io.amsfleet.model.RetentionRequest;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A preview's plan and an apply's run as amc shows them: what the server listed, in its words. amc
 * decides nothing: what goes, what stays and why are the server's.
 */
public final class RetentionPlans {
    static final List<String> HEADERS = List.of("ACTION", "IMAGE", "VERSION", "FINGERPRINT", "SIZE", "REASON",
            "WHY");
    private static final int SHORT_FINGERPRINT = 12;

    private RetentionPlans() {
    }

    /** {@code POST /1.0/retention/preview}: the plan. */
    public static JsonNode preview(Session session, RetentionRequest request, Duration timeout) {
        return session.client().sync("POST", "/1.0/retention/preview", request, timeout);
    }

    /** {@code POST /1.0/retention/apply}: waits for its operation and answers the run's report. */
    public static JsonNode apply(Session session, String planId, Duration timeout) {
        Operation op = session.client().async("POST", "/1.0/retention/apply",
                new RetentionRequest(null, null, null, null, null, null, planId, null), timeout);
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        return session.client().get("/1.0/retention/runs/" + io.amsfleet.cli.client.AmsClient.segment(
                String.valueOf(meta.get("run_id"))));
    }

    /** The plan's summary line, then a row per version going or kept (blocked ones first among the kept). */
    public static void print(JsonNode plan, OutputFormat format, PrintStream out) {
        if (format == OutputFormat.table) {
            out.println("Plan " + plan.path("plan_id").asText() + " (until "
                    + Timestamps.ofText(plan.path("expires_at").asText(null)) + "): "
                    + plan.path("remove_count").asInt() + " to remove (" + Sizes.of(plan.path("bytes").asLong())
                    + "), " + plan.path("keep_count").asInt() + " kept, " + plan.path("blocked_count").asInt()
                    + " blocked" + (plan.path("truncated").asBoolean() ? "; more would go than one plan holds:"
                    + " preview again after applying it" : ""));
        }
        List<List<String>> rows = new ArrayList<>();
        plan.path("remove").forEach(i -> rows.add(row("remove", i)));
        plan.path("keep").forEach(i -> rows.add(row(i.path("blocked").asBoolean() ? "blocked" : "keep", i)));
        new Listing(format == OutputFormat.table || format == OutputFormat.csv ? Json.MAPPER.createArrayNode()
                : plan, HEADERS, rows).print(format, out);
    }

    /** A run's report: its counts, then its removed, blocked and kept versions. */
    public static void printRun(JsonNode run, OutputFormat format, PrintStream out) {
        if (format == OutputFormat.table) {
            out.println(summary(run));
        }
        List<List<String>> rows = new ArrayList<>();
        run.path("removed").forEach(i -> rows.add(row("removed", i)));
        run.path("blocked").forEach(i -> rows.add(row("blocked", i)));
        run.path("kept").forEach(i -> rows.add(row("kept", i)));
        new Listing(run, HEADERS, rows).print(format, out);
    }

    /** One line: the run's counts, bytes, time and outcome. */
    static String summary(JsonNode run) {
        return "Run " + run.path("id").asText() + " (" + run.path("trigger").asText()
                + (run.hasNonNull("plan_id") ? " " + run.path("plan_id").asText() : ", no plan") + "): "
                + run.path("removed_count").asInt() + " removed (" + Sizes.of(run.path("bytes_freed").asLong())
                + "), " + run.path("kept_count").asInt() + " kept, " + run.path("blocked_count").asInt()
                + " blocked, in " + run.path("duration_ms").asLong() + " ms; " + run.path("outcome").asText()
                + (run.path("outcome").asText().equals("success") ? "" : ": " + run.path("message").asText());
    }

    private static List<String> row(String action, JsonNode i) {
        String fingerprint = i.path("fingerprint").asText("");
        List<String> row = new ArrayList<>(List.of(action, i.path("image").asText(), i.path("version").asText(),
                fingerprint.length() > SHORT_FINGERPRINT ? fingerprint.substring(0, SHORT_FINGERPRINT) : fingerprint,
                Sizes.of(i.path("size").asLong()), i.path("reason").asText(), i.path("message").asText("")));
        if (i.hasNonNull("trash_id")) {
            row.set(6, row.get(6) + " (amc trash restore " + i.path("trash_id").asText() + ")");
        }
        return row;
    }
}
