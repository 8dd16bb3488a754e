package io.amsfleet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, as the report and {@code results.json} show it. */
public final class Results {
    /** Where and when: machine, versions, load. */
    public Map<String, String> machine = new LinkedHashMap<>();
    public List<String> notes = new ArrayList<>();
    public List<DeleteRow> deletes = new ArrayList<>();
    public List<ScaleRow> scale = new ArrayList<>();
    public List<BatchRow> batch = new ArrayList<>();
    public List<UploadRow> uploads = new ArrayList<>();
    public List<RetentionRow> retention = new ArrayList<>();
    public List<StartRow> start;
    public CliRow cli;

    /** Figure 1, one concurrency on one database: REST deletes beside the JDBC limit. */
    public record DeleteRow(String db, int clients, double restPerSecond, double restP50, double restP99,
                            long restRequests, long restErrors, double limitPerSecond, double limitP50,
                            double limitP99, double serverCpuMs, double dbCpuMs) {
        public double ratio() {
            return restPerSecond / limitPerSecond;
        }
    }

    /**
     * PostgreSQL only: the raw transaction of a delete by pgbench at one concurrency, in the same
     * run ({@code PgBench}: shape "full", what a delete must do today, or "minimal", the issue's);
     * CPU per transaction in ms, of the backends and of pgbench itself.
     */
    public List<PgBenchRow> pgbench = new ArrayList<>();

    public record PgBenchRow(String shape, int clients, double perSecond, double latencyMs, double p99Ms,
                             long transactions, double dbCpuMs, double clientCpuMs) {
    }

    /**
     * Figure 2, one catalogue size on one database: one client, latencies in ms. PostgreSQL only
     * (NaN and 0 on H2): the WAL the REST deletes wrote, per delete, in KiB, and pgbench's full
     * delete transaction on the same catalogue right after them, with its WAL per transaction.
     */
    public record ScaleRow(String db, long images, double deleteP50, double deleteP99, long deletes,
                           double listP50, double listP99, long lists, long errors, double deleteWalKiB,
                           double rawP50, double rawP99, long rawTransactions, double rawWalKiB) {
        public boolean hasRaw() {
            return rawTransactions > 0;
        }
    }

    /** One batch delete on the largest catalogue, beside the single deletes' rate on it (versions/s). */
    public record BatchRow(String db, long images, int versions, int deleted, int failed, double ms,
                           double perSecond, double singlePerSecond) {
        public double ratio() {
            return perSecond / singlePerSecond;
        }
    }

    /** Figure 3, one tarball size on one database. */
    public record UploadRow(String db, long bytes, int runs, double uploadMedian, double sha256sumMedian,
                            double peakHeapMiB, double retainedHeapMiB, double maxHeapMiB) {
        public double ratio() {
            return uploadMedian / sha256sumMedian;
        }
    }

    /**
     * A retention run over {@code images} images of {@code versions} versions (docs/retention.md):
     * its time, and the p99 of concurrent deletes and uploads beside the same load without it.
     */
    public record RetentionRow(String db, long images, int versions, long removed, double runSeconds,
                               double deleteP99Without, double deleteP99During, double uploadP99Without,
                               double uploadP99During, long requests, long errors) {
        public double deleteRatio() {
            return deleteP99During / deleteP99Without;
        }

        public double uploadRatio() {
            return uploadP99During / uploadP99Without;
        }
    }

    /**
     * Figure 4: bin/ams to the first answer on one JVM ({@code jvm} as bin/ams names it), with an
     * up-to-date schema or an empty data dir, beside a hello-world JVM of the same JDK; {@code cpu}
     * is the mean user + system time of a start, in ms; {@code chosen}: the JVM bin/ams chose
     * itself (the targets' row), not the suite's own asked for with AMS_JAVA (reported);
     * {@code classesMedian}: the JVM with the server's class path and archive, running
     * {@code -version} (Server.jvmWithServerClasses), the part of the start that is the JVM's own
     * work on the classes the server starts with.
     */
    public record StartRow(String jvm, boolean chosen, String schema, int runs, double median, double mean,
                           double stddev, double min, double cpu, double helloMedian, double classesMedian) {
    }

    /**
     * Figure 5: {@code amc image list}, beside a hello-world JVM with amc's flags on the same JVM and
     * the JDK HTTP client's one request alone (amc's transport, BenchSuite.ONE_REQUEST).
     *
     * @param jvm the JVM bin/amc chose, as it names it: version and JDK directory
     */
    public record CliRow(int runs, double median, double mean, double stddev, double min, double helloMedian,
                         double helloMin, double oneRequestMedian, double oneRequestMin, double classesMedian,
                         double classesMin, String jvm) {
    }
}
