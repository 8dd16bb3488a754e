package io.amsfleet.cli.application;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.model.ApplicationVersionPatch;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code amc application publish|revoke <app> <version>}: the SDK's Publish/RevokeApplicationVersion. */
abstract class ApplicationPublishing implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.APPLICATION)
    @Parameters(index = "0", paramLabel = "<id|name>", description = "Application id or name.")
    String application;

    @Completes(Completes.Kind.APPLICATION_VERSION)
    @Parameters(index = "1", paramLabel = "<version>", description = "Version number.")
    int version;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    private final Session session;
    private final boolean published;

    ApplicationPublishing(Session session, boolean published) {
        this.session = session;
        this.published = published;
    }

    @Override
    public Integer call() {
        if (version < 0) {
            throw new UsageError("<version> must be a version number (0 or more), not " + version);
        }
        Operation op = session.client().async("PATCH", "/1.0/applications/" + AmsClient.segment(application) + "/"
                + version, new ApplicationVersionPatch(published), timeout.value());
        Object name = op.metadata() == null ? null : op.metadata().get("name");
        session.env().out().println("version " + version + " of application " + (name == null ? application : name)
                + (published ? " published" : " revoked"));
        return ExitStatus.OK;
    }

    @Command(name = "publish", description = "Publish a version of an application.")
    static final class Publish extends ApplicationPublishing {
        Publish(Session session) {
            super(session, true);
        }
    }

    @Command(name = "revoke", description = "Revoke a published version of an application.")
    static final class Revoke extends ApplicationPublishing {
        Revoke(Session session) {
            super(session, false);
        }
    }
}
