package io.amsfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Process timings with hyperfine (Debian's package), every command in the same run, interleaved. */
final class Hyperfine {
    /** One command's figures, in milliseconds. */
    record Result(String command, int runs, double median, double mean, double stddev, double min, double max,
                  double user, double system) {
    }

    private Hyperfine() {
    }

    /**
     * Times the commands; {@code shell} false runs them without a shell ({@code -N}). A prepare
     * command, when given, runs before every timed run of every command.
     */
    static List<Result> run(Path workDir, String name, int warmup, int runs, boolean shell, String prepare,
                            Map<String, String> env, String... commands) {
        Path json = workDir.resolve("hyperfine-" + name + ".json");
        List<String> cmd = new ArrayList<>(List.of("hyperfine", "--style", "basic", "--export-json", json.toString(),
                "-w", Integer.toString(warmup), "-r", Integer.toString(runs)));
        if (!shell) {
            cmd.add("-N");
        }
        if (prepare != null) {
            cmd.add("--prepare");
            cmd.add(prepare);
        }
        cmd.addAll(List.of(commands));
        Proc.run(cmd, workDir.resolve("hyperfine-" + name + ".log"), env);
        try {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            List<Result> out = new ArrayList<>();
            for (JsonNode r : root.get("results")) {
                out.add(new Result(r.get("command").asText(), r.get("times").size(), r.get("median").asDouble() * 1e3,
                        r.get("mean").asDouble() * 1e3, r.path("stddev").asDouble() * 1e3,
                        r.get("min").asDouble() * 1e3, r.get("max").asDouble() * 1e3, r.get("user").asDouble() * 1e3,
                        r.get("system").asDouble() * 1e3));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
