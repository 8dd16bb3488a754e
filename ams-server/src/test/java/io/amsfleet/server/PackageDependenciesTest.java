package io.amsfleet.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's packages are by feature and depend on each other one way only: no package reaches
 * itself again through the packages it uses, so each can be read, and changed, from the bottom up.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/amsfleet/server");
    private static final Pattern USE = Pattern.compile("io\\.amsfleet\\.server\\.([a-z]+)\\.");

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new HashMap<>();
        try (var files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = SOURCES.relativize(f);
                String pkg = rel.getNameCount() > 1 ? rel.getName(0).toString() : "(root)";
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        Set<String> cyclic = new TreeSet<>();
        for (String start : uses.keySet()) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(uses.get(start));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(start)) {
                    cyclic.add(start);
                    break;
                }
                if (seen.add(next)) {
                    todo.addAll(uses.getOrDefault(next, Set.of()));
                }
            }
        }
        assertThat(cyclic).as("packages on a dependency cycle; uses: %s", uses).isEmpty();
    }
}
