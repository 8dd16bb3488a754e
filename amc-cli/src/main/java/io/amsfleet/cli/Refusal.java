package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.amsfleet.cli.client.ApiError;

import java.util.ArrayList;
import java.util.List;

/**
 * A server refusal put in words a person acts on: what is wrong and which command fixes it. The
 * server's codes and details (SPEC §3) carry the facts; the wording names {@code amc}'s own flags
 * and commands ({@code --force}, {@code amc image switch}) rather than API fields.
 *
 * @param code    the reason code, e.g. {@code image_in_use}
 * @param message the server's message, used when the details are too thin to say more
 * @param details the error's metadata (or a batch failure's details)
 */
public record Refusal(String code, String message, JsonNode details) {

    public static Refusal of(ApiError e) {
        return new Refusal(e.reason(), e.getMessage(), e.details());
    }

    public Refusal {
        details = details == null ? MissingNode.getInstance() : details;
    }

    /** The explanation, on one line (a second line lists further blockers of a delete). */
    public String explain() {
        String name = text("name");
        String type = text("type");
        String version = text("version");
        boolean deletion = details.has("blockers");
        String first = switch (code) {
            case "image_is_default" -> name == null ? message
                    : "image " + name + " is the default " + (type == null ? "" : type + " ")
                    + "image; make another image default first (amc image switch <image>)";
            case "image_in_use" -> name == null ? message
                    : "image " + name + " is used by applications " + applications()
                    + "; delete them first or use --force (they keep their copy)";
            case "version_in_use" -> name == null || version == null ? message
                    : "version " + version + " of " + name + " is used by applications " + applications()
                    + "; delete them first or use --force (they keep their copy)";
            case "last_version" -> name == null || version == null ? message
                    : "version " + version + " is the last version of " + name
                    + "; delete the image instead (amc image delete " + name + vmFlag(type) + ")";
            case "image_immutable" -> name == null || !deletion ? message
                    : "image " + name + " is immutable (synced from the image server); use --force to delete it";
            case "version_immutable" -> name == null || version == null ? message
                    : "version " + version + " of " + name + " cannot be deleted on its own: the image is immutable"
                    + " (synced from the image server); delete the whole image with --force instead";
            case "ambiguous" -> message + matches();
            default -> message;
        };
        List<String> others = otherBlockers();
        return others.isEmpty() ? first : first + "\n  also blocked by: " + String.join(", ", others)
                + " (--dry-run shows every reason)";
    }

    private String text(String field) {
        JsonNode n = details.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String vmFlag(String type) {
        return "vm".equals(type) ? " --vm" : "";
    }

    private String applications() {
        List<String> names = new ArrayList<>();
        for (JsonNode app : details.path("applications")) {
            names.add(app.isTextual() ? app.asText() : app.path("name").asText(app.path("id").asText()));
        }
        return names.isEmpty() ? "(unnamed)" : String.join(", ", names);
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
