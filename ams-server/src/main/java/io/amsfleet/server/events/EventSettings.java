package io.amsfleet.server.events;

import io.amsfleet.server.config.Setting;
import io.micronaut.context.annotation.ConfigurationInject;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

import java.time.Duration;

/**
 * {@code AMS_EVENTS_*}: what one listener may have waiting (messages and bytes) before it is
 * disconnected, how many event connections a caller and the whole process may hold, and the
 * lifetime and number of handshake tickets. {@code pingInterval} (not documented) keeps idle
 * connections from being taken for dead; tests shorten it.
 */
@ConfigurationProperties("ams.events")
public record EventSettings(int bufferMessages, long bufferBytes, int connectionsPerCaller, int connections,
                            Duration ticketLifetime, int ticketsPerCaller, int tickets, Duration pingInterval) {
    @ConfigurationInject
    public EventSettings(String bufferMessages, String bufferBytes, String connectionsPerCaller, String connections,
                         String ticketLifetime, String ticketsPerCaller, String tickets, String pingInterval) {
        this(count(bufferMessages, "AMS_EVENTS_BUFFER_MESSAGES"), Setting.bytes(bufferBytes, "AMS_EVENTS_BUFFER_BYTES"),
                count(connectionsPerCaller, "AMS_EVENTS_CONNECTIONS_PER_CALLER"),
                count(connections, "AMS_EVENTS_CONNECTIONS"),
                Setting.positiveDuration(ticketLifetime, "AMS_EVENTS_TICKET_LIFETIME"),
                count(ticketsPerCaller, "AMS_EVENTS_TICKETS_PER_CALLER"), count(tickets, "AMS_EVENTS_TICKETS"),
                Setting.positiveDuration(pingInterval, "ams.events.ping-interval"));
    }

    private static int count(String text, String name) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new ConfigurationException(name + " must be a whole number, at least 1, not " + text);
    }
}
