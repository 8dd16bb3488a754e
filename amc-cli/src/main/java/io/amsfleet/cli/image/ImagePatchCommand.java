package io.amsfleet.cli.image;

import io.amsfleet.cli.StartsOperations;
import io.amsfleet.cli.Completes;
import io.amsfleet.cli.HelpOption;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.TimeoutOption;
import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.model.ImagePatch;
import io.amsfleet.model.Operation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What {@code amc image switch|sync|protect|unprotect} share: one image named as everywhere else,
 * one {@code PATCH /1.0/images/{id}} with an {@link ImagePatch}, waited on; each says in its own
 * words what the operation's metadata reports.
 */
abstract class ImagePatchCommand implements Callable<Integer>, StartsOperations {
    @Completes(Completes.Kind.IMAGE)
    @Parameters(paramLabel = "<id|name>", description = "Image id, unique id prefix or name.")
    String image;

    @Mixin
    VmOption type;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    HelpOption help;

    final Session session;

    ImagePatchCommand(Session session) {
        this.session = session;
    }

    /** Sends the patch, waits for its operation, and answers the operation's metadata (never null). */
    Map<String, Object> patch(ImagePatch patch) {
        Operation op = session.client().async("PATCH", "/1.0/images/" + AmsClient.segment(image) + type.query('?'),
                patch, timeout.value());
        return op.metadata() == null ? Map.of() : op.metadata();
    }
}
