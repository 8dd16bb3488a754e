package io.amsfleet.cli.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.Json;
import io.amsfleet.cli.output.Listing;
import io.amsfleet.cli.output.OutputFormat;
import io.amsfleet.model.Application;
import io.amsfleet.model.ApplicationVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code amc application list [--filter key=value]...}. IMAGE and IMAGE VERSION are what the
 * latest application version pins; an image deleted with {@code --force} shows as
 * {@code (deleted)}, the application still holding its copy. Filters are AMS's, passed to the
 * server as query parameters; the server knows which exist and says so of any other.
 */
@Command(name = "list", aliases = "ls", description = "List applications.")
final class ApplicationListCommand implements Callable<Integer> {
    static final List<String> HEADERS = List.of("ID", "NAME", "STATUS", "VERSIONS", "IMAGE", "IMAGE VERSION", "VM");

    @Option(names = "--format", defaultValue = "table", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--filter", paramLabel = "<key=value>",
            description = {"Only applications matching, e.g. published=true, tags=game,kids (all listed must be"
                    + " present), instance_type=a4.3, status=ready. Repeat for several; all must match."})
    List<String> filters = new ArrayList<>();

    @Mixin
    HelpOption help;

    private final Session session;

    ApplicationListCommand(Session session) {
        this.session = session;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder("?recursion=1");
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--filter takes key=value, e.g. published=true, not '" + filter + "'");
            }
            query.append('&').append(encode(filter.substring(0, eq))).append('=').append(encode(filter.substring(eq + 1)));
        }
        JsonNode apps = session.client().get("/1.0/applications" + query);
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
        new Listing(apps, HEADERS, rows).print(format, session.env().out(), session.quiet());
        return ExitStatus.OK;
    }
}
