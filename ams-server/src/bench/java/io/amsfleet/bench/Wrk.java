package io.amsfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP load with wrk (Debian's package): a closed loop of {@code connections} clients, each sending
 * its next request as soon as the answer to the previous one arrives. A Lua script picks each
 * request's target and reports the figures as one JSON line.
 */
final class Wrk {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Delete targets: call {@code s} (counted across runs from {@code start}, split between wrk's
     * threads) deletes version {@code s div images} of image {@code first + (s mod images) * stride
     * mod images}; a thread stops when {@code s} reaches {@code supply}.
     */
    static final String SCRIPT = """
            -- bin/bench: DELETE /1.0/images/{id}/{version} or GET of one path, figures as JSON.
            local threads = {}
            function setup(thread)
              thread:set("tid", #threads)
              table.insert(threads, thread)
            end
            local mode, images, first, stride, start, supply, nthreads, path
            local j = 0
            issued = -1
            function init(args)
              mode = args[1]
              wrk.headers["Authorization"] = "Bearer " .. args[2]
              if mode == "delete" then
                images = tonumber(args[3]); first = tonumber(args[4]); stride = tonumber(args[5])
                start = tonumber(args[6]); supply = tonumber(args[7]); nthreads = tonumber(args[8])
              else
                path = args[3]
              end
            end
            function request()
              if mode ~= "delete" then
                return wrk.format("GET", path)
              end
              local s = start + tid + nthreads * j
              if s >= supply then
                wrk.thread:stop()
                return wrk.format("GET", "/1.0")
              end
              j = j + 1
              issued = s
              local k = s % images
              local image = first + (k * stride) % images
              local version = math.floor(s / images)
              return wrk.format("DELETE", string.format("/1.0/images/bench%015d/%d", image, version))
            end
            function done(summary, latency, requests)
              local last = -1
              for _, t in ipairs(threads) do
                local n = t:get("issued")
                if n ~= nil and n > last then last = n end
              end
              local e = summary.errors
              io.write(string.format('BENCH-JSON {"requests":%d,"duration_us":%d,"status_errors":%d,' ..
                '"socket_errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,"last":%d}\\n',
                summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,
                last))
            end
            """;

    /** One wrk run's figures. Latencies in milliseconds. */
    record Result(long requests, double seconds, long errors, double p50, double p90, double p99, double mean,
                  double max, long last) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final Path script;
    private final Path logDir;
    private int runs;

    Wrk(Path workDir) {
        this.logDir = workDir;
        this.script = workDir.resolve("bench.lua");
        try {
            Files.writeString(script, SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes versions at the given concurrency for {@code seconds}. */
    Result deletes(String baseUrl, String token, int connections, double seconds, long images, long first, long stride,
                   long start, long supply) {
        int threads = Math.min(2, connections);
        return run(baseUrl, connections, threads, seconds, List.of("delete", token, Long.toString(images),
                Long.toString(first), Long.toString(stride), Long.toString(start), Long.toString(supply),
                Integer.toString(threads)));
    }

    /** GETs one path at the given concurrency for {@code seconds}. */
    Result gets(String baseUrl, String token, String path, int connections, double seconds) {
        return run(baseUrl, connections, Math.min(2, connections), seconds, List.of("get", token, path));
    }

    private Result run(String baseUrl, int connections, int threads, double seconds, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads), "-c",
                Integer.toString(connections), "-d", Math.max(1, Math.round(seconds)) + "s", "--timeout", "30s",
                "-s", script.toString(), baseUrl, "--"));
        cmd.addAll(args);
        Path log = logDir.resolve("wrk-" + (++runs) + ".log");
        String out = Proc.run(cmd, log, null);
        for (String line : out.split("\n")) {
            if (line.startsWith("BENCH-JSON ")) {
                try {
                    JsonNode j = JSON.readTree(line.substring("BENCH-JSON ".length()));
                    return new Result(j.get("requests").asLong(), j.get("duration_us").asLong() / 1e6,
                            j.get("status_errors").asLong() + j.get("socket_errors").asLong(),
                            j.get("p50_us").asLong() / 1e3, j.get("p90_us").asLong() / 1e3,
                            j.get("p99_us").asLong() / 1e3, j.get("mean_us").asDouble() / 1e3,
                            j.get("max_us").asLong() / 1e3, j.get("last").asLong());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("wrk printed no figures; see " + log);
    }
}
