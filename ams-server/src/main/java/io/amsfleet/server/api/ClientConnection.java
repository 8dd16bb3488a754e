package io.amsfleet.server.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;

import java.util.function.BooleanSupplier;

/**
 * Whether the client that sent a request has gone: long work for a request nobody will read the
 * answer to (an upload being checked) can then be abandoned. The one place that knows the request
 * arrived over Netty.
 */
public final class ClientConnection {
    private ClientConnection() {
    }

    /** True once the request's connection is closed; always false for a request not served by Netty. */
    public static BooleanSupplier gone(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            Channel channel = netty.getChannelHandlerContext().channel();
            return () -> !channel.isActive();
        }
        return () -> false;
    }

    /**
     * Closes the request's connection once {@code response} is sent ({@code Connection: close}),
     * without resetting it while the client is still sending the body ({@link LingeringClose}).
     */
    public static void closeAfterAnswer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(HttpHeaders.CONNECTION, "close");
        if (request instanceof NettyHttpRequest<?> netty) {
            LingeringClose.lingerOnClose(netty.getChannelHandlerContext().channel());
        }
    }

    /**
     * Whether the request's body is streamed to the endpoint as it arrives (an image tarball or an
     * application package, {@code application/octet-stream}) rather than read whole first: such a
     * body may still be arriving when the request is refused.
     */
    public static boolean streamsBody(HttpRequest<?> request) {
        return request.getContentType().map(t -> t.matches(MediaType.APPLICATION_OCTET_STREAM_TYPE)).orElse(false);
    }
}
