package io.amsfleet.server.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Whether the catalogue's schema is exactly what the migrations on the class path make, in one
 * query: every migration is in Flyway's history, successful, with the checksum Flyway computes for
 * its file, and the history holds nothing else. Then Flyway need not run at all: loading, scanning
 * and validating with it cost most of a start (docs/performance.md, section 4). Any doubt (a file
 * name this does not parse, a failed or unknown row, no history table, an unusual class path)
 * answers "no", and Flyway runs as it always did, so a changed migration is still reported by
 * Flyway's own validation.
 */
final class SchemaCheck {
    /** Flyway's default versioned-migration names, restricted to the plain numbers this project uses. */
    private static final Pattern VERSIONED = Pattern.compile("V([1-9][0-9]*)__[^/]+\\.sql");

    private SchemaCheck() {
    }

    /** True when the database's history matches the class path's migrations in {@code locations}. */
    static boolean upToDate(DataSource ds, List<String> locations) {
        Map<String, Integer> expected = onClassPath(locations);
        if (expected == null || expected.isEmpty()) {
            return false;
        }
        Map<String, Integer> applied = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT \"version\", \"checksum\", \"success\", \"type\" FROM \"flyway_schema_history\"")) {
            while (rs.next()) {
                String version = rs.getString(1);
                int checksum = rs.getInt(2);
                boolean checksumNull = rs.wasNull();
                boolean success = rs.getBoolean(3);
                String type = rs.getString(4);
                if (success && version == null && ("SCHEMA".equals(type) || "TABLE".equals(type))) {
                    // The marker Flyway writes when it created the schema or the table itself.
                    continue;
                }
                if (!success || version == null || checksumNull || !"SQL".equals(type)
                        || applied.put(version, checksum) != null) {
                    return false;
                }
            }
        } catch (SQLException noHistoryYet) {
            // An empty database (no history table) or one this query cannot read: Flyway decides.
            return false;
        }
        return applied.equals(expected);
    }

    /** Version → Flyway checksum of each migration under the locations, or null when unsure. */
    static Map<String, Integer> onClassPath(List<String> locations) {
        Map<String, Integer> found = new HashMap<>();
        ClassLoader loader = SchemaCheck.class.getClassLoader();
        try {
            for (String location : locations) {
                String dir = location.substring("classpath:".length());
                Enumeration<URL> urls = loader.getResources(dir);
                while (urls.hasMoreElements()) {
                    for (String resource : list(urls.nextElement(), dir)) {
                        String name = resource.substring(resource.lastIndexOf('/') + 1);
                        Matcher m = VERSIONED.matcher(name);
                        if (!m.matches()) {
                            return null;
                        }
                        try (InputStream in = loader.getResourceAsStream(resource)) {
                            if (in == null || found.put(m.group(1), checksum(in)) != null) {
                                return null;
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
        return found;
    }

    /** The files under {@code dir} (a class path directory, from a jar or a directory of classes). */
    private static List<String> list(URL url, String dir) throws IOException, URISyntaxException {
        List<String> resources = new ArrayList<>();
        switch (url.getProtocol()) {
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(true);
                JarFile jar = connection.getJarFile();
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (!e.isDirectory() && e.getName().startsWith(dir + "/")) {
                        resources.add(e.getName());
                    }
                }
            }
            case "file" -> {
                Path root = Path.of(url.toURI());
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(p ->
                            resources.add(dir + "/" + root.relativize(p).toString().replace('\\', '/')));
                }
            }
            default -> throw new IOException("cannot list " + url);
        }
        return resources;
    }

    /**
     * Flyway's checksum of a migration: CRC32 over its lines' UTF-8 bytes without line breaks,
     * a byte-order mark dropped from the first, as an int.
     */
    static int checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
        String line = reader.readLine();
        if (line != null) {
            if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            do {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            } while ((line = reader.readLine()) != null);
        }
        return (int) crc.getValue();
    }
}
