package io.amsfleet.server.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists exactly the settings there are: every {@code AMS_*} variable the
 * server reads (through application.yml, or directly before Micronaut starts) or its launcher
 * reads, and none that nothing reads.
 */
class ConfigurationDocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern VARIABLE = Pattern.compile("AMS_[A-Z0-9_]*[A-Z0-9]");

    private static Set<String> variables(String text, Pattern where) {
        Set<String> out = new TreeSet<>();
        Matcher m = where.matcher(text);
        while (m.find()) {
            Matcher v = VARIABLE.matcher(m.group());
            while (v.find()) {
                out.add(v.group());
            }
        }
        return out;
    }

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    /** What the server and its launcher read. */
    private static Set<String> read() throws IOException {
        Set<String> all = variables(read("ams-server/src/main/resources/application.yml"),
                Pattern.compile("\\$\\{AMS_[A-Z0-9_]+"));
        try (var sources = Files.walk(ROOT.resolve("ams-server/src/main/java"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.addAll(variables(Files.readString(p), Pattern.compile("getenv\\(\"AMS_[A-Z0-9_]+\"\\)")));
            }
        }
        // the launcher's own: read as ${AMS_…} or "$AMS_…" in the script
        all.addAll(variables(read("bin/ams"), Pattern.compile("\\$\\{?AMS_[A-Z0-9_]+")));
        return all;
    }

    /** What the settings table documents: the first column of its rows. */
    private static Set<String> documented() throws IOException {
        return variables(read("docs/configuration.md"), Pattern.compile("(?m)^\\| `AMS_[^|]*\\|"));
    }

    @Test
    void everySettingThatIsReadIsDocumented() throws IOException {
        Set<String> missing = new TreeSet<>(read());
        missing.removeAll(documented());
        assertThat(missing).as("read but not in docs/configuration.md").isEmpty();
    }

    @Test
    void everyDocumentedSettingIsRead() throws IOException {
        Set<String> stale = new TreeSet<>(documented());
        stale.removeAll(read());
        assertThat(stale).as("in docs/configuration.md but read by nothing").isEmpty();
    }
}
