package io.amsfleet.cli.client;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.SecureRandom;

/**
 * The TLS context of a client that only ever speaks plain {@code http://}: one that refuses to
 * make TLS connections. The JDK's HTTP client builds the default TLS context eagerly, loading
 * the security providers and parsing the CA store, which is most of what a plain-http
 * {@code amc image list} would spend its time on. With an {@code https://} server address the
 * real default context is used instead.
 */
final class PlainHttpOnly extends SSLContextSpi {
    static SSLContext context() {
        return new SSLContext(new PlainHttpOnly(), null, "none") {
        };
    }

    private static UnsupportedOperationException noTls() {
        return new UnsupportedOperationException("TLS is not set up for a plain http:// server address");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        // Nothing to set up: this context makes no connections.
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw noTls();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        throw noTls();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        throw noTls();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        throw noTls();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return new SSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return new SSLParameters();
    }
}
