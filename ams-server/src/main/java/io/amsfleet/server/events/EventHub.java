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

    /**
     * One connection's place: taken at the handshake, before the upgrade, so that no event raised
     * between the 101 and the websocket handler's start is missed (the SDK makes its call as soon
     * as the handshake is answered); what arrives meanwhile is kept, within the same bounds, and
     * sent first once the connection is attached.
     */
    static final class Listener {
        final String key = java.util.UUID.randomUUID().toString();
        final String caller;
        final Set<String> types;
        final long reservedAt = System.currentTimeMillis();
        final AtomicInteger pendingMessages = new AtomicInteger();
        final AtomicLong pendingBytes = new AtomicLong();
        private java.util.List<String> early = new java.util.ArrayList<>();
        volatile WebSocketSession session;
        volatile String dropped;

        Listener(String caller, Set<String> types) {
            this.caller = caller;
            this.types = types;
        }
    }

    private static final String KEY = "ams.events.listener";
    /** A place never attached (the upgrade did not happen after all) is given back after this. */
    private static final long UNATTACHED_MILLIS = 30_000;

    /**
     * Takes a connection slot for the caller before the upgrade; null when the caller, or the
     * server, holds its limit.
     */
    Listener reserve(String caller, Set<String> types) {
        if (total.incrementAndGet() > settings.connections()) {
            total.decrementAndGet();
            return null;
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
            return null;
        }
        Listener l = new Listener(caller, types);
        listeners.put(l.key, l);
        return l;
    }

    /** Why a caller at its limit is refused: for the 429. */
    String refusal(String caller) {
        AtomicInteger mine = perCaller.get(caller);
        if (mine != null && mine.get() >= settings.connectionsPerCaller()) {
            return caller + " holds its limit of " + settings.connectionsPerCaller() + " event connections";
        }
        return "the server holds its limit of " + settings.connections() + " event connections";
    }

    /** The connection is open: what was kept for it is sent first, in order, then it is live. */
    synchronized void attach(Listener l, WebSocketSession session) {
        session.put(KEY, l.key);
        if (listeners.get(l.key) != l) {
            session.close(new CloseReason(CloseReason.TRY_AGAIN_LATER.getCode(), "the handshake took too long"));
            return;
        }
        l.session = session;
        if (l.dropped != null) {
            drop(l, l.dropped);
            return;
        }
        java.util.List<String> kept = l.early;
        l.early = null;
        l.pendingBytes.set(0);
        for (String text : kept) {
            send(l, text, text.getBytes(StandardCharsets.UTF_8).length);
        }
        // The client may have closed while this ran, its close handled before the session was known.
        if (!session.isOpen()) {
            closed(session);
        }
    }

    void closed(WebSocketSession session) {
        String key = session.get(KEY, String.class).orElse(null);
        if (key != null) {
            release(key);
        }
    }

    private void release(String key) {
        Listener l = listeners.remove(key);
        if (l != null) {
            total.decrementAndGet();
            perCaller.computeIfPresent(l.caller, (k, n) -> n.get() <= 1 ? null : new AtomicInteger(n.get() - 1));
        }
    }

    /** The number of event connections open, or being opened, on this process. */
    public int size() {
        return listeners.size();
    }

    /** The number of event connections open and live on this process. */
    public int attached() {
        return (int) listeners.values().stream().filter(l -> l.session != null).count();
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
            if (l.dropped != null || !l.types.contains(type)) {
                continue;
            }
            if (l.session == null) {
                if (l.early.size() >= settings.bufferMessages()
                        || l.pendingBytes.addAndGet(bytes) > settings.bufferBytes()) {
                    l.dropped = "too slow: more events than the bounds before the connection was open";
                } else {
                    l.early.add(text);
                }
                continue;
            }
            send(l, text, bytes);
        }
    }

    private void send(Listener l, String text, long bytes) {
        int messages = l.pendingMessages.incrementAndGet();
        long waiting = l.pendingBytes.addAndGet(bytes);
        if (messages > settings.bufferMessages() || waiting > settings.bufferBytes()) {
            drop(l, messages > settings.bufferMessages()
                    ? "too slow: " + settings.bufferMessages() + " events waiting to be read"
                    : "too slow: more than " + settings.bufferBytes() + " bytes of events waiting to be read");
            return;
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

    private void drop(Listener l, String reason) {
        l.dropped = reason;
        LOG.info("disconnecting event listener {} of {}: {}", l.key, l.caller, reason);
        try {
            l.session.close(new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), reason));
        } catch (RuntimeException e) {
            LOG.debug("closing event listener {}: {}", l.key, e.toString());
        } finally {
            release(l.key);
        }
    }

    /**
     * Pings keep idle connections from being closed as idle by the server or a proxy on the way;
     * a place reserved at a handshake that never became a connection is given back.
     */
    private void ping() {
        long now = System.currentTimeMillis();
        for (Listener l : listeners.values()) {
            WebSocketSession session = l.session;
            try {
                if (session == null) {
                    if (now - l.reservedAt > UNATTACHED_MILLIS) {
                        release(l.key);
                    }
                } else if (session.isOpen() && l.dropped == null) {
                    session.sendPingAsync(PING);
                }
            } catch (RuntimeException e) {
                LOG.debug("ping to event listener {}: {}", l.key, e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        pinger.shutdownNow();
        for (Listener l : listeners.values()) {
            try {
                if (l.session != null) {
                    l.session.close(CloseReason.GOING_AWAY);
                }
            } catch (RuntimeException ignored) {
                // going away regardless
            }
        }
    }
}
