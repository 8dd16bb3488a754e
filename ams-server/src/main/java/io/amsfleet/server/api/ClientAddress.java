package io.amsfleet.server.api;

import io.micronaut.http.HttpRequest;

import java.net.InetSocketAddress;

/**
 * The address a request came from, as the audit records it and the per-address limits count it:
 * the peer of the connection. Behind a load balancer that is the balancer (docs/security.md).
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }
}
