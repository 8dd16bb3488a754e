package io.amsfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A refusal reads as the server words it, whatever its reason, including reasons this amc has
 * never heard of; amc adds only what the details carry and its own flag where force would help.
 */
class RefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String explain(String code, String message, String details) throws Exception {
        JsonNode node = JSON.readTree(details);
        return new Refusal(code, message, node).explain();
    }

    @Test
    void theServersMessageIsShownAsItIs() throws Exception {
        assertEquals("server words", explain("image_is_default", "server words", "{\"name\":\"foo\",\"type\":\"vm\","
                + "\"blockers\":[\"image_is_default\"],\"force_would_help\":false}"));
        assertEquals("server words", explain("something_new", "server words", "{}"));
    }

    @Test
    void whereForceWouldHelpTheFlagIsNamed() throws Exception {
        assertEquals("image jammy is immutable\n  with --force it would go ahead",
                explain("image_immutable", "image jammy is immutable", "{\"name\":\"jammy\","
                        + "\"blockers\":[\"image_immutable\"],\"force_would_help\":true}"));
    }

    @Test
    void otherBlockersArePointedAt() throws Exception {
        assertEquals("image foo is the default image\n  also blocked by: image_in_use (--dry-run shows every reason)",
                explain("image_is_default", "image foo is the default image", "{\"name\":\"foo\","
                        + "\"blockers\":[\"image_is_default\",\"image_in_use\"],\"force_would_help\":false}"));
    }

    @Test
    void anApplicationsOtherBlockersPointAtShowWhichExplainsThem() throws Exception {
        assertEquals("version 0 is the last version of app\n  also blocked by: version_published"
                        + " (amc application show explains each)",
                explain("last_version", "version 0 is the last version of app", "{\"application\":\"x\","
                        + "\"blockers\":[\"last_version\",\"version_published\"],\"force_would_help\":false}"));
    }

    @Test
    void anAmbiguousNameListsWhatItMatched() throws Exception {
        assertEquals("d4 matches several images: d4a (foo, container), d4b (bar, vm)",
                explain("ambiguous", "d4 matches several images", "{\"matches\":[{\"id\":\"d4a\",\"name\":\"foo\","
                        + "\"type\":\"container\"},{\"id\":\"d4b\",\"name\":\"bar\",\"type\":\"vm\"}]}"));
    }
}
