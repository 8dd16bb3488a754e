package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.amsfleet.cli.client.ApiError;

import java.util.ArrayList;
import java.util.List;

/**
 * A server refusal as {@code amc} prints it. The server decides and words the rule (SPEC §3), for
 * every client alike; {@code amc} adds only what its details carry beyond the message (the ids an
 * ambiguous name matched, the delete's further blockers) and its own flag where the server says
 * force would help, so that a new rule on the server needs nothing here.
 *
 * @param code    the reason code, e.g. {@code image_in_use}
 * @param message the server's message
 * @param details the error's metadata (or a batch failure's details)
 */
public record Refusal(String code, String message, JsonNode details) {

    public static Refusal of(ApiError e) {
        return new Refusal(e.reason(), e.getMessage(), e.details());
    }

    public Refusal {
        details = details == null ? MissingNode.getInstance() : details;
    }

    /** The explanation: the server's message, then a line for each thing the details add. */
    public String explain() {
        StringBuilder out = new StringBuilder(message).append(matches());
        // A retention plan that no longer holds names each change (docs/retention.md).
        for (JsonNode c : details.path("changes")) {
            if (!message.contains(c.path("message").asText())) {
                out.append("\n  ").append(c.path("message").asText());
            }
        }
        List<String> others = otherBlockers();
        if (!others.isEmpty()) {
            // amc image delete has a dry run that explains each; for an application, amc application show does.
            out.append("\n  also blocked by: ").append(String.join(", ", others)).append(details.has("application")
                    ? " (amc application show explains each)" : " (--dry-run shows every reason)");
        }
        if (details.path("force_would_help").asBoolean(false)) {
            out.append("\n  with --force it would go ahead");
        }
        return out.toString();
    }

    private String matches() {
        List<String> listed = new ArrayList<>();
        for (JsonNode m : details.path("matches")) {
            listed.add(m.path("id").asText() + " (" + m.path("name").asText() + ", " + m.path("type").asText() + ")");
        }
        return listed.isEmpty() ? "" : ": " + String.join(", ", listed);
    }

    /** The delete's blockers other than the one reported, as codes (the dry run explains each). */
    private List<String> otherBlockers() {
        List<String> others = new ArrayList<>();
        for (JsonNode b : details.path("blockers")) {
            if (!b.asText().equals(code)) {
                others.add(b.asText());
            }
        }
        return others;
    }
}
