package io.amsfleet.cli.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.client.Json;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc application list}. IMAGE and IMAGE VERSION are what the latest application version
 * pins; an image deleted with {@code --force} shows as {@code (deleted)}, the application still
 * holding its copy.
 */
@Command(name = "list", aliases = "ls", description = "List applications.")
final class ApplicationListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "NAME", "STATUS", "VERSIONS", "IMAGE", "IMAGE VERSION", "VM");

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationListCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        JsonNode apps = session.client().get("/1.0/applications?recursion=1");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode node : apps) {
            Application a = Json.read(node, Application.class);
            ApplicationVersion latest = a.versions() == null ? null : a.versions().stream()
                    .max(Comparator.comparingInt(ApplicationVersion::number)).orElse(null);
            String image = latest == null ? ""
                    : latest.parentImageId() + (latest.parentImageDeleted() ? " (deleted)" : "");
            rows.add(List.of(a.id(), a.name(), String.valueOf(a.status()),
                    String.valueOf(a.versions() == null ? 0 : a.versions().size()), image,
                    latest == null ? "" : String.valueOf(latest.parentImageVersion()), String.valueOf(a.vm())));
        }
        new Listing(apps, HEADERS, rows).print(format, session.env().out());
        return ExitStatus.OK;
    }
}
