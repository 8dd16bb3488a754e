package io.amsfleet.server.auth;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The caller's credentials, as AMS clients send them: a bearer token, or — with TLS on and no
 * token — a client certificate in the trust store. Looked up in the database on every request
 * (on the blocking pool, never on Netty's event loop), so a revocation takes effect at once.
 */
@Singleton
public class CredentialsFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    private final TokenStore tokens;
    private final TrustStore trust;
    private final EventTickets tickets;
    private final Scheduler blocking;
    private final byte[] scrapeToken;

    public CredentialsFetcher(TokenStore tokens, TrustStore trust, EventTickets tickets,
                              @Named(TaskExecutors.BLOCKING) ExecutorService blocking, AuthSettings settings) {
        this.scrapeToken = settings.metricsToken() == null ? null
                : settings.metricsToken().getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.trust = trust;
        this.tickets = tickets;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String token = bearer(header);
        String ticket = header == null ? eventTicket(request) : null;
        if (ticket != null) {
            return Mono.fromCallable(() -> tickets.redeem(ticket).map(Identity::authentication).orElse(null))
                    .subscribeOn(blocking);
        }
        if (header != null && token == null || header == null && request.getCertificate().isEmpty()) {
            return Mono.empty();
        }
        if (token != null && scrapeToken != null
                && MessageDigest.isEqual(scrapeToken, token.getBytes(StandardCharsets.UTF_8))) {
            return Mono.just(Scraper.AUTHENTICATION);
        }
        return Mono.fromCallable(() -> identify(request, token).map(Identity::authentication).orElse(null))
                .subscribeOn(blocking);
    }

    private Optional<Identity> identify(HttpRequest<?> request, String token) {
        if (token != null) {
            return tokens.authenticate(token);
        }
        return request.getCertificate().flatMap(trust::identify);
    }

    /**
     * A ticket from {@code POST /1.0/events/auth}, accepted only on the event stream's handshake
     * (browsers cannot set headers on a WebSocket), only without an Authorization header.
     */
    private static String eventTicket(HttpRequest<?> request) {
        return "/1.0/events".equals(request.getPath()) ? request.getParameters().get("token") : null;
    }

    /** The token of an {@code Authorization: Bearer …} header; null for anything else. */
    static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
