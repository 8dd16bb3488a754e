package io.amsfleet.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsfleet.cli.CommandFailure;
import io.amsfleet.cli.Confirmation;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Refusal;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.ApiError;
import io.amsfleet.cli.client.Json;
import io.amsfleet.model.BatchDelete;
import io.amsfleet.model.BatchDeleteResult;
import io.amsfleet.model.DeletionReport;
import io.amsfleet.model.ImageDelete;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code amc image delete}: removes whole images or, with {@code --version}, one version of
 * each. One image goes through the AMS delete ({@code DELETE /1.0/images/{id}}); several go in
 * one batch request whose result says item by item what was deleted and what was refused, so each
 * is reported and one refusal does not stop the others.
 */
@Command(name = "delete", description = {"Delete images, or one version of each.",
        "Asks first unless --yes is given; --dry-run shows what would go and what blocks it."})
final class ImageDeleteCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "<id|name>", description = "Images: id, unique id prefix or name.")
    List<String> images;

    @Option(names = {"-f", "--force"},
            description = "Delete even when applications use it or it is immutable; applications keep their copy.")
    boolean force;

    @Option(names = {"-v", "--version"}, paramLabel = "<int>", description = "Delete only this version.")
    Integer version;

    @Mixin
    VmOption type;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--dry-run", description = "Show what would be removed and what blocks it; change nothing.")
    boolean dryRun;

    @Mixin
    HelpOption help;

    private final Session session;

    ImageDeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (version != null && version < 0) {
            throw new UsageError("--version must be a version number (0 or more), not " + version);
        }
        // Naming an image twice would make the second attempt fail with "not found".
        List<String> targets = new ArrayList<>(new LinkedHashSet<>(images));
        if (dryRun) {
            return new DryRun(session, force, type).print(targets, version);
        }
        if (!yes && !Confirmation.ask(session.env(), what(false), what(true),
                targets.stream().map(this::label).toList())) {
            session.env().err().println("Aborted: nothing was deleted.");
            return ExitStatus.FAILED;
        }
        return targets.size() == 1 ? deleteOne(targets.get(0)) : deleteSeveral(targets);
    }

    private String what(boolean plural) {
        return (version == null ? "image" : "image version") + (plural ? "s" : "");
    }

    private String label(String image) {
        return image + (version == null ? "" : " (version " + version + ")") + (type.vm ? " [vm]" : "");
    }

    private int deleteOne(String image) {
        String path = "/1.0/images/" + AmsClient.segment(image) + (version == null ? "" : "/" + version)
                + type.query('?');
        Operation op = session.client().async("DELETE", path, new ImageDelete(force ? Boolean.TRUE : null),
                timeout.value());
        reportDeleted(op);
        return ExitStatus.OK;
    }

    private int deleteSeveral(List<String> targets) {
        List<BatchDelete.Item> items = targets.stream()
                .map(image -> new BatchDelete.Item(image, version, type.vm ? "vm" : null)).toList();
        JsonNode answer = session.client().sync("DELETE", "/1.0/images",
                new BatchDelete(items, force ? Boolean.TRUE : null, null), timeout.value());
        BatchDeleteResult result = Json.read(answer, BatchDeleteResult.class);
        Map<String, BatchDeleteResult.Deleted> deleted = new LinkedHashMap<>();
        // The server leaves out an empty list rather than sending [].
        if (result.deleted() != null) {
            result.deleted().forEach(d -> deleted.put(d.image(), d));
        }
        Map<String, BatchDeleteResult.Failure> failed = new LinkedHashMap<>();
        if (result.failures() != null) {
            result.failures().forEach(f -> failed.put(f.image(), f));
        }
        int status = ExitStatus.OK;
        for (String image : targets) {
            BatchDeleteResult.Deleted d = deleted.get(image);
            BatchDeleteResult.Failure f = failed.get(image);
            if (d != null) {
                status = Math.max(status, settle(d));
            } else {
                status = ExitStatus.FAILED;
                String why = f == null ? "the server did not report on it"
                        : new Refusal(f.code(), f.reason(), Json.MAPPER.valueToTree(f.details())).explain();
                session.env().err().println("Error: " + why);
            }
        }
        return status;
    }

    /** Waits on a batch item's operation, as for a single delete, and reports it. */
    private int settle(BatchDeleteResult.Deleted d) {
        String prefix = "/1.0/operations/";
        if (d.operation() == null || !d.operation().startsWith(prefix)) {
            session.env().out().println(deletedLine(d.name(), d.version(), List.of()));
            return ExitStatus.OK;
        }
        String id = d.operation().substring(prefix.length());
        try {
            Operation started = new Operation(id, null, null, null, null, "Running", Operation.RUNNING, null, null,
                    false, null);
            reportDeleted(session.client().await(started, timeout.value()));
            return ExitStatus.OK;
        } catch (ApiError e) {
            session.env().err().println("Error: " + Refusal.of(e).explain());
            return ExitStatus.FAILED;
        } catch (CommandFailure e) {
            session.env().err().println("Error: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }

    private void reportDeleted(Operation op) {
        Map<String, Object> meta = op.metadata() == null ? Map.of() : op.metadata();
        Object v = meta.get("version");
        Object kept = meta.get("kept_by_applications");
        List<String> keptBy = kept instanceof List<?> ids && !ids.isEmpty() ? applicationNames(ids) : List.of();
        session.env().out().println(deletedLine(String.valueOf(meta.get("name")),
                v == null ? null : ((Number) v).intValue(), keptBy));
    }

    /** The operation lists applications by id; a person knows them by name. */
    private List<String> applicationNames(List<?> ids) {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            for (JsonNode app : session.client().get("/1.0/applications?recursion=1")) {
                names.put(app.path("id").asText(), app.path("name").asText());
            }
        } catch (CommandFailure e) {
            // The deletion is done; naming the applications is a nicety that may fail alone.
        }
        return ids.stream().map(String::valueOf).map(id -> names.getOrDefault(id, id)).toList();
    }

    private static String deletedLine(String name, Integer version, List<String> keptBy) {
        String what = version == null ? "image " + name : "version " + version + " of image " + name;
        return what + " deleted" + (keptBy.isEmpty() ? "" : "; applications " + String.join(", ", keptBy)
                + " keep their copy");
    }

    /** {@code --dry-run}: the server's deletion report for each image, in words. */
    private record DryRun(Session session, boolean force, VmOption type) {
        int print(List<String> targets, Integer version) {
            PrintStream out = session.env().out();
            int status = ExitStatus.OK;
            for (String image : targets) {
                String path = "/1.0/images/" + AmsClient.segment(image) + (version == null ? "" : "/" + version)
                        + "?dry_run=true" + (force ? "&force=true" : "") + type.query('&');
                DeletionReport report;
                try {
                    report = Json.read(session.client().sync("DELETE", path, null, AmsClient.REQUEST_TIMEOUT),
                            DeletionReport.class);
                } catch (ApiError e) {
                    session.env().err().println("Error: " + Refusal.of(e).explain());
                    status = ExitStatus.FAILED;
                    continue;
                }
                describe(report, out);
                if (!report.allowed()) {
                    status = ExitStatus.FAILED;
                }
            }
            out.println("Dry run: nothing was changed.");
            return status;
        }

        private void describe(DeletionReport r, PrintStream out) {
            String what = (r.version() == null ? "image " : "version " + r.version() + " of image ") + r.image().name()
                    + " (" + r.image().id() + ", " + r.image().type() + ")";
            out.println(what + ": " + (r.allowed() ? "would be deleted" : "would be REFUSED"));
            if (r.removes() != null && !r.removes().isEmpty()) {
                out.println("  removes: " + String.join(", ", r.removes().stream()
                        .map(v -> "version " + v.version() + " (" + size(v.size()) + ")").toList()));
            }
            if (r.allowed() && r.keptByApplications() != null && !r.keptByApplications().isEmpty()) {
                out.println("  applications that keep their copy: " + String.join(", ",
                        r.keptByApplications().stream().map(DeletionReport.AppRef::name).toList()));
            }
            for (DeletionReport.Blocker b : r.blockers() == null ? List.<DeletionReport.Blocker>of() : r.blockers()) {
                String label = !b.forceOverrides() ? "blocked"
                        : force ? "lifted by --force" : "blocked (--force lifts this)";
                out.println("  " + label + ": " + b.reason());
            }
            if (r.forceWouldHelp()) {
                out.println("  with --force it would be deleted");
            }
        }

        private static String size(long bytes) {
            if (bytes < 1024) {
                return bytes + " bytes";
            }
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            double value = bytes / 1024.0;
            int unit = 0;
            while (value >= 1024 && unit < units.length - 1) {
                value /= 1024;
                unit++;
            }
            return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
        }
    }
}
