package io.amsfleet.server.limit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key in any window of time (a sliding log: exact, and small at
 * the limits used here). Kept in memory, per server process: a cache that is safe to lose.
 *
 * <p>The number of keys is bounded too, since keys may come from strangers (client addresses):
 * past {@code maxKeys} live keys, a new key is refused until old ones expire — failing closed is
 * what a limit for strangers should do. Written here rather than taken from a library because the
 * few that fit (Bucket4j, Resilience4j) bring a token bucket or a whole resilience framework for
 * twenty lines, and none bounds its keys.
 */
public final class SlidingWindow {
    private final int limit;
    private final long windowMillis;
    private final int maxKeys;
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    public SlidingWindow(int limit, long windowMillis, int maxKeys) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    public SlidingWindow(Rate rate, int maxKeys) {
        this(rate.limit(), rate.windowMillis(), maxKeys);
    }

    public boolean enabled() {
        return limit > 0;
    }

    public int limit() {
        return limit;
    }

    public long windowSeconds() {
        return windowMillis / 1000;
    }

    /** Counts one event at {@code now}: 0 when it fits, else the seconds until one would. */
    public long take(String key, long now) {
        if (limit <= 0) {
            return 0;
        }
        Deque<Long> times = recent.get(key);
        if (times == null) {
            if (recent.size() >= maxKeys) {
                forgetExpired(now);
                if (recent.size() >= maxKeys) {
                    return Math.max(1, windowMillis / 1000);
                }
            }
            times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        }
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000);
            }
            times.addLast(now);
        }
        return 0;
    }

    /** Uncounts the event {@link #take} counted at {@code takenAt}: it did not happen after all. */
    public void giveBack(String key, long takenAt) {
        Deque<Long> times = recent.get(key);
        if (times != null) {
            synchronized (times) {
                times.removeLastOccurrence(takenAt);
            }
        }
    }

    private void forgetExpired(long now) {
        recent.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || last <= now - windowMillis;
            }
        });
    }
}
