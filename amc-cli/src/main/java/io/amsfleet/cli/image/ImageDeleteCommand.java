package io.amsfleet.cli.image;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.amsfleet.cli.output.Sizes;
import io.amsfleet.cli.output.Timestamps;
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
 *
 * <p>Before it asks, amc shows what each delete would do, from the server's dry run: the versions
 * and their sizes, with {@code --force} the applications that keep their copy, and what blocks it.
 * A delete the dry run refuses is not asked about, and not sent: the refusal is the dry run's first
 * blocker, in the server's words, as the delete itself would answer. After a delete amc says how to
 * undo it: the operation's {@code trash_id} and {@code purge_at} (docs/trash.md).
 */
@Command(name = "delete", description = {"Delete images, or one version of each.",
        "Unless --yes is given, shows what would go (the server's dry run) and asks first;"
                + " a delete the server would refuse is not asked about. --dry-run only shows it. Says how to undo each delete."})
final class ImageDeleteCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.IMAGE)
    @Parameters(arity = "1..*", paramLabel = "<id|name|sha256:digest>",
            description = "Images: id, unique id prefix or name; or an image version by its content, sha256:<12+ hex digits>.")
    List<String> images;

    @Option(names = {"-f", "--force"},
            description = "Delete even when applications use it or it is immutable; applications keep their copy.")
    boolean force;

    @Completes(Completes.Kind.IMAGE_VERSION)
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
        if (yes) {
            return delete(targets);
        }
        // The dry run comes first (it changes nothing): a delete it refuses is reported as the
        // refusal it is, on a pipe too, not as a question that cannot be asked there.
        List<String> allowed = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (String image : targets) {
            DeletionReport report = preview(image, targets.size() == 1);
            if (report == null) {
                continue;
            }
            if (!report.allowed()) {
                session.env().err().println("Error: " + refusal(report).explain());
                continue;
            }
            allowed.add(image);
            items.add(String.join("\n    ", new DryRun(session, force, type).lines(report, false)));
        }
        if (allowed.isEmpty()) {
            return ExitStatus.FAILED;
        }
        Confirmation.requireTerminal(session.env());
        // A digest names one version by its content (the server resolves it).
        boolean ofVersions = version != null || allowed.stream().allMatch(t -> t.startsWith("sha256:"));
        if (!Confirmation.ask(session.env(), what(ofVersions, false), what(ofVersions, true), items)) {
            session.env().err().println("Aborted: nothing was deleted.");
            return ExitStatus.FAILED;
        }
        int status = delete(allowed);
        return allowed.size() == targets.size() ? status : ExitStatus.FAILED;
    }

    private int delete(List<String> targets) {
        return targets.size() == 1 ? deleteOne(targets.get(0)) : deleteSeveral(targets);
    }

    /**
     * The dry run of one delete, or null when it failed (not found, ambiguous, …) and was reported.
     * With one image a failure ends the command as any refusal does (a role's refusal says so).
     */
    private DeletionReport preview(String image, boolean alone) {
        try {
            return DryRun.report(session, image, version, force, type);
        } catch (ApiError e) {
            if (alone) {
                throw e;
            }
            session.env().err().println("Error: " + Refusal.of(e).explain());
            return null;
        }
    }

    /**
     * The refusal the delete would answer, from its dry run: the first blocker {@code --force}
     * does not lift, with every blocker and whether force would help, as the server's envelope has them.
     */
    private Refusal refusal(DeletionReport report) {
        List<DeletionReport.Blocker> blockers = report.blockers() == null ? List.of() : report.blockers();
        DeletionReport.Blocker first = blockers.stream().filter(b -> !(force && b.forceOverrides())).findFirst()
                .orElse(null);
        if (first == null) {
            return new Refusal("unknown", "the server's dry run refused the delete without a reason", null);
        }
        ObjectNode details = Json.MAPPER.createObjectNode();
        ArrayNode codes = details.putArray("blockers");
        blockers.forEach(b -> codes.add(b.code()));
        details.put("force_would_help", report.forceWouldHelp());
        return new Refusal(first.code(), first.reason(), details);
    }

    private static String what(boolean ofVersions, boolean plural) {
        return (ofVersions ? "image version" : "image") + (plural ? "s" : "");
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
            undo(d.trashId(), null);
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
        undo(meta.get("trash_id"), meta.get("purge_at"));
    }

    /** How to undo it, when the server binned it (with AMS_TRASH_RETENTION=0 it did not). */
    private void undo(Object trashId, Object purgeAt) {
        if (trashId == null) {
            return;
        }
        session.env().out().println("  undo: amc trash restore " + trashId
                + (purgeAt == null ? "" : " (until " + Timestamps.ofText(String.valueOf(purgeAt)) + ")"));
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
        static DeletionReport report(Session session, String image, Integer version, boolean force, VmOption type) {
            String path = "/1.0/images/" + AmsClient.segment(image) + (version == null ? "" : "/" + version)
                    + "?dry_run=true" + (force ? "&force=true" : "") + type.query('&');
            return Json.read(session.client().sync("DELETE", path, null, AmsClient.REQUEST_TIMEOUT),
                    DeletionReport.class);
        }

        int print(List<String> targets, Integer version) {
            PrintStream out = session.env().out();
            int status = ExitStatus.OK;
            for (String image : targets) {
                DeletionReport report;
                try {
                    report = report(session, image, version, force, type);
                } catch (ApiError e) {
                    session.env().err().println("Error: " + Refusal.of(e).explain());
                    status = ExitStatus.FAILED;
                    continue;
                }
                List<String> lines = lines(report, true);
                out.println(lines.get(0));
                lines.subList(1, lines.size()).forEach(line -> out.println("  " + line));
                if (!report.allowed()) {
                    status = ExitStatus.FAILED;
                }
            }
            out.println("Dry run: nothing was changed.");
            return status;
        }

        /**
         * What the report says: a line naming the delete (with its verdict for a dry run), then
         * the versions it removes, the applications that keep their copy and each blocker.
         */
        List<String> lines(DeletionReport r, boolean verdict) {
            List<String> lines = new ArrayList<>();
            String what = (r.version() == null ? "image " : "version " + r.version() + " of image ") + r.image().name()
                    + " (" + r.image().id() + ", " + r.image().type() + ")";
            lines.add(verdict ? what + ": " + (r.allowed() ? "would be deleted" : "would be REFUSED") : what);
            if (r.removes() != null && !r.removes().isEmpty()) {
                lines.add("removes: " + String.join(", ", r.removes().stream()
                        .map(v -> "version " + v.version() + " (" + Sizes.of(v.size()) + ")").toList()));
            }
            if (r.allowed() && r.keptByApplications() != null && !r.keptByApplications().isEmpty()) {
                lines.add("applications that keep their copy: " + String.join(", ",
                        r.keptByApplications().stream().map(DeletionReport.AppRef::name).toList()));
            }
            for (DeletionReport.Blocker b : r.blockers() == null ? List.<DeletionReport.Blocker>of() : r.blockers()) {
                String label = !b.forceOverrides() ? "blocked"
                        : force ? "lifted by --force" : "blocked (--force lifts this)";
                lines.add(label + ": " + b.reason());
            }
            if (r.forceWouldHelp()) {
                lines.add("with --force it would be deleted");
            }
            return lines;
        }
    }
}
