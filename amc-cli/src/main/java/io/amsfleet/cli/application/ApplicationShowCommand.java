package io.amsfleet.cli.application;

import io.amsfleet.cli.Completes;
import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.output.Documents;
import io.amsfleet.cli.output.Table;
import io.amsfleet.cli.output.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc application show}: the application, its versions (each with the image version it
 * pins, whether it is published, its status) and what the server says blocks deleting it or each
 * version. {@code --format yaml|json}: the server's document as it is.
 */
@Command(name = "show", description = "Show an application, its versions and what blocks deleting them.")
final class ApplicationShowCommand implements Callable<Integer> {
    static final List<String> VERSION_HEADERS = List.of("VERSION", "IMAGE", "IMAGE VERSION", "PUBLISHED", "STATUS",
            "CREATED", "DELETE BLOCKED BY");

    /** {@code text} is for people; {@code yaml} and {@code json} are the server's document. */
    enum Format {
        text, yaml, json
    }

    @Completes(Completes.Kind.APPLICATION)
    @Parameters(paramLabel = "<id|name>", description = "Application id or name.")
    String application;

    @Option(names = "--format", defaultValue = "text", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationShowCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode app = session.client().get("/1.0/applications/" + AmsClient.segment(application));
        PrintStream out = session.env().out();
        switch (format) {
            case yaml -> out.print(Documents.yaml(app));
            case json -> out.print(Documents.json(app));
            case text -> text(app, out);
        }
        return ExitStatus.OK;
    }

    private static void text(JsonNode app, PrintStream out) {
        out.println("name: " + app.path("name").asText());
        out.println("id: " + app.path("id").asText());
        out.println("status: " + app.path("status").asText());
        out.println("published: " + app.path("published").asBoolean());
        out.println("image: " + app.path("parent_image_id").asText() + (app.path("vm").asBoolean() ? " (vm)" : ""));
        out.println("inhibit auto updates: " + app.path("inhibit_auto_updates").asBoolean());
        if (!app.path("instance_type").asText().isEmpty()) {
            out.println("instance type: " + app.path("instance_type").asText());
        }
        if (app.path("tags").size() > 0) {
            List<String> tags = new ArrayList<>();
            app.path("tags").forEach(t -> tags.add(t.asText()));
            out.println("tags: " + String.join(", ", tags));
        }
        out.println("created: " + Timestamps.ofSeconds(app.path("created_at").asLong()));
        out.println("delete: " + blockers(app.path("blockers"), "allowed"));
        List<List<String>> rows = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (JsonNode v : app.path("versions")) {
            String image = v.path("parent_image_id").asText() + (v.path("parent_image_deleted").asBoolean()
                    ? " (deleted)" : "");
            rows.add(List.of(v.path("number").asText(), image, v.path("parent_image_version").asText(),
                    String.valueOf(v.path("published").asBoolean()), v.path("status").asText(),
                    Timestamps.ofSeconds(v.path("created_at").asLong()), blockers(v.path("blockers"), "")));
            for (JsonNode b : v.path("blockers")) {
                why.add("  version " + v.path("number").asText() + ": " + b.path("message").asText());
            }
        }
        out.println("versions:");
        out.print(Table.render(VERSION_HEADERS, rows));
        if (!why.isEmpty()) {
            out.println("why versions cannot be deleted:");
            why.forEach(out::println);
        }
    }

    /** The server's blockers as their reasons, marked where force lifts them; {@code none} when empty. */
    private static String blockers(JsonNode blockers, String none) {
        List<String> out = new ArrayList<>();
        for (JsonNode b : blockers) {
            out.add(b.path("reason").asText() + (b.path("force_lifts").asBoolean() ? " (--force lifts it)" : ""));
        }
        if (out.isEmpty()) {
            return none;
        }
        if (!none.isEmpty()) {
            List<String> messages = new ArrayList<>();
            blockers.forEach(b -> messages.add(b.path("message").asText()));
            return "blocked by " + String.join(", ", out) + ": " + String.join("; ", messages);
        }
        return String.join(", ", out);
    }
}
