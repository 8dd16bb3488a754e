package io.amsfleet.cli;

import io.amsfleet.cli.support.Amc.Result;
import io.amsfleet.cli.support.AmsTestServer;
import io.amsfleet.cli.support.Tarballs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code amc image unprotect} on a server whose protection cooldown is 0: it ends at once, and says so. */
class ProtectionWithoutCooldownTest {
    @RegisterExtension
    static final AmsTestServer SERVER = new AmsTestServer().with("ams.protection.cooldown", "0s");

    @Test
    void unprotectEndsTheProtectionAtOnceAndTheDeleteGoes() {
        assertEquals(0, SERVER.amc().run("image", "add", "first", Tarballs.image(SERVER.scratch()).toString()).status());
        assertEquals(0, SERVER.amc().run("image", "add", "kept", Tarballs.image(SERVER.scratch()).toString()).status());
        assertEquals(0, SERVER.amc().run("image", "protect", "kept").status());
        Result r = SERVER.amc().run("image", "unprotect", "kept");
        assertEquals(0, r.status(), r.toString());
        assertEquals("image kept is no longer protected\n", r.out());
        Result show = SERVER.amc().run("image", "show", "kept");
        assertTrue(show.out().contains("protected: false\n"), show.out());
        Result deleted = SERVER.amc().run("image", "delete", "kept", "--yes");
        assertEquals(0, deleted.status(), deleted.toString());
    }
}
