package io.amsfleet.server.tls;

import io.amsfleet.server.config.DataDirectory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.server.netty.ssl.CertificateProvidedSslBuilder;
import io.micronaut.http.server.netty.ssl.ServerSslBuilder;
import io.micronaut.http.ssl.ServerSslConfiguration;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import jakarta.inject.Singleton;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * HTTPS as AMS and LXD do it: the server presents its own certificate (generated on first start
 * under the data dir, or the operator's) and asks for a client certificate without requiring one.
 * Any client certificate completes the handshake; whether it is trusted is decided per request
 * against the trust store ({@code /1.0/certificates}), so that adding or removing a certificate
 * takes effect at once, on every process, without reloading TLS.
 */
@Singleton
@Replaces(CertificateProvidedSslBuilder.class)
@Requires(property = "micronaut.server.ssl.enabled", value = "true")
public class TrustingClientSslBuilder implements ServerSslBuilder {
    private final ServerSslConfiguration configuration;
    private final TlsSettings settings;
    private final DataDirectory dataDir;

    public TrustingClientSslBuilder(ServerSslConfiguration configuration, TlsSettings settings, DataDirectory dataDir) {
        this.configuration = configuration;
        this.settings = settings;
        this.dataDir = dataDir;
    }

    @Override
    public ServerSslConfiguration getSslConfiguration() {
        return configuration;
    }

    @Override
    public Optional<SslContext> build() {
        Path cert = settings.certificate() != null ? Path.of(settings.certificate())
                : dataDir.resolve("server.crt");
        Path key = settings.key() != null ? Path.of(settings.key()) : dataDir.resolve("server.key");
        ServerCertificate identity = ServerCertificate.loadOrCreate(cert, key);
        try {
            return Optional.of(SslContextBuilder.forServer(identity.key(), identity.certificate())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
