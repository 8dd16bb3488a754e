package io.amsfleet.cli.config;

import java.nio.file.Path;

/**
 * The files of an {@code https://} connection: the client certificate and its key, which the
 * server authenticates when the certificate is in its trust store, and the server certificate to
 * trust (for a server with a self-signed certificate, as the AMS server generates); each null
 * when not set. Without a server certificate the system's trust store decides.
 */
public record TlsFiles(Setting certificate, Setting key, Setting serverCertificate) {
    /** Plain http: nothing to load. */
    public static final TlsFiles NONE = new TlsFiles(null, null, null);

    /** A file and where it was named ({@code --cert}, {@code AMC_CERT}, the config file's path). */
    public record Setting(Path path, String source) {
    }

    public boolean hasClientCertificate() {
        return certificate != null;
    }
}
