package io.amsfleet.cli;

import io.amsfleet.cli.client.AmsClient;
import io.amsfleet.cli.client.JsonTree;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * What every run that talks to the server needs and that does not depend on its arguments, done
 * on another thread — another core, where there is one — while the main thread has picocli read
 * the command line (docs/performance.md, section 5): the HTTP client for a plain http:// server,
 * which the run takes or closes, the address classes its first request needs, and the JSON
 * reader (jackson-core's parser refers to {@code BigDecimal}, whose class initialiser computes
 * 5^65536 since Java 24). The commands' annotations are not read at all where the build wrote
 * their models ({@link CommandModelWriter}), so their proxy classes are no longer made here.
 * Only the process's own entry point starts it; everything here is safe to race with the main
 * thread, which waits where it needs a result the warm-up is still producing.
 */
final class Warmup implements Runnable {
    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(new Warmup(), "amc-warmup");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            AmsClient.prepare();
            // The first request resolves its address: InetAddress's initialiser reads the security properties.
            InetAddress.getLoopbackAddress();
            JsonTree.read("{\"a\":[1,true,\"b\"]}".getBytes(StandardCharsets.UTF_8));
        } catch (Exception | LinkageError e) {
            // Nothing of it is needed: the main thread does the same work when it gets there.
        }
    }
}
