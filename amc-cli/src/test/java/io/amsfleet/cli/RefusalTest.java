package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The refusals a running server cannot easily be made to give in a test (immutable images only
 * come from an image server; busy ones only mid-upload), from the details the server sends.
 */
class RefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String explain(String code, String message, String details) throws Exception {
        JsonNode node = JSON.readTree(details);
        return new Refusal(code, message, node).explain();
    }

    @Test
    void anImmutableImageNeedsForce() throws Exception {
        assertEquals("image jammy is immutable (synced from the image server); use --force to delete it",
                explain("image_immutable", "server words", "{\"name\":\"jammy\",\"type\":\"container\","
                        + "\"blockers\":[\"image_immutable\"],\"force_would_help\":true}"));
    }

    @Test
    void aVersionOfAnImmutableImageCannotGoAlone() throws Exception {
        assertEquals("version 2 of jammy cannot be deleted on its own: the image is immutable (synced from the image"
                        + " server); delete the whole image with --force instead",
                explain("version_immutable", "server words", "{\"name\":\"jammy\",\"type\":\"container\","
                        + "\"version\":2,\"blockers\":[\"version_immutable\"]}"));
    }

    @Test
    void aBusyImageGivesTheServersReason() throws Exception {
        assertEquals("image foo has an upload or sync in progress; try again when it has finished",
                explain("image_busy", "image foo has an upload or sync in progress; try again when it has finished",
                        "{\"name\":\"foo\",\"blockers\":[\"image_busy\"]}"));
    }

    @Test
    void otherBlockersArePointedAt() throws Exception {
        assertEquals("image foo is the default container image; make another image default first (amc image switch"
                        + " <image>)\n  also blocked by: image_in_use (--dry-run shows every reason)",
                explain("image_is_default", "x", "{\"name\":\"foo\",\"type\":\"container\","
                        + "\"blockers\":[\"image_is_default\",\"image_in_use\"]}"));
    }

    @Test
    void theLastVersionOfAVmImageNamesVm() throws Exception {
        assertEquals("version 0 is the last version of foo; delete the image instead (amc image delete foo --vm)",
                explain("last_version", "x", "{\"name\":\"foo\",\"type\":\"vm\",\"version\":0,"
                        + "\"blockers\":[\"last_version\"]}"));
    }

    @Test
    void withoutDetailsTheServersMessageIsShown() throws Exception {
        assertEquals("server words", explain("image_in_use", "server words", "{}"));
        assertEquals("server words", explain("something_new", "server words", "{}"));
    }
}
