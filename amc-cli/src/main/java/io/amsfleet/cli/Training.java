package io.amsfleet.cli;

import io.amsfleet.cli.client.AmsClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The run that bin/amc records amc's class archive from (the AOT cache on Java 25 and later,
 * AppCDS on 17), once after each build: {@code amc image list} against a throwaway server of its
 * own on the loopback interface, whatever command the user happened to run first. Recorded from
 * the user's first command instead, the archive held what that command loaded: from {@code amc
 * --help}, it left {@code amc image list} half again as slow. Recorded from more commands (help,
 * every format, {@code image show}) it made {@code image list} slower too, since the JVM loads
 * every class of the archive as it starts (docs/performance.md, section 5). Nothing is printed
 * and nothing leaves the process.
 */
public final class Training {
    /** Two images, the fields amc reads (io.amsfleet.model.Image). */
    private static final String IMAGES = sync("[" + image("btavtegj1qm58qg7ru50", "alpha", true) + ","
            + image("btavtegj1qm58qg7ru5g", "beta", false) + "]");

    private Training() {
    }

    private static String sync(String metadata) {
        return "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"metadata\":" + metadata + "}";
    }

    private static String image(String id, String name, boolean isDefault) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"type\":\"container\",\"architecture\":\"x86_64\","
                + "\"default\":" + isDefault + ",\"immutable\":false,\"status\":\"active\",\"status_code\":4,"
                + "\"versions\":[{\"version\":0,\"size\":1048576,\"created_at\":1764547200,\"status\":\"active\","
                + "\"status_code\":4,\"fingerprint\":\"981bd7d21522b6601ca6713bec9b9474ef59076634bfde861711301915cbb9be\"}],"
                + "\"used_by\":[],\"blockers\":[]}";
    }

    public static void main(String[] args) throws IOException {
        // A socket and a canned answer rather than the JDK's HTTP server: every class the training
        // loads is in the archive, and the JVM loads all of them at each start.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer(server), "amc-training-server");
            answering.setDaemon(true);
            answering.start();
            run("http://127.0.0.1:" + server.getLocalPort());
        }
    }

    /** Answers each request with the image list, until the socket is closed. */
    private static void answer(ServerSocket server) {
        byte[] body = IMAGES.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                // The request's head ends with an empty line; it has no body.
                for (int seen = 0, b; seen < 4 && (b = in.read()) >= 0; ) {
                    seen = (b == '\r' || b == '\n') ? seen + 1 : 0;
                }
                OutputStream out = s.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // Closed at the end of the training, or a client gone: nothing to answer.
            }
        }
    }

    private static void run(String url) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        // As Environment.system() but silent; no home directory to read: every setting is on the command line.
        Environment env = new Environment(Map.of(), Path.of("/nonexistent-amc-training-home"),
                new BufferedReader(new InputStreamReader(InputStream.nullInputStream(), StandardCharsets.UTF_8)), discard, discard, false, false);
        try {
            // As a real run starts (Amc.main), so that the warm-up's classes are recorded too.
            String[] args = {"--url", url, "--token", "training", "image", "list"};
            Warmup.start(args);
            Amc.run(args, env);
        } finally {
            AmsClient.discardPrepared();
        }
    }
}
