package io.amsfleet.cli.client;

import io.amsfleet.cli.UsageError;
import io.amsfleet.cli.config.TlsFiles;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS context of an {@code https://} connection: the client certificate and key to present
 * (when given), and the server certificate to trust (when given; else the system's trust store).
 * Only built for https, so a plain-http run loads none of it (see {@link PlainHttpOnly}).
 */
final class TlsContext {
    /** Protects the in-memory key store only; it never reaches a disk. */
    private static final char[] IN_MEMORY = "amc".toCharArray();

    private TlsContext() {
    }

    static SSLContext of(TlsFiles files) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(files), trustManagers(files), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(TlsFiles files) throws GeneralSecurityException {
        if (!files.hasClientCertificate()) {
            return null;
        }
        List<X509Certificate> chain = Pem.certificates(files.certificate().path(), "the client certificate");
        PrivateKey key = Pem.privateKey(files.key().path(), "the private key", chain.get(0).getPublicKey());
        checkPair(chain.get(0), key, files);
        KeyStore store = emptyStore();
        store.setKeyEntry("amc", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    /** null: the JDK's default, the system's trust store. */
    private static TrustManager[] trustManagers(TlsFiles files) throws GeneralSecurityException {
        if (files.serverCertificate() == null) {
            return null;
        }
        KeyStore store = emptyStore();
        int i = 0;
        for (X509Certificate c : Pem.certificates(files.serverCertificate().path(), "the server certificate")) {
            store.setCertificateEntry("server-" + i++, c);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an empty in-memory key store cannot fail to load", e);
        }
        return store;
    }

    /**
     * A key that is not the certificate's would fail the handshake with a message about neither;
     * signing a few bytes with one and checking with the other says which files do not match.
     */
    private static void checkPair(X509Certificate certificate, PrivateKey key, TlsFiles files) {
        PublicKey publicKey = certificate.getPublicKey();
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        boolean matches;
        try {
            if (algorithm == null || !publicKey.getAlgorithm().equals(key.getAlgorithm())) {
                matches = false;
            } else {
                byte[] probe = "amc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(publicKey);
                verifier.update(probe);
                matches = verifier.verify(signature);
            }
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new UsageError("the private key " + files.key().path() + " (from " + files.key().source()
                    + ") is not the key of the client certificate " + files.certificate().path() + " (from "
                    + files.certificate().source() + ")");
        }
    }
}
