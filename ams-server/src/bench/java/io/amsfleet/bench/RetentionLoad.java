package io.amsfleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The load beside a retention run (docs/retention.md, docs/performance.md): clients deleting
 * versions of VM images at a fixed pace, which the container policy does not cover, and one client uploading new
 * VM images, each request timed. The same load runs without the policy and during its run, so
 * that the two p99s compare on the same machine.
 */
final class RetentionLoad {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one phase measured, latencies in ms. */
    record Result(double deleteP99, double uploadP99, long deletes, long uploads, long errors) {
    }

    private final String url;
    private final long firstImage;
    private final long images;
    private final int deletableVersions;
    private final Path tarball;
    /** The deletes offered per second, across all deleters. */
    static final long DELETES_PER_SECOND = 100;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong uploaded = new AtomicLong();

    /**
     * @param firstImage        the first VM image's number ({@link Catalogue#imageId})
     * @param images            how many VM images there are
     * @param deletableVersions versions 0 to this - 1 of each may be deleted (the last one stays)
     */
    RetentionLoad(String url, long firstImage, long images, int deletableVersions, Path tarball) {
        this.url = url;
        this.firstImage = firstImage;
        this.images = images;
        this.deletableVersions = deletableVersions;
        this.tarball = tarball;
    }

    /** Runs the load until {@code done} says so, for at least {@code minSeconds}. */
    /** Whether every deletable version of the load images has been deleted. */
    boolean exhausted() {
        return next.get() >= images * deletableVersions;
    }

    Result run(int deleters, double minSeconds, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + (long) (minSeconds * 1e9);
        AtomicBoolean stop = new AtomicBoolean();
        List<Double> deletes = Collections.synchronizedList(new ArrayList<>());
        List<Double> uploads = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        // Paced, not closed-loop: at a fixed rate the p99 with and without a policy run compare the
        // same offered load, and the load images' deletable versions last the whole run.
        long periodNanos = deleters * 1_000_000_000L / DELETES_PER_SECOND;
        for (int i = 0; i < deleters; i++) {
            threads.add(started(() -> {
                long nextAt = System.nanoTime();
                while (!stop.get()) {
                    nextAt += periodNanos;
                    long wait = nextAt - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    long n = next.getAndIncrement();
                    if (n >= images * deletableVersions) {
                        return;
                    }
                    String path = "/1.0/images/" + Catalogue.imageId(firstImage + n % images) + "/" + n / images;
                    time(HttpRequest.newBuilder(URI.create(url + path)).DELETE(), deletes, errors);
                }
            }));
        }
        threads.add(started(() -> {
            while (!stop.get()) {
                try {
                    String request = "{\"name\":\"load-" + uploaded.incrementAndGet() + "\",\"type\":\"vm\"}";
                    time(HttpRequest.newBuilder(URI.create(url + "/1.0/images/"))
                            .header("Content-Type", "application/octet-stream").header("X-AMS-Request", request)
                            .POST(HttpRequest.BodyPublishers.ofFile(tarball)), uploads, errors);
                } catch (java.io.FileNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }));
        while (System.nanoTime() < until || !done.getAsBoolean()) {
            Thread.sleep(50);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return new Result(p99(deletes), p99(uploads), deletes.size(), uploads.size(), errors.get());
    }

    private static Thread started(Runnable work) {
        Thread t = new Thread(work, "retention-load");
        t.start();
        return t;
    }

    private static void time(HttpRequest.Builder request, List<Double> into, AtomicLong errors) {
        long start = System.nanoTime();
        try {
            HttpResponse<Void> r = HTTP.send(request.header("Authorization", "Bearer " + Server.TOKEN)
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 300) {
                errors.incrementAndGet();
                return;
            }
        } catch (Exception e) {
            errors.incrementAndGet();
            return;
        }
        into.add((System.nanoTime() - start) / 1e6);
    }

    private static double p99(List<Double> ms) {
        if (ms.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }
}
