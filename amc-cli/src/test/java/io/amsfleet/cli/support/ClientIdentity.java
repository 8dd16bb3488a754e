package io.amsfleet.cli.support;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A client certificate and its private key, self-signed, written as the files a person gives
 * amc: the certificate in PEM, the key in PEM PKCS#8 (what {@code openssl genpkey} writes).
 */
public record ClientIdentity(Path certificate, Path key, X509Certificate x509, PrivateKey privateKey) {

    /** An ECDSA P-256 identity named {@code cn}, in {@code dir}. */
    public static ClientIdentity ec(Path dir, String cn) {
        return generate(dir, cn, "EC", 256, "SHA256withECDSA");
    }

    /** An RSA 2048 identity named {@code cn}, in {@code dir}. */
    public static ClientIdentity rsa(Path dir, String cn) {
        return generate(dir, cn, "RSA", 2048, "SHA256withRSA");
    }

    private static ClientIdentity generate(Path dir, String cn, String algorithm, int bits, String signature) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + cn);
            Instant now = Instant.now();
            X509Certificate x509 = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
            Path cert = dir.resolve(cn + ".crt");
            Path key = dir.resolve(cn + ".key");
            Files.writeString(cert, pem("CERTIFICATE", x509.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            return new ClientIdentity(cert, key, x509, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a test certificate", e);
        }
    }

    /**
     * The key again, in OpenSSL's traditional form: {@code RSA PRIVATE KEY} (PKCS#1), or
     * {@code EC PRIVATE KEY} (SEC 1) naming its curve, as {@code openssl ecparam -genkey} writes it.
     */
    public Path traditionalKey() {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKey.getEncoded());
            String pem;
            if (privateKey instanceof ECPrivateKey ec) {
                ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
                pem = pem("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), ec.getS(), curve).getEncoded());
            } else {
                pem = pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
            }
            return Files.writeString(key.resolveSibling(key.getFileName() + ".traditional"), pem,
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
