package io.amsfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a tool to completion, its output kept in a log file. */
final class Proc {
    private Proc() {
    }

    /**
     * Runs the command; returns its output (stdout and stderr); fails when it exits non-zero. A
     * non-null {@code env} is the whole environment.
     */
    static String run(List<String> cmd, Path log, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        try {
            Process p = pb.start();
            int status = p.waitFor();
            String out = Files.readString(log);
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size())))
                        + "… exited with " + status + "; see " + log + "\n" + tail(out));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first line a command prints, or null when it cannot be run. */
    static String firstLine(List<String> cmd) {
        String line = firstLineMatching(cmd, "");
        return line == null ? null : line.trim();
    }

    /** The first line of a command's output that contains {@code text}, or null. */
    static String firstLineMatching(List<String> cmd, String text) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            for (String line : out.split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String tail(String s) {
        String[] lines = s.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }
}
