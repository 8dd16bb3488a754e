package io.amsfleet.cli.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange with a plain {@code http://} server over a blocking socket: a request with
 * its whole body in memory, an answer read whole. amc sends its JSON requests to a plain-http
 * server this way, and keeps the JDK's HTTP client for https, streamed uploads and the event
 * websocket.
 *
 * <p>Written by hand because no HTTP client starts fast enough for a command-line run: the JDK's
 * java.net.http builds a selector thread and an executor and hands every exchange between
 * threads, some 12 ms of {@code amc image list} on two cores; {@code HttpURLConnection} looks up
 * the URL's stream handler through a service scan of every jar and sets up the JDK's platform
 * logging, 13 ms; libraries such as OkHttp or Apache's client start slower still
 * (docs/cli.md#performance). What is written here is the part of RFC 9112 a client of one JSON API
 * needs: the request line and headers, a body by {@code Content-Length}, and an answer framed by
 * {@code Content-Length}, chunked, or the connection's end, after any 1xx interim answers. One
 * connection per exchange ({@code Connection: close}): amc makes a few requests a run.
 *
 * <p>A server is not trusted to be well-behaved: its head is bounded ({@link #MAX_HEAD}), its body
 * too ({@link #MAX_BODY}), a malformed answer is an {@link IOException}, and {@code timeout} bounds
 * the whole exchange, not each read. No proxy is used, as for the JDK client amc builds.
 */
final class PlainHttp {
    /** A status line and headers larger than this are not an AMS server's. */
    static final int MAX_HEAD = 64 * 1024;
    /** An answer body larger than this is refused rather than held in memory. */
    static final long MAX_BODY = 256L << 20;

    private PlainHttp() {
    }

    /** The status and body of an answer. */
    record Answer(int status, byte[] body) {
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param headers sent as given, after {@code Host}; {@code Content-Length} is added for a body
     * @param body the request body, or null for none
     * @throws HttpConnectTimeoutException when the connection is not made within {@code connectTimeout}
     * @throws HttpTimeoutException when the whole exchange takes longer than {@code timeout}
     */
    static Answer exchange(URI uri, String method, Map<String, String> headers, byte[] body, Duration connectTimeout,
                           Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String host = uri.getHost();
        if (host == null) {
            throw new IOException("no host in " + uri);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        // URI keeps an IPv6 literal's brackets; the socket address takes it bare.
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(bare, port), millis(connectTimeout));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("connect timed out after " + connectTimeout);
            }
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(head(uri, method, host, port, headers, body));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            try {
                return read(socket, in, deadline, "HEAD".equals(method));
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("request timed out");
            }
        }
    }

    private static byte[] head(URI uri, String method, String host, int port, Map<String, String> headers,
                               byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder b = new StringBuilder(256).append(method).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        b.append(" HTTP/1.1\r\nHost: ").append(host);
        if (uri.getPort() >= 0) {
            b.append(':').append(port);
        }
        b.append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> {
            // A header value is the caller's (a token from the environment): a line break in it
            // would end the header and let the rest be read as another.
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a line break in the " + name + " header");
            }
            b.append(name).append(": ").append(value).append("\r\n");
        });
        if (body != null) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The final answer, after any 1xx interim ones. */
    private static Answer read(Socket socket, InputStream in, long deadline, boolean headRequest) throws IOException {
        Limit limit = new Limit(socket, deadline);
        while (true) {
            limit.headBytes = 0;
            String statusLine = line(in, limit);
            int status = status(statusLine);
            long length = -1;
            boolean chunked = false;
            for (String header = line(in, limit); !header.isEmpty(); header = line(in, limit)) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("a malformed header in the answer: " + clip(header));
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    long declared = parseLength(value);
                    if (length >= 0 && declared != length) {
                        throw new IOException("two different Content-Length headers in the answer");
                    }
                    length = declared;
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                }
            }
            if (status < 200) {
                // 100 Continue, 103 Early Hints: a final answer follows on the same connection.
                continue;
            }
            if (headRequest || status == 204 || status == 304) {
                return new Answer(status, new byte[0]);
            }
            byte[] body;
            if (chunked) {
                body = chunkedBody(in, limit);
            } else if (length >= 0) {
                body = exactly(in, length, limit);
            } else {
                body = untilEnd(in, limit);
            }
            return new Answer(status, body);
        }
    }

    /** What bounds reading an answer: the exchange's deadline, and how much of the head was read. */
    private static final class Limit {
        private final Socket socket;
        private final long deadline;
        private int headBytes;

        Limit(Socket socket, long deadline) {
            this.socket = socket;
            this.deadline = deadline;
        }

        /** Before each read from the socket: the time left is what that read may wait. */
        void beforeRead() throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("the exchange's time ran out");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        }
    }

    private static int status(String line) throws IOException {
        // HTTP/1.1 200 OK — the reason phrase may be empty, or absent with its space.
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new IOException("not an HTTP/1.1 answer: " + clip(line));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("not an HTTP/1.1 answer: " + clip(line));
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new IOException("not an HTTP/1.1 answer: " + clip(line));
        }
        return status;
    }

    private static long parseLength(String value) throws IOException {
        if (value.isEmpty() || value.length() > 18) {
            throw new IOException("a malformed Content-Length in the answer: " + clip(value));
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("a malformed Content-Length in the answer: " + clip(value));
            }
            n = n * 10 + (c - '0');
        }
        if (n > MAX_BODY) {
            throw new IOException("the answer's body is larger than " + (MAX_BODY >> 20) + " MiB");
        }
        return n;
    }

    /** One line of the head, without its CRLF (a bare LF is taken too); bounded by MAX_HEAD. */
    private static String line(InputStream in, Limit limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            if (in.available() == 0) {
                limit.beforeRead();
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("the server closed the connection before its answer was complete");
            }
            if (++limit.headBytes > MAX_HEAD) {
                throw new IOException("the answer's head is larger than " + (MAX_HEAD >> 10) + " KiB");
            }
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
    }

    private static byte[] exactly(InputStream in, long length, Limit limit) throws IOException {
        byte[] body = new byte[(int) length];
        int off = 0;
        while (off < body.length) {
            limit.beforeRead();
            int n = in.read(body, off, body.length - off);
            if (n < 0) {
                throw new IOException("the server closed the connection " + (body.length - off)
                        + " bytes before the end of its answer");
            }
            off += n;
        }
        return body;
    }

    private static byte[] untilEnd(InputStream in, Limit limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16 * 1024];
        while (true) {
            limit.beforeRead();
            int n = in.read(buffer);
            if (n < 0) {
                return body.toByteArray();
            }
            if (body.size() + (long) n > MAX_BODY) {
                throw new IOException("the answer's body is larger than " + (MAX_BODY >> 20) + " MiB");
            }
            body.write(buffer, 0, n);
        }
    }

    private static byte[] chunkedBody(InputStream in, Limit limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        while (true) {
            limit.headBytes = 0;
            String sizeLine = line(in, limit);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new IOException("a malformed chunk size in the answer: " + clip(sizeLine));
            }
            if (size == 0) {
                // Trailers, if any, then the empty line.
                for (String trailer = line(in, limit); !trailer.isEmpty(); trailer = line(in, limit)) {
                    // Nothing amc reads is sent as a trailer.
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new IOException("the answer's body is larger than " + (MAX_BODY >> 20) + " MiB");
            }
            body.write(exactly(in, size, limit));
            if (!line(in, limit).isEmpty()) {
                throw new IOException("a chunk of the answer does not end where its size says");
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
