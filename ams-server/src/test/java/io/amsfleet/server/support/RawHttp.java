package io.amsfleet.server.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand, for what the JDK client cannot do on Java 17: send from a chosen loopback
 * address (127.0.0.2, …), so that limits per client address can be tested as two clients, or send
 * a request exactly as written (no Content-Type, say).
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** An answer: status, headers (lower-case names) and the body, parsed as JSON when it is. */
    public record Reply(int status, Map<String, String> headers, String body, JsonNode json) {
        public String reason() {
            return json == null ? null : json.path("metadata").path("reason").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * The head of an image upload ({@code POST /1.0/images/} of an image named {@code name}) that
     * declares {@code length} bytes, with {@code extraHeaders} ("Name: value" each) besides.
     */
    public static byte[] uploadHead(String token, String name, long length, String... extraHeaders) {
        StringBuilder head = new StringBuilder("POST /1.0/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/octet-stream\r\nX-AMS-Request: {\"name\":\"" + name + "\"}\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(length).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public static Reply send(String from, int port, String method, String path, Map<String, String> headers,
                             String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code head} (the request line and header lines, each ending in CRLF, without the
     * blank line) and {@code body} byte for byte, as another client would have written them.
     */
    public static Reply sendExactly(int port, String head, byte[] body) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            rest = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(rest)).readAllBytes();
        }
        String body = new String(rest, StandardCharsets.UTF_8);
        JsonNode json = null;
        if (body.startsWith("{")) {
            json = Api.JSON.readTree(body);
        }
        return new Reply(status, headers, body, json);
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(chunked);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r' && c != -1) {
                size.append((char) c);
            }
            in.read();
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.read();
            in.read();
        }
    }
}
