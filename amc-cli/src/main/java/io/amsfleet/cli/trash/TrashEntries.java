package io.amsfleet.cli.trash;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.Sizes;
import io.amsfleet.cli.output.Timestamps;

import java.util.ArrayList;
import java.util.List;

/** A recycle bin entry ({@code GET /1.0/trash/{id}}, docs/trash.md) as amc names it to a person. */
final class TrashEntries {
    private TrashEntries() {
    }

    /** The entry's path: an id, or {@code sha256:…} for a binned version (the server resolves it). */
    static String path(String idOrDigest) {
        return "/1.0/trash/" + AmsClient.segment(idOrDigest);
    }

    /** {@code 0} for a version, {@code 0,1} for a whole image's versions. */
    static String versions(JsonNode e) {
        if (e.path("version").isNumber()) {
            return e.path("version").asText();
        }
        List<String> numbers = new ArrayList<>();
        e.path("versions").forEach(v -> numbers.add(v.asText()));
        return String.join(",", numbers);
    }

    /** {@code image base (versions 0, 1)} or {@code version 1 of image base}. */
    static String what(JsonNode e) {
        String name = "image " + e.path("name").asText();
        if (e.path("version").isNumber()) {
            return "version " + e.path("version").asInt() + " of " + name;
        }
        List<String> numbers = new ArrayList<>();
        e.path("versions").forEach(v -> numbers.add(v.asText()));
        return name + (numbers.isEmpty() ? "" : " (version" + (numbers.size() == 1 ? " " : "s ")
                + String.join(", ", numbers) + ")");
    }

    /** One line for a prompt: what it is, its size, who deleted it and when. */
    static String describe(JsonNode e) {
        return e.path("id").asText() + ": " + what(e) + ", " + Sizes.of(e.path("size").asLong()) + ", deleted "
                + Timestamps.ofText(e.path("deleted_at").asText(null)) + " by " + e.path("deleted_by").asText("-");
    }
}
