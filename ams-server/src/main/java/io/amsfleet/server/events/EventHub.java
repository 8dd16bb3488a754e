package io.amsfleet.server.events;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's event listeners and the fan-out to them. Sending never waits: a message is handed
 * to the connection and counted as pending until the network has taken it, and a listener whose
 * pending messages or bytes pass the bounds is disconnected (1008, naming why) rather than
 * buffered for, so a slow or stalled reader costs a bounded amount of memory and never slows the
 * change that raised the event.
 */
@Singleton
public class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final byte[] PING = "ams".getBytes(StandardCharsets.US_ASCII);

    private final EventSettings settings;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-ping");
        t.setDaemon(true);
        return t;
    });

    public EventHub(EventSettings settings) {
        this.settings = settings;
        long every = settings.pingInterval().toMillis();
        pinger.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
    }

    private static final class Listener {
        final WebSocketSession session;
        final String caller;
        final Set<String> types;
        final AtomicInteger pendingMessages = new AtomicInteger();
        final AtomicLong pendingBytes = new AtomicLong();
        volatile boolean dropped;

        Listener(WebSocketSession session, String caller, Set<String> types) {
            this.session = session;
            this.caller = caller;
            this.types = types;
        }
    }

    /** Why a new connection of this caller would be refused now, or null: checked before the upgrade. */
    String refusal(String caller) {
        if (total.get() >= settings.connections()) {
            return "the server holds its limit of " + settings.connections() + " event connections";
        }
        AtomicInteger mine = perCaller.get(caller);
        if (mine != null && mine.get() >= settings.connectionsPerCaller()) {
            return caller + " holds its limit of " + settings.connectionsPerCaller() + " event connections";
        }
        return null;
    }

    /**
     * Takes a connection slot and starts delivering; false when the limits were reached between the
     * check before the upgrade and now (two handshakes racing), and nothing was taken.
     */
    boolean open(WebSocketSession session, String caller, Set<String> types) {
        if (total.incrementAndGet() > settings.connections()) {
            total.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        perCaller.compute(caller, (k, n) -> {
            int held = n == null ? 0 : n.get();
            if (held >= settings.connectionsPerCaller()) {
                return n;
            }
            admitted[0] = true;
            return new AtomicInteger(held + 1);
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return false;
        }
        listeners.put(session.getId(), new Listener(session, caller, types));
        // The client may have closed while this ran, its close handled before the put above.
        if (!session.isOpen()) {
            closed(session);
        }
        return true;
    }

    void closed(WebSocketSession session) {
        Listener l = listeners.remove(session.getId());
        if (l != null) {
            total.decrementAndGet();
            perCaller.computeIfPresent(l.caller, (k, n) -> n.get() <= 1 ? null : new AtomicInteger(n.get() - 1));
        }
    }

    /** The number of event connections open on this process. */
    public int size() {
        return listeners.size();
    }

    /**
     * Hands one event to every listener that asked for its type. Synchronized so that every
     * listener sees the events of this process in the one order they were delivered in.
     */
    synchronized void deliver(String type, String text) {
        if (listeners.isEmpty()) {
            return;
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (Listener l : listeners.values()) {
            if (l.dropped || !l.types.contains(type)) {
                continue;
            }
            int messages = l.pendingMessages.incrementAndGet();
            long waiting = l.pendingBytes.addAndGet(bytes);
            if (messages > settings.bufferMessages() || waiting > settings.bufferBytes()) {
                drop(l, messages > settings.bufferMessages()
                        ? "too slow: " + settings.bufferMessages() + " events waiting to be read"
                        : "too slow: more than " + settings.bufferBytes() + " bytes of events waiting to be read");
                continue;
            }
            try {
                l.session.sendAsync(text).whenComplete((sent, failure) -> {
                    l.pendingMessages.decrementAndGet();
                    l.pendingBytes.addAndGet(-bytes);
                });
            } catch (RuntimeException e) {
                drop(l, "could not send");
            }
        }
    }

    private void drop(Listener l, String reason) {
        l.dropped = true;
        LOG.info("disconnecting event listener {} of {}: {}", l.session.getId(), l.caller, reason);
        try {
            l.session.close(new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), reason));
        } catch (RuntimeException e) {
            LOG.debug("closing event listener {}: {}", l.session.getId(), e.toString());
        } finally {
            closed(l.session);
        }
    }

    /** Pings keep idle connections from being closed as idle by the server or a proxy on the way. */
    private void ping() {
        for (Listener l : listeners.values()) {
            try {
                if (l.session.isOpen() && !l.dropped) {
                    l.session.sendPingAsync(PING);
                }
            } catch (RuntimeException e) {
                LOG.debug("ping to event listener {}: {}", l.session.getId(), e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        pinger.shutdownNow();
        for (Listener l : listeners.values()) {
            try {
                l.session.close(CloseReason.GOING_AWAY);
            } catch (RuntimeException ignored) {
                // going away regardless
            }
        }
    }
}
