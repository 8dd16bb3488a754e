package io.amsfleet.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Requests started together at a barrier, each on its own thread; their replies in the order given. */
public final class Race {
    private Race() {
    }

    public static List<Api.Reply> of(List<Callable<Api.Reply>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CyclicBarrier start = new CyclicBarrier(requests.size());
            List<Future<Api.Reply>> futures = new ArrayList<>();
            for (Callable<Api.Reply> r : requests) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return r.call();
                }));
            }
            List<Api.Reply> out = new ArrayList<>();
            for (Future<Api.Reply> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
