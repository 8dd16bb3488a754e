package io.amsfleet.cli.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * amc's plain-http exchange, against a socket that answers with bytes written here: the framings
 * a server may choose, and answers no AMS server sends (the real server is behind every other
 * amc test).
 */
class PlainHttpTest {
    private static final Duration SECONDS = Duration.ofSeconds(5);
    private ServerSocket server;
    /** What the server read of the request: its head and body, as text. */
    private final CompletableFuture<String> request = new CompletableFuture<>();

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A one-connection server that reads the request (head, then Content-Length bytes) and writes {@code answer}. */
    private URI answering(byte[] answer) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                request.complete(readRequest(s.getInputStream()));
                OutputStream out = s.getOutputStream();
                out.write(answer);
                out.flush();
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/1.0/images?recursion=1");
    }

    private URI answering(String answer) throws IOException {
        return answering(answer.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int seen = 0, b; seen < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            seen = (b == '\r' && (seen == 0 || seen == 2)) || (b == '\n' && (seen == 1 || seen == 3)) ? seen + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.toLowerCase().indexOf("content-length: ");
        if (at >= 0) {
            int length = Integer.parseInt(text.substring(at + 16, text.indexOf('\r', at)));
            text += new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        return text;
    }

    private static String text(PlainHttp.Answer a) {
        return new String(a.body(), StandardCharsets.UTF_8);
    }

    private static PlainHttp.Answer get(URI uri) throws IOException {
        return PlainHttp.exchange(uri, "GET", Map.of("Accept", "application/json"), null, SECONDS, SECONDS);
    }

    @Test
    void sendsTheRequestLineHostHeadersAndBody() throws Exception {
        URI uri = answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer t");
        headers.put("Content-Type", "application/json");
        PlainHttp.exchange(uri, "PATCH", headers, "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), SECONDS, SECONDS);
        String sent = request.get(5, TimeUnit.SECONDS);
        assertEquals("PATCH /1.0/images?recursion=1 HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort()
                + "\r\nConnection: close\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10\r\n\r\n{\"a\":\"é\"}", sent);
    }

    @Test
    void readsABodyByItsContentLength() throws IOException {
        PlainHttp.Answer a = get(answering("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                + "Content-Length: 5\r\n\r\nhello and what follows is not read"));
        assertEquals(404, a.status());
        assertEquals("hello", text(a));
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws IOException {
        PlainHttp.Answer a = get(answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=x\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: y\r\n\r\n"));
        assertEquals("hello world", text(a));
    }

    @Test
    void readsABodyThatEndsWithTheConnection() throws IOException {
        PlainHttp.Answer a = get(answering("HTTP/1.1 200 OK\r\n\r\nuntil the end"));
        assertEquals("until the end", text(a));
    }

    @Test
    void skipsInterimAnswersAndTakesBareLineFeeds() throws IOException {
        PlainHttp.Answer a = get(answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\nLink: x\n\n"
                + "HTTP/1.1 201\nContent-Length: 2\n\nok"));
        assertEquals(201, a.status());
        assertEquals("ok", text(a));
    }

    @Test
    void anAnswerThatIsNotHttpIsRefused() throws IOException {
        IOException e = assertThrows(IOException.class, () -> get(answering("SSH-2.0-OpenSSH_9.2\r\n\r\n")));
        assertEquals("not an HTTP/1.1 answer: SSH-2.0-OpenSSH_9.2", e.getMessage());
    }

    @Test
    void anAnswerCutShortIsRefused() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> get(answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")));
        assertEquals("the server closed the connection 5 bytes before the end of its answer", e.getMessage());
    }

    @Test
    void twoContentLengthsThatDisagreeAreRefused() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> get(answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")));
        assertEquals("two different Content-Length headers in the answer", e.getMessage());
    }

    @Test
    void aHeadLargerThanTheBoundIsRefused() throws IOException {
        String huge = "HTTP/1.1 200 OK\r\nX-Padding: " + "a".repeat(PlainHttp.MAX_HEAD) + "\r\n\r\n";
        IOException e = assertThrows(IOException.class, () -> get(answering(huge)));
        assertEquals("the answer's head is larger than 64 KiB", e.getMessage());
    }

    @Test
    void aBodyDeclaredLargerThanTheBoundIsRefusedBeforeItIsRead() throws IOException {
        IOException e = assertThrows(IOException.class, () -> get(answering("HTTP/1.1 200 OK\r\nContent-Length: "
                + (PlainHttp.MAX_BODY + 1) + "\r\n\r\n")));
        assertEquals("the answer's body is larger than 256 MiB", e.getMessage());
    }

    @Test
    void aChunkLargerThanTheBoundIsRefusedBeforeItIsRead() throws IOException {
        IOException e = assertThrows(IOException.class, () -> get(answering("HTTP/1.1 200 OK\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Long.toHexString(PlainHttp.MAX_BODY + 1) + "\r\n")));
        assertEquals("the answer's body is larger than 256 MiB", e.getMessage());
    }

    @Test
    void aHeaderValueWithALineBreakIsNotSent() throws IOException {
        URI uri = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThrows(IllegalArgumentException.class, () -> PlainHttp.exchange(uri, "GET",
                Map.of("Authorization", "Bearer t\r\nX-Injected: 1"), null, SECONDS, SECONDS));
    }

    @Test
    void aServerThatTricklesItsAnswerTimesOutAtTheWholeExchangesDeadline() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                readRequest(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
                // One header byte every 100 ms: no read waits long, the whole never ends.
                for (int i = 0; i < 100; i++) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });
        t.setDaemon(true);
        t.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/1.0");
        long start = System.nanoTime();
        assertThrows(HttpTimeoutException.class,
                () -> PlainHttp.exchange(uri, "GET", Map.of(), null, SECONDS, Duration.ofMillis(700)));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < 5000, "gave up after " + took + " ms, not at the exchange's deadline");
    }

    @Test
    void anIpv6LiteralIsConnectedToAndNamedInTheHostHeader() throws Exception {
        ServerSocket bound;
        try {
            bound = new ServerSocket(0, 1, InetAddress.getByName("::1"));
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback on this machine: " + e.getMessage());
            return;
        }
        try (ServerSocket s6 = bound) {
            CompletableFuture<String> head = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try (Socket s = s6.accept()) {
                    head.complete(readRequest(s.getInputStream()));
                    s.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    head.completeExceptionally(e);
                }
            });
            t.setDaemon(true);
            t.start();
            PlainHttp.Answer a = get(URI.create("http://[::1]:" + s6.getLocalPort() + "/1.0"));
            assertEquals(204, a.status());
            assertArrayEquals(new byte[0], a.body());
            assertTrue(head.get(5, TimeUnit.SECONDS).contains("\r\nHost: [::1]:" + s6.getLocalPort() + "\r\n"));
        }
    }
}
