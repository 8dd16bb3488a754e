package io.amsfleet.server.auth;

import io.amsfleet.model.ReasonCode;
import io.amsfleet.model.Role;
import io.amsfleet.server.api.ApiException;
import io.amsfleet.server.db.Transactions;
import io.amsfleet.server.events.EventSettings;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /1.0/events/auth}'s tickets: browsers cannot set headers on a WebSocket, so a caller
 * trades its credentials for a ticket and opens {@code /1.0/events?token=<ticket>}. A ticket is
 * 256 random bits, kept only as its sha256, bound to the caller's name and role, good once and
 * for {@code AMS_EVENTS_TICKET_LIFETIME}; a caller and the server hold a bounded number of
 * unredeemed ones. In the database, so a ticket from one process opens the stream on any other.
 */
@Singleton
public class EventTickets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Base64url of 32 bytes; anything longer is not a ticket and is not hashed. */
    private static final int LENGTH = 43;
    private final EventTicketRepository tickets;
    private final Transactions tx;
    private final EventSettings settings;

    public EventTickets(EventTicketRepository tickets, Transactions tx, EventSettings settings) {
        this.tickets = tickets;
        this.tx = tx;
        this.settings = settings;
    }

    public String issue(Identity caller) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = System.currentTimeMillis();
        tx.write(() -> {
            tickets.deleteByExpiresAtLessThan(now);
            if (tickets.countByName(caller.name()) >= settings.ticketsPerCaller()) {
                throw tooMany(caller.name() + " holds " + settings.ticketsPerCaller() + " unused event tickets");
            }
            if (tickets.count() >= settings.tickets()) {
                throw tooMany("the server holds " + settings.tickets() + " unused event tickets");
            }
            return tickets.save(new EventTicketRow(TokenStore.hash(ticket), caller.name(), caller.role().label(),
                    now + settings.ticketLifetime().toMillis()));
        });
        return ticket;
    }

    private static ApiException tooMany(String why) {
        return new ApiException(ReasonCode.TOO_MANY_REQUESTS, why + "; use or let one expire first",
                Map.of("retry_after", 1));
    }

    /** The identity a ticket was issued to, once: the ticket is gone whether or not it was still good. */
    Optional<Identity> redeem(String ticket) {
        if (ticket == null || ticket.length() != LENGTH) {
            return Optional.empty();
        }
        String hash = TokenStore.hash(ticket);
        long now = System.currentTimeMillis();
        return tx.write(() -> {
            Optional<EventTicketRow> row = tickets.findById(hash);
            if (row.isEmpty() || tickets.deleteByTicketHash(hash) != 1 || row.get().expiresAt() < now) {
                return Optional.<Identity>empty();
            }
            Role role = Role.fromLabel(row.get().role());
            return role == null ? Optional.<Identity>empty() : Optional.of(new Identity(row.get().name(), role));
        });
    }
}
