package io.amsfleet.server.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.ServerHttpRequest;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body, opened on its first read. A client that sends {@code Expect: 100-continue}
 * (curl does for large bodies; amc does for uploads) is told to send the body only once it is
 * read: a request refused before that (over the size limit, a taken name, an immutable image) is
 * answered without a byte of the body crossing the network.
 */
public final class RequestBody extends InputStream {
    private final ServerHttpRequest<?> request;
    private InputStream body;

    private RequestBody(ServerHttpRequest<?> request) {
        this.request = request;
    }

    public static InputStream of(HttpRequest<?> request) {
        if (request instanceof ServerHttpRequest<?> server) {
            return new RequestBody(server);
        }
        throw new IllegalStateException("a request not received by the server: " + request.getClass().getName());
    }

    private InputStream body() {
        if (body == null) {
            body = request.byteBody().toInputStream();
        }
        return body;
    }

    @Override
    public int read() throws IOException {
        return body().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return body().read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        return body == null ? 0 : body.available();
    }

    @Override
    public void close() throws IOException {
        if (body != null) {
            body.close();
        }
    }
}
