package io.amsfleet.cli;

import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.JsonTree;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What a run that talks to the server needs and that does not depend on its arguments, done on
 * another thread — another core, where there is one — while the main thread has picocli read the
 * command line (docs/performance.md, section 5): the address and socket classes its first request
 * needs, and the JSON reader (jackson-core's parser refers to {@code BigDecimal}, whose class
 * initialiser computes 5^65536 since Java 24); and, for a command that starts operations or
 * streams a file ({@link StartsOperations}), the JDK's HTTP client for a plain http:// server,
 * which the run takes or closes. Every other command sends its requests without that client
 * (PlainHttp), so building it would only take a core from the main thread. Only the process's
 * own entry point starts it; everything here is safe to race with the main thread, which waits
 * where it needs a result the warm-up is still producing.
 */
final class Warmup implements Runnable {
    private final boolean streamingClient;

    private Warmup(boolean streamingClient) {
        this.streamingClient = streamingClient;
    }

    static void start(String[] args) {
        Thread t = new Thread(new Warmup(needsStreamingClient(args)), "amc-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the command the arguments name starts operations or streams a file. */
    static boolean needsStreamingClient(String[] args) {
        Class<?> command = CommandTree.named(args);
        return command != null && StartsOperations.class.isAssignableFrom(command);
    }

    @Override
    public void run() {
        try {
            if (streamingClient) {
                AmsClient.prepare();
            }
            // The first request resolves its address: InetAddress's initialiser reads the security
            // properties; a socket's first option loads the platform's socket classes.
            InetAddress.getLoopbackAddress();
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
            }
            JsonTree.read("{\"a\":[1,true,\"b\"]}".getBytes(StandardCharsets.UTF_8));
        } catch (Exception | LinkageError e) {
            // Nothing of it is needed: the main thread does the same work when it gets there.
        }
    }
}
