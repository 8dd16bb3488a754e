package io.amsfleet.cli.image;

import io.amsfleet.cli.ExitStatus;
import io.amsfleet.cli.Session;
import io.amsfleet.cli.output.Timestamps;
import io.amsfleet.model.ImagePatch;

import java.util.Map;

/**
 * {@code amc image protect|unprotect}: {@code PATCH {"protected": …}} and what the server says
 * came of it (docs/trash.md, "Protection"). An unprotection waits for the server's cooldown
 * ({@code AMS_PROTECTION_COOLDOWN}); the answer's {@code unprotect_at} says until when, and amc
 * computes no time itself.
 */
abstract class ProtectionCommand extends ImagePatchCommand {
    private final boolean protect;

    ProtectionCommand(Session session, boolean protect) {
        super(session);
        this.protect = protect;
    }

    @Override
    public Integer call() {
        Map<String, Object> meta = patch(new ImagePatch(null, null, protect));
        String name = "image " + meta.getOrDefault("name", image);
        Object until = meta.get("unprotect_at");
        boolean isProtected = Boolean.TRUE.equals(meta.get("protected"));
        String said;
        if (protect) {
            said = name + " is protected: every delete of it or its versions is refused, even with --force";
        } else if (isProtected && until != null) {
            said = name + " stays protected until " + Timestamps.ofText(String.valueOf(until))
                    + ", when its unprotection takes effect (amc image protect cancels it)";
        } else if (isProtected) {
            said = name + " is still protected";
        } else {
            said = name + " is no longer protected";
        }
        session.env().out().println(said);
        return ExitStatus.OK;
    }
}
